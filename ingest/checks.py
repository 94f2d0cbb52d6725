"""Reusable pandera checks and fields, so a quantity is declared once for every source.

`known`: use in a DataFrameModel as `pa.Field(known={"values": [...], "what": "..."})`.
`grid_intensity`: a grid carbon intensity column with the one bound every grid respects."""

import pandera.polars as pa
import polars as pl
from pandera.api.extensions import register_check_method
from pandera.polars import PolarsData

# Grid carbon intensity above this is a unit slip, not a grid: the dirtiest national grids
# run about 1,300 gCO2e/kWh (Turkmenistan, lifecycle); a month on a small system can run
# higher, and coal's own factor is about 1,000. 2,000 leaves room and catches a kg/g slip.
MAX_GRID_INTENSITY_GCO2E_PER_KWH = 2000.0


@register_check_method(statistics=["values", "what"])
def known(data: PolarsData, *, values, what: str) -> pl.LazyFrame:
    """Value must be in a (possibly long) list; the message names the list, not its items."""
    return data.lazyframe.select(pl.col(data.key).is_in(sorted(set(values))))


def grid_intensity(description: str, *, nullable: bool = False):
    """A grid's carbon intensity in g per kWh: from 0 to MAX_GRID_INTENSITY_GCO2E_PER_KWH.
    `description` says the unit and the publisher's method (lifecycle or direct, ...)."""
    return pa.Field(
        ge=0, le=MAX_GRID_INTENSITY_GCO2E_PER_KWH, nullable=nullable, description=description
    )


__all__ = ["grid_intensity", "known", "pa"]
