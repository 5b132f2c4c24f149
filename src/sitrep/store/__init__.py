"""Keeping records: what both stores share (`base`), the SQLite store (`sqlite`), the PostgreSQL store
(`postgres`), the choice between them from a `--db` value (`opening`) and the schema steps of each
(`migrations`).

It may import the root modules only: a store holds records, it does not make them.
"""
