"""What the exports say about themselves: catalog.json, a Frictionless datapackage.json and a
CITATION.cff, generated, never typed. Descriptions are the warehouse's own comments (dbt's
persist_docs writes them from the models' docs, so they are the dbt docs); types come from the
warehouse's catalog; grain and the sources a table is built from (so the terms it inherits)
from dbt's manifest (warehouse.publish.lineage, which the site's licence list is made from)
and the sources' registry; units from the column-name suffixes."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.registry import Source, load_registry
from warehouse.publish.lineage import OWN, Manifest
from warehouse.units import unit_of

PACKAGE_NAME = "ai-energy-warehouse"
TITLE = "AI energy warehouse: electricity use of AI and data centres"

# Licence terms recognised in the registry's words: (words, Open Definition / SPDX id, URL).
KNOWN_LICENCES = (
    ("ODbL", "ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    ("CC BY 4.0", "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("Apache-2.0", "Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
    ("MIT", "MIT", "https://opensource.org/license/mit"),
    ("Public domain", "other-pd", "https://www.usa.gov/government-copyright"),
)
SHARE_ALIKE = (
    "SHARE-ALIKE (ODbL 1.0): a database you make from these rows, and this warehouse's tables "
    "that hold them, must be offered under the ODbL too, with attribution to the publisher."
)
UNCLEAR = (
    "UNCLEAR TERMS: the publisher states no open-data licence for these figures. Attribute "
    "the publisher, and check with it before you redistribute them."
)


@dataclass
class Table:
    """One exported table: what the warehouse and dbt's manifest say about it."""

    name: str
    description: str
    columns: list[dict]
    grain: list[str]
    sources: list[str]  # registry ids, and lineage.OWN's names for our compilations
    rows: int = 0
    files: dict[str, dict] = field(default_factory=dict)  # format -> path, bytes, sha256

    @property
    def kind(self) -> str:
        return {"fct": "fact", "dim": "dimension"}.get(self.name.split("_")[0], "table")

    @property
    def content_sha256(self) -> str:
        """The CSV is the canonical content: Parquet bytes also name the writer's version."""
        return self.files["csv"]["sha256"]


def describe_tables(con, schema: str, names: list[str], manifest: Manifest) -> list[Table]:
    """The tables as the warehouse holds them (types, comments), with grain and lineage."""
    comments = dict(
        con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = ?", [schema]
        ).fetchall()
    )
    tables = []
    for name in names:
        columns = [
            {"name": c, "type": t, "unit": unit_of(c), "description": (d or "").strip()}
            for c, t, d in con.execute(
                """select column_name, data_type, comment from duckdb_columns()
                where schema_name = ? and table_name = ? order by column_index""",
                [schema, name],
            ).fetchall()
        ]
        tables.append(
            Table(
                name=name,
                description=(comments.get(name) or "").strip(),
                columns=columns,
                grain=manifest.grain(name) or _primary_key(con, schema, name),
                sources=sorted(manifest.upstream(name), key=lambda n: (n in OWN, n)),
            )
        )
    return tables


def _primary_key(con, schema: str, name: str) -> list[str]:
    """The grain of a table the build writes itself (validation_results): its primary key."""
    keys = con.execute(
        """select constraint_column_names from duckdb_constraints()
        where schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'""",
        [schema, name],
    ).fetchall()
    return list(keys[0][0]) if keys else []


def licence_terms(licence: str, homepage: str | None) -> dict:
    """A Data Package licence entry for the registry's licence text, with what it asks of a
    re-user said plainly where it asks more than attribution or is unclear."""
    text = licence.strip()
    known = [(name, url) for words, name, url in KNOWN_LICENCES if text.startswith(words)]
    entry = {"title": text, "path": known[0][1] if known else homepage}
    if known:
        entry["name"] = known[0][0]
    if "ODbL" in text:
        entry["title"] = f"{text}. {SHARE_ALIKE}"
    elif text.lower().startswith("unclear"):
        entry["title"] = f"{text}. {UNCLEAR}"
    return entry


def sources() -> dict[str, dict]:
    """Every source in the registry, and this project's own compilations, as the exports
    describe them: who publishes it, which vintage, and its terms."""
    described = {name: _own(name, text) for name, text in OWN.items()}
    for source in load_registry().values():
        described[source.id] = _registered(source)
    return described


def _registered(source: Source) -> dict:
    return {
        "source": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "vintage": source.vintage,
        "homepage": source.homepage,
        "licence": source.licence,
        "licence_terms": licence_terms(source.licence, source.homepage),
    }


def _own(name: str, text: str) -> dict:
    """This project's compilations, under the code's licence."""
    return {
        "source": name,
        "licence": text,
        "licence_terms": {**licence_terms("MIT", None), "title": text},
    }


