"""The documentation site's generated pages (`make docs`; MkDocs calls
warehouse.serve.mkdocs_hooks).
Nothing here is typed twice: a mart's page comes from dbt's manifest (the models' yml: grain,
columns, types, descriptions, tests, constraints, unit tests), the lineage and registry (the
sources it is built from and their licences), the Great Expectations suites that guard it, and
the published warehouse (its row count, when one is built); the source, suite, licence and
knob lists are generated blocks (`<!-- generated:<name> -->`) filled from the registry, the
suites, the lineage and the knobs' seed; the cookbook is docs/cookbook.yml. A new mart gets
its page with no change here."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from expectations.run import load_suites
from expectations.summary import check_text, suite_lines
from ingest.generate import source_lines
from ingest.paths import REPO_ROOT
from ingest.registry import Source, load_registry
from warehouse.errors import SiteError
from warehouse.knobs import knob_lines
from warehouse.publish.catalog import sources as described_sources
from warehouse.publish.lineage import OWN, Manifest, licence_lines
from warehouse.units import unit_of

MARTS_DIR = "models/marts/"
COOKBOOK = REPO_ROOT / "docs" / "cookbook.yml"
NOTES = REPO_ROOT / "docs" / "notes"  # hand-written pages on the marts: rules, caveats
DICTIONARY, RECIPES = "dictionary", "cookbook"  # folders of the generated pages
BLOCK = re.compile(r"<!--\s*generated:(\w+)\s*-->")


@dataclass
class Mart:
    name: str
    domain: str  # the folder under models/marts (grid, dc, ai...)
    node: dict

    @property
    def page(self) -> str:
        return f"{DICTIONARY}/{self.name}.md"


class Project:
    """What the pages are made of: dbt's manifest, the suites, the sources' registry and,
    when one is built, the published warehouse."""

    def __init__(self, manifest: Path, warehouse: Path | None):
        if not manifest.is_file():
            raise SiteError(f"no dbt manifest at {manifest}: run `make docs` (it runs dbt first)")
        self.doc = json.loads(manifest.read_text())
        self.manifest = Manifest(manifest)
        self.suites = load_suites()
        self.sources = described_sources()
        self.registry = load_registry()
        self.rows, self.data_version = _published_rows(warehouse)

    def marts(self) -> list[Mart]:
        found = [
            Mart(n["name"], n["original_file_path"].removeprefix(MARTS_DIR).split("/")[0], n)
            for n in self.manifest.models.values()
            if n["original_file_path"].startswith(MARTS_DIR)
        ]
        return sorted(found, key=lambda m: (m.domain, m.name))

    def unit_tests(self, mart: Mart) -> list[dict]:
        tests = self.doc.get("unit_tests", {}).values()
        return sorted((t for t in tests if t["model"] == mart.name), key=lambda t: t["name"])

    def data_tests(self, mart: Mart) -> list[dict]:
        """The tests dbt runs on the mart: generic ones attached to it, and singular tests
        (tests/dbt/) that read it. Tests of other models that point at it are theirs."""
        uid = mart.node["unique_id"]
        own = [
            t
            for t in self.manifest.tests
            if uid in t["depends_on"]["nodes"] and t.get("attached_node") in (uid, None)
        ]
        return sorted(own, key=lambda t: (t.get("test_metadata") is None, t["name"]))


def _published_rows(warehouse: Path | None) -> tuple[dict[str, int], str | None]:
    """Each marts table's row count in the published warehouse, and its data version."""
    if warehouse is None or not warehouse.is_file():
        return {}, None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
        rows = {
            name: con.execute(f'select count(*) from marts."{name}"').fetchall()[0][0]
            for name, _ in tables
        }
        version = None
        if "dim_build" in rows:
            version = con.execute("select max(data_version) from marts.dim_build").fetchall()[0][0]
    return rows, version


# The pages.


