"""Reusable pandera checks with short, readable names for error messages.

Use in a DataFrameModel as `pa.Field(known={"values": [...], "what": "..."})`."""

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


__all__ = ["known", "pa"]
