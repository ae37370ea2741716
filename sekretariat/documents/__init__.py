"""Documents the forum sends out: summons, decision minutes, calendar files, lists and templates."""
