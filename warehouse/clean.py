"""`make clean`: remove the data, the build folder, the exports and the published warehouse
(the link to the exports' snapshot, or a file an earlier version published), and nothing
else. A configured folder is removed only when the build made it (it holds the
marker that `make_dir` writes) or it is the repository's own git-ignored default; `/`, the
home folder and any folder holding the repository or the home folder are refused whatever they
hold."""

import shutil
from pathlib import Path

from warehouse.console import say
from warehouse.lock import MARKER, build_lock
from warehouse.publish.database import SNAPSHOT, remove_leftovers
from warehouse.serve.bi_local import has_server, stop
from warehouse.settings import Settings

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def clean(settings: Settings) -> int:
    defaults = Settings.under(settings.repo)
    folders = {
        settings.data_dir: defaults.data_dir,
        settings.build_dir: defaults.build_dir,
        settings.exports_dir: defaults.exports_dir,
    }
    repo = settings.repo
    reasons = {path: _refuse(path, default, repo) for path, default in folders.items()}
    reasons[settings.warehouse] = _refuse_warehouse(settings.warehouse, settings.exports_dir)
    refused = [f"{path}: {why}" for path, why in reasons.items() if why]
    if refused:
        for line in refused:
            say(f"clean: refused {line}")
        say("clean: nothing was removed")
        return 1
    with build_lock(settings.build_dir):  # not while a build runs
        if has_server(settings.build_dir):  # its files go with the build folder
            say(stop(settings.build_dir))
        dest = settings.warehouse
        for path in (dest, Path(f"{dest}.wal")):
            if path.is_symlink() or path.is_file():
                path.unlink()
                say(f"removed {path}")
        for path in remove_leftovers(dest, settings.exports_dir):
            say(f"removed {path}")
        for path in folders:
            if path.exists():
                shutil.rmtree(path)
                say(f"removed {path}")
    return 0


def _refuse(path: Path, default: Path, repo: Path) -> str | None:
    """Why `path` must not be removed, or None."""
    if path.is_symlink():
        return "a symbolic link: remove it, and what it points to, yourself"
    resolved = path.resolve()
    guarded = {Path("/"), Path.home().resolve(), repo.resolve()}
    if any(resolved == g or resolved in g.parents for g in guarded):
        return "it is /, the home folder, or holds the repository or the home folder"
    if not resolved.exists() or resolved == default.resolve():
        return None
    if not resolved.is_dir():
        return "not a folder"
    if not (resolved / MARKER).is_file():
        return f"the build did not make this folder (no {MARKER} in it); remove it yourself"
    return None


def _refuse_warehouse(path: Path, exports: Path) -> str | None:
    if path.is_symlink():  # the build links it to the export set's snapshot
        if path.resolve() == (exports / SNAPSHOT).resolve():
            return None
        return "a symbolic link, not to the exports' warehouse: remove it yourself"
    if not path.exists():
        return None
    if not path.is_file():
        return "not a file"
    with path.open("rb") as fh:
        if fh.read(12)[8:] != DUCKDB_MAGIC:
            return "not a DuckDB database, so not a warehouse the build published"
    return None