def mart_page(project: Project, mart: Mart) -> str:
    node = mart.node
    grain = project.manifest.grain(mart.name)
    lines = [
        f"# `{mart.name}`",
        "",
        _one_line(node.get("description", "")),
        "",
        f"- **Grain**: one row per {', '.join(f'`{c}`' for c in grain) or 'row (no key tested)'}",
        f"- **Rows**: {_rows(project, mart.name)}",
        f"- **Table**: `marts.{mart.name}` in `warehouse.duckdb`, "
        f"`exports/parquet/{mart.name}.parquet`, `exports/csv/{mart.name}.csv`",
        f"- **Model**: `{node['original_file_path']}`{_described_in(node)}",
        f"- **Reads**: {_parents(node)}",
        *(f"- **More**: [{title}](../{uri})" for title, uri in notes(mart.name)),
        "",
        "## Columns",
        "",
        "| column | type | unit | description | constraints |",
        "|---|---|---|---|---|",
    ]
    for name, column in node["columns"].items():
        lines.append(
            f"| `{name}` | {column.get('data_type') or ''} | {unit_of(name) or ''} | "
            f"{_cell(column.get('description', ''))} | {_constraints(column)} |"
        )
    lines += ["", "## Built from", "", *_built_from(project, mart), "", "## Checks", ""]
    lines += _checks(project, mart)
    return "\n".join(lines) + "\n"


def _rows(project: Project, name: str) -> str:
    if project.data_version is None:
        return "no published warehouse was found when this page was built (`make build`)"
    if name not in project.rows:
        return f"not in the published warehouse (data version {project.data_version}) yet"
    version = project.data_version
    return f"{project.rows[name]:,} in the published warehouse (data version {version})"


def notes(mart: str, folder: Path = NOTES) -> list[tuple[str, str]]:
    """The hand-written notes on a mart: each heading of docs/notes/*.md that names it, as
    (its text, the page and anchor MkDocs gives it)."""
    from markdown.extensions.toc import slugify

    found = []
    for path in sorted(folder.glob("*.md")):
        for level, heading in re.findall(r"^(#+) (.*)$", path.read_text(), re.M):
            if f"`{mart}`" in heading:
                text = heading.replace("`", "")
                anchor = "" if level == "#" else f"#{slugify(text, '-')}"
                found.append((text, f"notes/{path.name}{anchor}"))
    return found


def _described_in(node: dict) -> str:
    yml = (node.get("patch_path") or "").split("://", 1)[-1]
    return f", described in `{yml}`" if yml else ""


def _parents(node: dict) -> str:
    names = [uid.split(".")[-1] for uid in node["depends_on"]["nodes"]]
    return ", ".join(f"`{n}`" for n in sorted(names)) or "nothing (a model of constants)"


def _constraints(column: dict) -> str:
    words = {"not_null": "not null", "primary_key": "primary key", "unique": "unique"}
    found = []
    for c in column.get("constraints", []):
        found.append(f"check `{c['expression']}`" if c["type"] == "check" else words[c["type"]])
    return ", ".join(found)


def _built_from(project: Project, mart: Mart) -> list[str]:
    """The sources upstream of the mart (the lineage of the licence list), with their terms."""
    parts = sorted(project.manifest.upstream(mart.name), key=lambda n: (n in OWN, n))
    if not parts:
        return ["No source: the model computes its rows itself."]
    lines = ["| source | publisher | vintage | licence |", "|---|---|---|---|"]
    for name in parts:
        s = project.sources[name]
        if name in OWN:
            lines.append(f"| {OWN[name].split(':')[0]} | this project | | MIT |")
            continue
        lines.append(
            f"| [`{name}`](../sources.md#{name}): {s['title']} | {s['publisher']} | "
            f"{s['vintage']} | {s['licence']} |"
        )
    terms = "The table inherits the terms of every source above ([Licences](../licences.md))."
    lines += ["", terms]
    return lines


