"""The SQL store: tables, repositories, unit of work and migrations (SQLAlchemy 2, SQLite or PostgreSQL)."""
