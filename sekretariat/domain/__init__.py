"""The forum's domain: the rules of seats, terms, meetings, minutes, needs reports and allocation."""
