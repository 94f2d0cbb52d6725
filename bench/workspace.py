"""Scratch workspaces the benchmark builds in, under target/bench/: never the working tree's
data/, target/ or warehouse.duckdb. Each one is the build's settings for a folder of its own
(warehouse.settings.Settings.under: its data folder, build folder, warehouse, exports,
registry copy and mirror), which a `make` it runs gets through its environment."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import scale_data
from ingest.settings import SOURCES_DIR
from warehouse.settings import Settings


@dataclass(frozen=True)
class Workspace:
    root: Path
    mirror: Path  # SOURCE_MIRROR
    registry: Path = SOURCES_DIR  # INGEST_REGISTRY_DIR

    @property
    def settings(self) -> Settings:
        return Settings.under(self.root, mirror=self.mirror, registry=self.registry)

    @property
    def data(self) -> Path:
        return self.settings.data_dir

    @property
    def build(self) -> Path:
        return self.settings.build_dir

    def env(self) -> dict[str, str]:
        """The environment of a `make` that builds here."""
        return self.settings.process_env()

    def clear(self) -> None:
        """Remove what a build made here (a cold start), keeping the mirror and registry."""
        for name in ("data", "target", "exports", "dist"):
            shutil.rmtree(self.root / name, ignore_errors=True)
        for name in ("warehouse.duckdb", "warehouse.duckdb.wal"):
            (self.root / name).unlink(missing_ok=True)


def linked_mirror(mirror: Path, dest: Path, replace: dict[str, Path]) -> Path:
    """A mirror at `dest` whose folders link to `mirror`'s, except those in `replace`."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(mirror.iterdir()):
        link = dest / entry.name
        if entry.name not in replace and not link.is_symlink():
            link.symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    for name, target in replace.items():
        link = dest / name
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir() and link.resolve() != target.resolve():
            shutil.rmtree(link)
        if not link.exists():
            link.symlink_to(target.resolve(), target_is_directory=True)
    return dest


def copy_registry(registry: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for path in registry.glob("*.yml"):
        shutil.copy(path, dest / path.name)
    return dest


def scale_workspace(
    mirror: Path, bench_dir: Path, k: int, registry: Path = SOURCES_DIR
) -> Workspace:
    """The mirror with EIA-930 demand at k times its volume, and a registry copy pinned to
    those files (the same entries as the real ones, one per synthetic region)."""
    root = scale_data.scale_dir(bench_dir, k)
    pins = scale_data.write_scale_mirror(mirror, bench_dir, k)
    generated = root / "mirror" / scale_data.MIRROR_DIR
    ws = Workspace(
        root=root,
        mirror=linked_mirror(mirror, root / "mirror", {scale_data.MIRROR_DIR: generated}),
        registry=copy_registry(registry, root / "registry"),
    )
    path = ws.registry / f"{scale_data.SOURCE_ID}.yml"
    doc = yaml.safe_load(path.read_text())
    table = doc["tables"]["demand_hourly"]
    template = doc["files"][table["files"][-1]]  # a balancing authority's entry
    for name, pin in pins.items():  # the real files keep their entries, with these pins
        url = template["url"].rsplit("/", 1)[0] + f"/{name}"
        entry = doc["files"].get(name, {**template, "url": url, "live_url": url})
        doc["files"][name] = {**entry, **pin}
    table["files"] = [n for n in pins if n != scale_data.BA_LIST]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, width=4096))
    return ws


def build_workspace(bench_dir: Path, mirror: Path) -> Workspace:
    return Workspace(root=bench_dir / "build", mirror=mirror)