def _checks(project: Project, mart: Mart) -> list[str]:
    node = mart.node
    contract = node.get("contract", {}).get("enforced")
    lines = [
        "What a build checks before it publishes this table: a failing check stops the build "
        "and leaves the published warehouse as it was ([Validation](../validation.md)).",
        "",
        f"- **Contract**: {'enforced' if contract else 'not enforced'}"
        + (": the column names and types above, and their constraints" if contract else ""),
    ]
    lines += [f"- **Constraint**: {_constraint_text(c)}" for c in node.get("constraints", [])]
    tests = project.data_tests(mart)
    lines += ["", f"### dbt tests ({len(tests)})", ""]
    lines += [f"- {_test_text(t)}" for t in tests] or ["None."]
    units = project.unit_tests(mart)
    if units:
        lines += ["", f"### dbt unit tests ({len(units)})", ""]
        lines += [f"- `{t['name']}`: {_one_line(t.get('description') or '')}" for t in units]
    suites = [s for s in project.suites if s.mart == mart.name]
    lines += ["", f"### Great Expectations suites ({len(suites)})", ""]
    for suite in suites:
        lines += [f"**`expectations/suites/{suite.name}.json`**: {suite.why}", ""]
        lines += [_expectation_text(e) for e in suite.expectations] + [""]
    if not suites:
        lines.append("None.")
    return lines


def _constraint_text(constraint: dict) -> str:
    """A model-level constraint: `check `<expression>``, or its kind and columns."""
    if constraint["type"] == "check":
        return f"check `{constraint['expression']}`"
    columns = ", ".join(f"`{c}`" for c in constraint.get("columns") or [])
    return constraint["type"].replace("_", " ") + (f" ({columns})" if columns else "")


def _test_text(test: dict) -> str:
    meta = test.get("test_metadata")
    if meta is None:  # a singular test: its SQL file says what it checks
        text = _one_line(test.get("description") or "")
        return f"`{test['original_file_path']}`" + (f": {text}" if text else "")
    kwargs = {k: v for k, v in meta["kwargs"].items() if k not in ("model", "column_name")}
    column = meta["kwargs"].get("column_name")
    if meta["name"] == "row_checks":
        kwargs = _row_checks_args(kwargs)
    args = "; ".join(f"{k} {_value(v)}" for k, v in kwargs.items())
    where = test["config"].get("where")
    return (
        f"`{meta['name']}`"
        + (f" on `{column}`" if column else "")
        + (f": {args}" if args else "")
        + (f" (where `{where}`)" if where else "")
    )


def _row_checks_args(kwargs: dict) -> dict[str, list[str]]:
    """A row_checks test's arguments as words: grain, required columns, each reference as
    `column in table.field`, each range as `column in [min, max]` (parentheses for bounds
    left out or not inclusive), each list as `column in {a, b}`, and each expression."""
    references = []
    for r in kwargs.get("references") or []:
        table = re.sub(r"^\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*$", r"\1", str(r["to"]))
        references.append(f"{r['column']} in {table}.{r['field']}")
    found = {
        "unique": kwargs.get("unique"),
        "not null": kwargs.get("not_null"),
        "references": references,
        "ranges": [f"{r['column']} in {_interval(r)}" for r in kwargs.get("ranges") or []],
        "accepted values": [_accepted(a) for a in kwargs.get("accepted_values") or []],
        "expressions": [" ".join(e.split()) for e in kwargs.get("expressions") or []],
    }
    return {k: v for k, v in found.items() if v}


def _interval(bounds: dict) -> str:
    """`[0, 1]`, `(0, inf)`...: a range's bounds as an interval (row_checks says it so too)."""
    low, high = bounds.get("min_value"), bounds.get("max_value")
    inclusive = bounds.get("inclusive", True)
    left = "(-inf" if low is None else ("[" if inclusive else "(") + str(low)
    right = "inf)" if high is None else str(high) + ("]" if inclusive else ")")
    return f"{left}, {right}"


def _accepted(accepted: dict) -> str:
    """`column in {a, b}`; values from a macro (a Jinja string) as written."""
    values = accepted["values"]
    listed = f"{{{', '.join(map(str, values))}}}" if isinstance(values, list) else values
    return f"{accepted['column']} in {listed}"


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _expectation_text(expectation: dict) -> str:
    why = (expectation.get("meta") or {}).get("why", "")
    return f"- {check_text(expectation)}" + (f": {_one_line(why)}" if why else "")


