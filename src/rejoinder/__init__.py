"""Rejoinder: a self-hosted comment system whose spam filter runs on the site's own server."""

__version__ = "0.1.0"
