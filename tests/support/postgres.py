"""Placeholder: the storage owner replaces this with a real PostgreSQL server fixture."""
