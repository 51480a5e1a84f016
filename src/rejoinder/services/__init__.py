"""Use cases: what Rejoinder does, independent of HTTP. Each service gets the store, the spam
service and the settings, and returns domain objects or raises ``rejoinder.errors``."""