def dictionary_index(project: Project) -> str:
    lines = [
        "# Data dictionary",
        "",
        "One page per mart, generated from the models' yml and dbt's manifest: grain, columns "
        "with type, unit and description, the sources each is built from with their licences, "
        "the checks that guard it, and its row count in the published warehouse. Column names "
        "end in their unit (`_twh`, `_gco2e_per_kwh`, `_frac` for a 0-1 share). dbt's own "
        "documentation, with the lineage graph of every model, is [dbt's docs](../dbt/index.html).",
        "",
    ]
    for domain, marts in _by_domain(project.marts()).items():
        lines += [f"## {domain}", "", "| mart | grain | rows | what |", "|---|---|---|---|"]
        for mart in marts:
            grain = ", ".join(f"`{c}`" for c in project.manifest.grain(mart.name))
            rows = f"{project.rows[mart.name]:,}" if mart.name in project.rows else ""
            first = _first_sentence(mart.node.get("description", ""))
            lines.append(f"| [`{mart.name}`]({mart.name}.md) | {grain} | {rows} | {first} |")
        lines.append("")
    return "\n".join(lines)


def _by_domain(marts: list[Mart]) -> dict[str, list[Mart]]:
    grouped: dict[str, list[Mart]] = {}
    for mart in marts:
        grouped.setdefault(mart.domain, []).append(mart)
    return grouped


# The cookbook.


@dataclass
class Recipe:
    id: str
    question: str
    sql: str
    topic: str
    note: str = ""
    mirror: bool = False  # returns rows on the publishers' files, not on the test fixtures


@dataclass
class Topic:
    id: str
    title: str
    intro: str
    recipes: list[Recipe]

    @property
    def page(self) -> str:
        return f"{RECIPES}/{self.id}.md"


def cookbook(path: Path = COOKBOOK) -> list[Topic]:
    doc = yaml.safe_load(path.read_text())
    return [
        Topic(
            t["id"],
            t["title"],
            t.get("intro", ""),
            [
                Recipe(
                    q["id"],
                    q["question"],
                    q["sql"].strip(),
                    t["id"],
                    q.get("note", ""),
                    q.get("mirror", False),
                )
                for q in t["queries"]
            ],
        )
        for t in doc["topics"]
    ]


def topic_page(topic: Topic) -> str:
    lines = [f"# {topic.title}", "", _one_line(topic.intro), ""]
    for recipe in topic.recipes:
        lines += [f"## {recipe.question}", ""]
        if recipe.note:
            lines += [_one_line(recipe.note), ""]
        lines += ["```sql", recipe.sql, "```", ""]
    return "\n".join(lines)


def cookbook_index(topics: list[Topic]) -> str:
    lines = [
        "# Cookbook",
        "",
        "Questions the public debate asks, answered by one query each against "
        '`warehouse.duckdb` (open it read-only: `.venv/bin/python -m warehouse query "..."`, '
        "or `duckdb.connect('warehouse.duckdb', read_only=True)` in Python). Every query here is "
        "run by the tests against a build (`tests/test_docs.py`), so it works on the tables as "
        "they are; add one to `docs/cookbook.yml`.",
        "",
        "| topic | questions |",
        "|---|---|",
    ]
    for topic in topics:
        lines.append(f"| [{topic.title}]({topic.id}.md) | {len(topic.recipes)} |")
    return "\n".join(lines) + "\n"


# Generated blocks inside hand-written pages: <!-- generated:<name> -->.


def blocks(
    manifest: Manifest | None = None, registry: dict[str, Source] | None = None
) -> dict[str, Callable[[], str]]:
    """The generated blocks; the licence list needs dbt's manifest (its lineage)."""
    registry = registry or load_registry()

    def licences() -> str:
        if manifest is None:
            raise SiteError("the licence list needs dbt's manifest: run `make docs`")
        return "\n".join(licence_lines(manifest, registry))

    return {
        "sources": lambda: "\n".join(source_lines(registry)),
        "suites": lambda: "\n".join(suite_lines()),
        "licences": licences,
        "knobs": lambda: "\n".join(knob_lines()),
    }


def fill_blocks(markdown: str, page: str, render: dict) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in render:
            raise SiteError(f"{page}: no generated block named {name!r} ({', '.join(render)})")
        return render[name]()

    return BLOCK.sub(replace, markdown)


# Text helpers.


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _first_sentence(text: str) -> str:
    text = _one_line(text)
    end = re.search(r"(?<=[a-z0-9)])[.:;] ", text)
    return _cell(text[: end.start() + 1] if end else text)
