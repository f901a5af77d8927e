"""Full-text search: a whoosh index derived from the database (a rebuildable cache)."""
