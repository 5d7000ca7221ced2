"""Database backend for the embedded default: PostgreSQL, started on first connection."""
