"""sitrep: a sourced, reconciled record of what happened, from news reports about armed conflict."""

__version__ = "0.1.0"
