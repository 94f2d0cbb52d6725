"""dbt's manifest.json, read for what the catalog and the documentation site say about each
table: its grain (the unconditional uniqueness test or primary key dbt checks), the sources it
is built from (dbt's own lineage: every `ref()` and `source()`, through every model and macro)
and so the licence it inherits, and which tables the warehouse publishes. The licence list of
the site (docs/licences.md, filled when `make docs` builds it) comes from the same lineage, so a
new mart or a new source changes it without anyone retyping it."""

import json
from pathlib import Path

from ingest.registry import Source
from warehouse.build.compare import ephemeral, unique_key

SEEDS = "seeds"  # the reference tables, each row citing where it comes from
OWN = {  # this project's own compilations, under the code's licence
    SEEDS: "reference seeds (each row cited): MIT, this project",
    "ingest": "ingest manifests (facts about the sources): MIT, this project",
}


class Manifest:
    """dbt's manifest.json of the last dbt run (or `dbt parse`)."""

    def __init__(self, path: Path):
        doc = json.loads(path.read_text())
        self.nodes: dict[str, dict] = doc["nodes"]
        self.sources: dict[str, dict] = doc["sources"]
        self.models = {n["name"]: n for n in self.nodes.values() if n["resource_type"] == "model"}
        self.tests = [n for n in self.nodes.values() if n["resource_type"] == "test"]
        self._upstream: dict[str, frozenset[str]] = {}

    def grain(self, table: str) -> list[str]:
        """The columns one row is unique on: the shortest unconditional uniqueness test or
        primary key dbt checks. [] for a table dbt does not build."""
        node = self.models.get(table)
        if not node:
            return []
        keys = [[c] for c, col in node["columns"].items() if _has_primary_key(col)]
        for test in self.tests:
            if test.get("attached_node") == node["unique_id"] and (key := unique_key(test)):
                keys.append(key)
        return min(keys, key=len) if keys else []

    def upstream(self, table: str) -> frozenset[str]:
        """The registry sources, `ingest` (the manifests) and SEEDS a model reads, through
        every model it refers to; nothing for a table dbt does not build."""
        node = self.models.get(table)
        return self._parents(node["unique_id"]) if node else frozenset()

    def _parents(self, node_id: str) -> frozenset[str]:
        if node_id not in self._upstream:
            found: set[str] = set()
            for parent in self.nodes[node_id]["depends_on"]["nodes"]:
                kind = parent.split(".")[0]
                if kind == "source":
                    found.add(self.sources[parent]["source_name"])
                elif kind == "seed":
                    found.add(SEEDS)
                elif kind == "model":
                    found |= self._parents(parent)
            self._upstream[node_id] = frozenset(found)
        return self._upstream[node_id]

    def published(self) -> list[tuple[str, frozenset[str]]]:
        """The tables dbt makes in warehouse.duckdb (the marts, an ephemeral model being no
        table; then the seeds), as schema.name, with what each is built from."""
        marts = sorted(
            (n for n in self.models.values() if n["schema"] == "marts" and not ephemeral(n)),
            key=lambda n: n["alias"],
        )
        seeds = sorted(
            (n for n in self.nodes.values() if n["resource_type"] == "seed"),
            key=lambda n: n["alias"],
        )
        return [(f"marts.{n['alias']}", self.upstream(n["name"])) for n in marts] + [
            (f"{n['schema']}.{n['alias']}", frozenset({SEEDS})) for n in seeds
        ]


def _has_primary_key(column: dict) -> bool:
    return any(c["type"] == "primary_key" for c in column.get("constraints", []))


def terms(name: str, registry: dict[str, Source]) -> str:
    return OWN[name] if name in OWN else f"`{name}`: {registry[name].licence}"


def licence_lines(manifest: Manifest, registry: dict[str, Source]) -> list[str]:
    """The licence list: each published table and the terms of every source it is built from,
    the publishers' first."""
    lines = ["| published table | inherits the terms of |", "|---|---|"]
    for table, parts in manifest.published():
        ordered = sorted(parts, key=lambda n: (n in OWN, n))
        lines.append(f"| `{table}` | {'<br>'.join(terms(n, registry) for n in ordered)} |")
    return lines
