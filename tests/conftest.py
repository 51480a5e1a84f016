"""Shared fixtures live in tests/support/, one module per kind of real thing they start."""

pytest_plugins = [
    "tests.support.live_server",
    "tests.support.postgres",
]
