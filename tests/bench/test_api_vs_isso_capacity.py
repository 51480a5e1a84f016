"""The speed benchmark credits each system with its best post rate over the connection sweep."""

from __future__ import annotations

from bench.api_vs_isso import Measure, capacity, sweep_table


def _post(system: str, connections: int, rps: float, bad: int = 0) -> Measure:
    return Measure(
        system, "SQLite", "post a comment", rps, 10.0, 20.0, int(rps * 10), bad, 1.0, 0.0, 0.1, connections
    )


def test_each_system_is_credited_with_its_best_count_and_reads_stay() -> None:
    read = Measure("Isso 0.14", "SQLite", "read 200-comment thread", 5.0, 1.0, 2.0, 50, 0, 1.0, 0.0, 0.1, 16)
    measured = [
        read,
        _post("Isso 0.14", 16, 290.0),
        _post("Rejoinder", 16, 1_400.0),
        _post("Isso 0.14", 32, 203.0, bad=2),
        _post("Rejoinder", 32, 1_900.0),
    ]
    best = capacity(measured)
    assert best == [read, measured[1], measured[4]]  # in run order, one row per system and workload


def test_the_sweep_table_shows_every_count_and_the_refusals() -> None:
    lines = sweep_table([_post("Isso 0.14", 16, 290.0), _post("Isso 0.14", 32, 203.0, bad=2)])
    assert lines[2] == "| system | storage | 16 connections | 32 connections |"
    assert lines[4] == "| Isso 0.14 | SQLite | 290 (10.0 / 20.0) | 203 (10.0 / 20.0, 2 non-2xx) |"
