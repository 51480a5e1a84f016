"""Stopping a benchmarked server and every process it started (uvicorn workers included)."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_group(process: subprocess.Popen[bytes], grace_seconds: float = 20) -> None:
    """SIGTERM the process group (a graceful stop, so the server writes what it holds), then
    SIGKILL it if it has not ended within ``grace_seconds``. The process must have been started
    with ``start_new_session=True``."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
