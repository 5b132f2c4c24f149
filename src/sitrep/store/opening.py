"""Open the store a `--db` value names: a PostgreSQL URL or an SQLite file.

    open_store("conflict.db")                          # sitrep.store.sqlite.Store (SQLite)
    open_store("postgresql://sitrep@db.example.org/sitrep")  # sitrep.store.postgres.PostgresStore

Both offer the same methods with the same results.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeGuard

from ..errors import MissingExtra
from .base import StoreBase
from .sqlite import Store

AnyStore: TypeAlias = StoreBase
"""Either store: what `open_store` gives, typed by the interface both share."""

__all__ = ["AnyStore", "is_postgres_url", "is_store", "open_store"]

_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: str) -> bool:
    """True if `db` names a PostgreSQL database (`postgresql://…` or `postgres://…`)."""
    return str(db).lower().startswith(_SCHEMES)


def open_store(db: str, **options: Any) -> AnyStore:
    """A `PostgresStore` for a `postgresql://` or `postgres://` URL, else an SQLite `Store`.

    `options` (`timeout`, `threads`) are passed on to the store.
    """
    if not is_postgres_url(db):
        return Store(db, **options)
    try:  # inside: psycopg is an extra (pip install 'sitrep[postgres]'), needed for a PostgreSQL URL only
        from .postgres import PostgresStore
    except ImportError as exc:
        raise MissingExtra("a PostgreSQL store", "postgres", exc) from exc
    return PostgresStore(db, **options)


def is_store(value: object) -> TypeGuard[StoreBase]:
    """True if `value` is a store object (rather than a function that opens one)."""
    return isinstance(value, StoreBase)
