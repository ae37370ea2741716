"""Storage: the database file, its schema and migrations, backups and the audit log."""
