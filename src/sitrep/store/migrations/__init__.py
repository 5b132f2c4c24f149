"""Numbered schema migrations for `sitrep.store.sqlite`, applied in order when a store is opened.

Each step is a file `NNNN_name.sql` (NNNN counts up from 0001 with no gaps). A step runs in
one transaction that also sets `PRAGMA user_version` to NNNN, so a store is always at exactly
one version. Never edit a step that has been released: add a new one.
"""
