"""Units by column-name suffix: the naming convention (`demand_twh`, `share_frac`) read back.
The first word is the unit the catalog gives a column; every word is one a column's
description may use to name it (tests/test_model_docs.py checks that it does)."""

UNITS = {
    "_gco2e_per_kwh": ["gCO2e/kWh", "gCO2e per kWh"],
    "_gco2_per_kwh": ["gCO2/kWh", "gCO2 per kWh"],
    "_kgco2e_per_mwh": ["kgCO2e/MWh", "kgCO2e per MWh"],
    "_mtco2e": ["MtCO2e", "million tonnes"],
    "_mtco2": ["MtCO2", "million tonnes"],
    "_lb_per_mwh": ["lb/MWh"],
    "_ktco2e": ["ktCO2e", "thousand tonnes"],
    "_tco2e": ["tCO2e", "tonnes"],
    "_twh": ["TWh"],
    "_gwh": ["GWh"],
    "_mwh": ["MWh"],
    "_kwh": ["kWh"],
    "_wh": ["Wh"],
    "_gw": ["GW"],
    "_mw": ["MW"],
    "_kw": ["kW"],
    "_w": ["W"],
    "_usd": ["USD"],
    "_megalitres": ["megalitres"],
    "_ratio": ["ratio"],
    "_frac": ["fraction", "share", "0-1", "ratio"],
    "_pct": ["percent", "%"],
}


def unit_suffix(column: str) -> str | None:
    """The unit suffix `column` ends in (the longest that matches), or None."""
    matches = [s for s in UNITS if column.endswith(s)]
    return max(matches, key=len) if matches else None


def unit_of(column: str) -> str | None:
    """The unit a column's name gives it (`demand_twh` -> TWh), or None."""
    suffix = unit_suffix(column)
    return UNITS[suffix][0] if suffix else None
