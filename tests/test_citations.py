"""Seeds, code, tests and the README cite what a clone of the repository holds: the
planning notes beside the repository (its sources list and design sketch) are not in it."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ABSENT = ("SOURCES" + ".md", "DESIGN" + ".md")  # spelt apart so this file does not cite them
FOLDERS = ("ingest", "seeds", "models", "macros", "tests", "expectations", "warehouse", "docs")


def test_nothing_cites_files_the_repository_does_not_hold():
    files = [REPO / "README.md"] + [
        p
        for folder in FOLDERS
        for p in (REPO / folder).rglob("*")
        if p.is_file() and p.suffix in {".py", ".csv", ".yml", ".sql", ".md", ".json"}
    ]
    citing = [
        str(p.relative_to(REPO))
        for p in files
        if any(name in p.read_text(errors="replace") for name in ABSENT)
    ]
    assert not citing
