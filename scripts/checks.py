"""What the data checks of this folder share: each prints its problems, then a summary, and exits
with 1 on any problem (0 when there is none)."""

from __future__ import annotations


def report(problems: list[str], summary: str) -> int:
    """Print `problems` one a line and `summary` with their count; the exit status to give."""
    for line in problems:
        print(line)
    print(f"{summary}, {len(problems)} problems")
    return 1 if problems else 0
