"""How the build speaks: one line at a time on stderr (stdout is dbt's and the queries')."""

import sys


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
