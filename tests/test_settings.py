"""Settings are declared once; the declaration and the dataclass agree, and bad values say what to fix."""

from dataclasses import fields

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
