"""Storage: SQLAlchemy models, the unit of work and Alembic migrations."""
