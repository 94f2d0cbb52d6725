"""The settings are read from the environment once, by the command line: KEEP_GOING reaches
ingest through the build's settings, and the BI loads' BI_* become one BiSettings."""

import pytest

from warehouse.errors import SettingsError
from warehouse.settings import BiSettings, Settings


@pytest.mark.parametrize("value, on", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_keep_going_reaches_ingest_and_child_processes(value, on):
    settings = Settings.from_env({"KEEP_GOING": value})
    assert settings.keep_going is on and settings.ingest.keep_going is on
    assert ("KEEP_GOING" in settings.process_env({"KEEP_GOING": value})) is on


def test_bi_settings_from_the_environment():
    assert Settings.from_env({}).bi == BiSettings()
    bi = BiSettings.from_env(
        {"BI_SCHEMA": "mine", "BI_READER": "r", "BI_READER_PASSWORD": "", "BI_LOCK_RETRIES": "0",
         "BI_DROP_DEPENDENTS": "1", "BI_LOCAL_PORT": "6000"}
    )  # fmt: skip
    assert (bi.schema, bi.reader, bi.reader_password) == ("mine", "r", None)
    assert (bi.lock_retries, bi.drop_dependents, bi.local_port) == (1, True, "6000")


def test_a_bad_retry_count_is_named():
    with pytest.raises(SettingsError, match="BI_LOCK_RETRIES='often'"):
        Settings.from_env({"BI_LOCK_RETRIES": "often"})
