"""Reusable pandera checks with short, readable names for error messages.

Use in a DataFrameModel as `pa.Field(known={"values": [...], "what": "..."})`."""

import pandera.polars as pa
import polars as pl
from pandera.api.extensions import register_check_method
from pandera.polars import PolarsData


@register_check_method(statistics=["values", "what"])
def known(data: PolarsData, *, values, what: str) -> pl.LazyFrame:
    """Value must be in a (possibly long) list; the message names the list, not its items."""
    return data.lazyframe.select(pl.col(data.key).is_in(sorted(set(values))))


__all__ = ["known", "pa"]
