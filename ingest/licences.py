"""Which licence each published table inherits: the licence list of the documentation site
(docs/licences.md, filled by warehouse.serve.site when `make docs` builds it) and the catalog's,
generated from the models' lineage (their `ref()` and `source()` calls, and those in the macros
they call) and the registry's licences, so a new mart or a new source changes it without anyone
retyping it. tests/test_licences.py checks this lineage against dbt's own."""

import re
from functools import cache
from pathlib import Path

from ingest.paths import REPO_ROOT, SEEDS_DIR
from ingest.registry import Source

MODELS_DIR = REPO_ROOT / "models"
MACROS_DIR = REPO_ROOT / "macros"
_REF = re.compile(r"""\bref\(\s*['"](\w+)['"]\s*\)""")
_SOURCE = re.compile(r"""\bsource\(\s*['"](\w+)['"]\s*,""")
_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\((.*?)\{%-?\s*endmacro", re.S)
SEEDS = "seeds"  # the reference tables, each row citing where it comes from
OWN = {  # this project's own compilations, under the code's licence
    SEEDS: "reference seeds (each row cited): MIT, this project",
    "ingest": "ingest manifests (facts about the sources): MIT, this project",
}


@cache
def _models() -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted(MODELS_DIR.rglob("*.sql"))}


@cache
def _macros() -> dict[str, str]:
    """Macro name -> its body, for the project's own macros."""
    return {
        name: body
        for path in sorted(MACROS_DIR.rglob("*.sql"))
        for name, body in _MACRO.findall(path.read_text())
    }


_CALL = re.compile(r"\b(\w+)\s*\(")


def _expanded(sql: str) -> str:
    """The SQL with the body of every project macro it calls (and they call) appended."""
    macros = _macros()
    seen: set[str] = set()
    todo = [sql]
    while todo:
        called = set(_CALL.findall(todo.pop())) & macros.keys()
        todo += [macros[name] for name in called - seen]
        seen |= called
    return sql + "".join(macros[n] for n in sorted(seen))


@cache
def _reads(model: str) -> tuple[frozenset[str], frozenset[str]]:
    """The sources and the models or seeds one model's SQL (its macros' too) names."""
    sql = _expanded(_models().get(model, ""))
    return frozenset(_SOURCE.findall(sql)), frozenset(_REF.findall(sql))


def upstream(model: str) -> frozenset[str]:
    """The registry sources, `ingest` (the manifests) and SEEDS a model reads, through every
    model it refers to."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = [model]
    seeds = {p.stem for p in SEEDS_DIR.glob("*.csv")}
    while todo:
        sources, refs = _reads(todo.pop())
        found |= sources
        for ref in refs:
            if ref in seeds:
                found.add(SEEDS)
            elif ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return frozenset(found)


def published_tables() -> list[tuple[str, Path]]:
    """The tables in warehouse.duckdb: the marts (fct_, dim_, the report's rpt_; not the
    ephemeral warehouse_values), and the seeds (schema `reference`)."""
    published = ("fct_", "dim_", "rpt_")
    marts = sorted(
        (p for p in MODELS_DIR.glob("marts/**/*.sql") if p.stem.startswith(published)),
        key=lambda p: p.stem,
    )
    seeds = sorted(SEEDS_DIR.glob("*.csv"))
    return [(f"marts.{p.stem}", p) for p in marts] + [(f"reference.{p.stem}", p) for p in seeds]


def terms(name: str, registry: dict[str, Source]) -> str:
    return OWN[name] if name in OWN else f"`{name}`: {registry[name].licence}"


def licence_lines(registry: dict[str, Source]) -> list[str]:
    lines = ["| published table | inherits the terms of |", "|---|---|"]
    for table, path in published_tables():
        parts = upstream(path.stem) if path.suffix == ".sql" else {SEEDS}
        ordered = sorted(parts, key=lambda n: (n in OWN, n))  # the publishers' terms first
        lines.append(f"| `{table}` | {'<br>'.join(terms(n, registry) for n in ordered)} |")
    return lines