def catalog(tables: list[Table], sources: dict[str, dict], build: dict) -> dict:
    return {
        "name": PACKAGE_NAME,
        "title": TITLE,
        **build,
        "tables": [
            {
                "name": t.name,
                "kind": t.kind,
                "description": t.description,
                "grain": t.grain,
                "row_count": t.rows,
                "content_sha256": t.content_sha256,
                "files": t.files,
                "columns": t.columns,
                "sources": [sources[s] for s in t.sources],
            }
            for t in tables
        ],
        "sources": list(sources.values()),
    }


FRICTIONLESS_TYPES = (  # DuckDB type prefix -> Table Schema type
    ("TIMESTAMP", "datetime"),
    ("DATE", "date"),
    ("TIME", "time"),
    ("BOOLEAN", "boolean"),
    ("VARCHAR", "string"),
    ("DOUBLE", "number"),
    ("FLOAT", "number"),
    ("DECIMAL", "number"),
    ("BIGINT", "integer"),
    ("INTEGER", "integer"),
    ("SMALLINT", "integer"),
    ("TINYINT", "integer"),
    ("HUGEINT", "integer"),
    ("UBIGINT", "integer"),
)


def frictionless_type(duckdb_type: str) -> str:
    for prefix, name in FRICTIONLESS_TYPES:
        if duckdb_type.upper().startswith(prefix):
            return name
    return "any"


def datapackage(tables: list[Table], sources: dict[str, dict], build: dict) -> dict:
    """A Frictionless Data Package: one resource per file (CSV and Parquet), with schema,
    grain as primary key, units, sources and licences; every source's licence at the top."""
    licences = _unique(s["licence_terms"] for s in sources.values())
    resources = []
    for t in tables:
        schema = {
            "fields": [
                {
                    "name": c["name"],
                    "type": frictionless_type(c["type"]),
                    "description": c["description"],
                    **({"unit": c["unit"]} if c["unit"] else {}),
                }
                for c in t.columns
            ],
            **({"primaryKey": t.grain} if t.grain else {}),
        }
        used = [sources[s] for s in t.sources]
        csv, parquet = t.files["csv"], t.files["parquet"]
        resources.append(
            {
                "name": _resource_name(t.name),
                "path": csv["path"],
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": t.name,
                "description": t.description,
                "bytes": csv["bytes"],
                "hash": f"sha256:{csv['sha256']}",
                "schema": schema,
                "sources": [_source_entry(s) for s in used if "publisher" in s],
                "licenses": _unique(s["licence_terms"] for s in used),
            }
        )
        # The same rows in Parquet, with their own types. A file resource: Frictionless reads
        # Parquet through pandas, which turns a null integer into NaN and calls it a type error.
        resources.append(
            {
                "name": _resource_name(f"{t.name}-parquet"),
                "type": "file",
                "path": parquet["path"],
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": f"{t.name} (Parquet)",
                "description": f"The rows of {csv['path']} in Parquet, typed as in the warehouse.",
                "bytes": parquet["bytes"],
                "hash": f"sha256:{parquet['sha256']}",
            }
        )
    return {
        "name": PACKAGE_NAME,
        "title": TITLE,
        "version": build["data_version"],
        "created": build["built_at"],
        "description": _package_description(licences, build),
        "licenses": licences,
        "sources": [_source_entry(s) for s in sources.values() if "publisher" in s],
        "resources": resources,
    }


def _resource_name(name: str) -> str:
    return name.replace("_", "-")  # Data Package names: lower case, digits, - . _


def _package_description(licences: list[dict], build: dict) -> str:
    plain = [lic["title"] for lic in licences if re.search("SHARE-ALIKE|UNCLEAR", lic["title"])]
    return (
        f"Data version {build['data_version']}. Each table carries the terms of the sources it "
        "is built from (its `licenses`); the package as a whole carries all of them. Read "
        "before you republish: " + " ".join(plain)
    )


def _source_entry(source: dict) -> dict:
    return {
        "title": f"{source['publisher']}: {source['title']} ({source['vintage']})",
        "path": source["homepage"],
    }


def _unique(items) -> list:
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def citation(template: Path, sources: dict[str, dict], build: dict) -> str:
    """CITATION.cff for this data version: the repository's file with the version and date
    stamped in, and each publisher's dataset as a reference to cite beside it."""
    cff = yaml.safe_load(template.read_text())
    cff["version"] = build["data_version"]
    cff["date-released"] = build["built_at"][:10]
    cff["references"] = [
        {
            "type": "data",
            "title": s["title"],
            "authors": [{"name": s["publisher"]}],
            "url": s["homepage"],
            "version": s["vintage"],
            "notes": f"Licence: {s['licence_terms']['title']}",
        }
        for s in sources.values()
        if "publisher" in s
    ]
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)
