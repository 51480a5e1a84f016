"""Settings are declared once; the declaration and the dataclass agree, and bad values say what to fix."""

import multiprocessing
import os
import stat
from dataclasses import fields
from typing import Any

import pytest

from rejoinder.settings import SETTINGS, Settings


def test_every_declared_setting_is_a_field_with_the_same_default() -> None:
    declared = {s.name: s.default for s in SETTINGS}
    actual = {f.name: f.default for f in fields(Settings)}
    assert declared == actual


def test_environment_overrides_defaults_and_flags_override_environment(tmp_path) -> None:
    env = {"REJOINDER_DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "REJOINDER_RATE_LIMIT_PER_MINUTE": "3"}
    s = Settings.from_env(env, rate_limit_per_minute=7)
    assert s.database_url.endswith("x.db")
    assert s.rate_limit_per_minute == 7
    assert s.secret_key  # a persistent random key was made beside the database
    assert Settings.from_env(env).secret_key == s.secret_key


def test_a_bad_value_names_the_variable(tmp_path) -> None:
    with pytest.raises(ValueError, match="REJOINDER_RATE_LIMIT_PER_MINUTE"):
        Settings.from_env({"REJOINDER_RATE_LIMIT_PER_MINUTE": "many", "REJOINDER_SECRET_KEY": "k"})


def test_the_secret_key_is_never_in_repr() -> None:
    assert "hunter2" not in repr(Settings(secret_key="hunter2"))


def test_the_settings_reference_is_generated_from_the_declarations() -> None:
    from pathlib import Path

    from rejoinder.settings import settings_markdown

    page = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
    assert page.read_text() == settings_markdown(), "run: python -m rejoinder.settings > docs/settings.md"


def _load_keys(folders: list[str], barrier: Any, keys: Any) -> None:
    for folder in folders:
        barrier.wait()
        os.chdir(folder)  # PostgreSQL: the key is kept in the working directory
        url = "postgresql://rejoinder@localhost/db"
        keys.put((folder, Settings.from_env({"REJOINDER_DATABASE_URL": url}).secret_key))


def test_processes_starting_together_make_one_key_readable_by_its_owner_only(tmp_path) -> None:
    """Eight processes race to make the key file, twenty times over: each time all of them sign
    with the one key that won, never an empty one (before, 7 races in 20 ended with two keys)."""
    folders = [tmp_path / str(n) for n in range(20)]
    for folder in folders:
        folder.mkdir()
    context = multiprocessing.get_context("spawn")
    barrier, keys = context.Barrier(8), context.Queue()
    names = [str(folder) for folder in folders]
    processes = [context.Process(target=_load_keys, args=(names, barrier, keys)) for _ in range(8)]
    for process in processes:
        process.start()
    seen: dict[str, set[str]] = {name: set() for name in names}
    for _ in range(8 * len(names)):
        folder, key = keys.get(timeout=60)
        seen[folder].add(key)
    for process in processes:
        process.join(timeout=60)
    for folder in folders:
        assert len(seen[str(folder)]) == 1, f"race {folder.name}: {len(seen[str(folder)])} different keys"
        assert "" not in seen[str(folder)]
        assert stat.S_IMODE((folder / "rejoinder.secret").stat().st_mode) == 0o600
        assert [p.name for p in folder.iterdir()] == ["rejoinder.secret"]  # no temporary file left


def test_an_empty_key_file_is_refused_with_what_to_do(tmp_path) -> None:
    (tmp_path / "rejoinder.secret").write_text("\n")
    with pytest.raises(ValueError, match="is empty: restore it from your backup, or delete it"):
        Settings.from_env({"REJOINDER_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
