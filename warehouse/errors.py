"""The build's errors. Each is said in one line by the command line, which exits 1; none
leaves the warehouse, the exports or a release half written."""


class WarehouseError(Exception):
    """An error the build explains: its message says what, where, and what to do."""


class SettingsError(WarehouseError):
    """A setting the build refuses (DBT_VARS not YAML, a knob outside its range)."""


class BuildLocked(WarehouseError):
    """Another build holds the build lock."""


class PublishError(WarehouseError):
    """The warehouse could not be published; the one published before is unchanged."""


class ExportError(WarehouseError):
    """The export set could not be written; the one published before is unchanged."""


class ReportError(ExportError):
    """A chart of the report could not be drawn (part of the export set)."""


class ReleaseError(WarehouseError):
    pass


class BiError(WarehouseError):
    """Loading the exports into PostgreSQL failed; the schema is as it was."""


class QueryError(WarehouseError):
    pass


class SiteError(WarehouseError):
    """The documentation site cannot be made (no manifest, an unknown generated block)."""
