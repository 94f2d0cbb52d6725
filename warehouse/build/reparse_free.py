"""python -m warehouse.build.reparse_free PARSE_VARS [DBT_ARGS...]: dbt's parse of the project
with PARSE_VARS (the vars its saved parse was made with, so dbt's partial parsing holds and the
parse takes a second or two), then DBT_ARGS run on that parse, through dbt's programmatic API
(dbtRunner with a parsed manifest, which dbt documents for reuse). Without DBT_ARGS it reads
them, once parsed, from its standard input (one JSON list; an empty line or none: nothing to
run): `make build` starts it as ingest starts (warehouse.build.dbt.dbt_ahead), so that dbt's
import and parse use the second core while ingest lands. Exit 3: the parse failed. Its database
closed, it exits without the interpreter's teardown (warehouse/quick_exit.py).

Why: dbt parses the whole project again (about 12 s here) whenever --vars differ from those of
its saved parse, although this project reads vars only in model SQL, which dbt renders again
for the run with the run's own --vars. A rebuild after a knob changed runs in a few seconds
this way. The rebuild test (tests/test_rebuild.py) checks that it publishes the same bytes
as a full build of the same knobs."""

import json
import os
import sys
from pathlib import Path

PARSE_FAILED = 3


def main(argv: list[str]) -> int:
    from dbt.cli.main import dbtRunner  # dbt loads only here
    from dbt.contracts.graph.manifest import Manifest

    parse_vars, *args = argv
    quiet = ["--quiet", "--no-use-colors"]
    vars_ = ["--vars", parse_vars] if parse_vars else []
    parsed = dbtRunner().invoke(["parse", *quiet, "--no-write-json", *vars_])  # the run writes it
    if not parsed.success or not isinstance(parsed.result, Manifest):
        print(f"dbt parse failed: {parsed.exception}", file=sys.stderr)
        return PARSE_FAILED
    if not args and not (args := json.loads(sys.stdin.readline().strip() or "[]")):
        return 0
    done = dbtRunner(manifest=parsed.result).invoke(args)
    if done.exception:
        print(f"dbt failed: {done.exception}", file=sys.stderr)
        return 2
    return 0 if done.success else 1


if __name__ == "__main__":
    from warehouse.quick_exit import quick_exit

    quick_exit(main(sys.argv[1:]), database=Path(os.environ.get("BUILD_DB", "target/build.duckdb")))
