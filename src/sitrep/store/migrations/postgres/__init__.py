"""Schema steps of the PostgreSQL store (`NNNN_name.sql`), numbered and meaning as the SQLite ones."""
