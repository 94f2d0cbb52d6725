"""Great Expectations suites on the marts (suites/*.json) and the runner that applies them."""
