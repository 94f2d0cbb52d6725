"""MkDocs hooks (mkdocs.yml `hooks:`): add the generated pages of warehouse.serve.site to the
hand-written ones in docs/, fill their generated blocks, and put dbt's own docs (the one-file
`dbt docs generate --static`) in the site at dbt/index.html. The settings come from the
environment the docs step gives MkDocs, read once here as by every other command."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `mkdocs serve` started from elsewhere
    sys.path.insert(0, str(REPO))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from warehouse.errors import WarehouseError  # noqa: E402
from warehouse.serve import site  # noqa: E402
from warehouse.settings import Settings  # noqa: E402

DBT_DOCS = "dbt/index.html"
NO_DBT_DOCS = """<!doctype html><meta charset="utf-8"><title>dbt docs</title>
<p>dbt's docs were not generated: run <code>make docs</code>.</p>"""
_state: dict = {}


def on_config(config):
    try:
        settings = Settings.from_env()
        project = site.Project(settings.manifest, settings.warehouse)
    except WarehouseError as exc:
        raise PluginError(str(exc)) from exc
    _state.update(
        settings=settings,
        project=project,
        topics=site.cookbook(),
        blocks=site.blocks(project.manifest, project.registry),
    )
    config.nav = [_expanded(item, project, _state["topics"]) for item in config.nav or []]
    return config


def _expanded(item: dict, project: site.Project, topics: list[site.Topic]) -> dict:
    """The nav entries of the dictionary and the cookbook, with their generated pages."""
    ((title, target),) = item.items()
    if target == f"{site.DICTIONARY}/index.md":
        domains = site._by_domain(project.marts())
        sections = [{d: [{m.name: m.page} for m in marts]} for d, marts in domains.items()]
        return {title: [{"Overview": target}, *sections]}
    if target == f"{site.RECIPES}/index.md":
        return {title: [{"Overview": target}, *({t.title: t.page} for t in topics)]}
    return item


def on_files(files, *, config):
    project, topics = _state["project"], _state["topics"]
    pages = {f"{site.DICTIONARY}/index.md": site.dictionary_index(project)}
    pages |= {m.page: site.mart_page(project, m) for m in project.marts()}
    pages[f"{site.RECIPES}/index.md"] = site.cookbook_index(topics)
    pages |= {t.page: site.topic_page(t) for t in topics}
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    static = _state["settings"].build_dir / "static_index.html"
    dbt_docs = {"abs_src_path": str(static)} if static.is_file() else {"content": NO_DBT_DOCS}
    files.append(File.generated(config, DBT_DOCS, **dbt_docs))
    return files


def on_page_markdown(markdown, *, page, config, files):
    try:
        return site.fill_blocks(markdown, page.file.src_uri, _state["blocks"])
    except WarehouseError as exc:
        raise PluginError(str(exc)) from exc
