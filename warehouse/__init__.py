"""The build's steps around ingest and dbt: one build at a time (lock), skip what did not
change (stamps), publish a self-contained warehouse file, and clean only what the build made."""
