"""Errors that reach users. Their message is one clear Norwegian sentence."""


class UserError(Exception):
    """A mistake the user can fix; shown as-is, never with a traceback."""


class DatabaseRefused(UserError):
    """The database file cannot be used (not a database, newer version, foreign file)."""


class ImportRefused(UserError):
    """An exchange file was refused as a whole; nothing was imported."""


class RuleViolation(UserError):
    """A domain rule (quota, eligibility, overlap, deadline) would be broken."""
