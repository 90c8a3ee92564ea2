"""config.load_settings: defaults < pyproject [tool.narratives] < environment < command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from narratives.config import Settings, load_settings
from narratives.errors import ConfigError


def pyproject(tmp_path: Path, body: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.narratives]\n{body}\n", encoding="utf-8")
    return tmp_path


def test_defaults_without_any_source(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    assert settings == Settings()
    assert settings.contradiction_threshold == 0.7
    assert settings.neighbours == 8


def test_pyproject_overrides_defaults(tmp_path: Path) -> None:
    project = pyproject(tmp_path, "contradiction_threshold = 0.8\nneighbours = 4\nevent-max-days = 30")
    settings = load_settings(project, environ={})
    assert settings.contradiction_threshold == 0.8
    assert settings.neighbours == 4
    assert settings.event_max_days == 30  # dashes work as in the CLI
    assert settings.agreement_threshold == 0.6


def test_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 120\n", encoding="utf-8")
    assert load_settings(tmp_path, environ={}) == Settings()


def test_environment_overrides_pyproject(tmp_path: Path) -> None:
    project = pyproject(tmp_path, "contradiction_threshold = 0.8\nneighbours = 4")
    settings = load_settings(project, environ={"NARRATIVES_CONTRADICTION_THRESHOLD": "0.9",
                                               "NARRATIVES_NEIGHBOURS": "6", "PATH": "/usr/bin"})
    assert settings.contradiction_threshold == 0.9
    assert isinstance(settings.contradiction_threshold, float)
    assert settings.neighbours == 6
    assert isinstance(settings.neighbours, int)


def test_cli_overrides_environment_and_none_means_not_given(tmp_path: Path) -> None:
    project = pyproject(tmp_path, "contradiction_threshold = 0.8\nneighbours = 4")
    environ = {"NARRATIVES_CONTRADICTION_THRESHOLD": "0.9"}
    settings = load_settings(project, environ=environ, contradiction_threshold=0.95, neighbours=None)
    assert settings.contradiction_threshold == 0.95
    assert settings.neighbours == 4  # None on the command line leaves the pyproject value


def test_environment_is_read_from_os_environ_when_not_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NARRATIVES_AGREEMENT_THRESHOLD", "0.75")
    assert load_settings(tmp_path).agreement_threshold == 0.75


def test_unknown_key_in_pyproject_raises(tmp_path: Path) -> None:
    project = pyproject(tmp_path, "contradiction_treshold = 0.8")
    with pytest.raises(ConfigError, match="contradiction_treshold"):
        load_settings(project, environ={})


def test_unknown_cli_key_raises(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(tmp_path, environ={}, thresold=0.5)


def test_replace_rejects_unknown_keys() -> None:
    with pytest.raises(ConfigError, match="colour"):
        Settings().replace(colour="red")


@pytest.mark.parametrize(("source", "key", "value"), [
    ("environ", "NARRATIVES_CONTRADICTION_THRESHOLD", "high"),
    ("environ", "NARRATIVES_NEIGHBOURS", "eight"),
    ("environ", "NARRATIVES_NEIGHBOURS", "2.5"),
    ("cli", "event_max_days", "sixty"),
    ("pyproject", "pair_min_similarity", "'low'"),
    ("pyproject", "neighbours", "[8]"),
])
def test_bad_values_raise(tmp_path: Path, source: str, key: str, value: str) -> None:
    environ, cli = {}, {}
    if source == "environ":
        environ[key] = value
    elif source == "cli":
        cli[key] = value
    else:
        pyproject(tmp_path, f"{key} = {value}")
    with pytest.raises(ConfigError, match=r"\[N300\] setting"):
        load_settings(tmp_path, environ=environ, **cli)


def test_invalid_toml_raises(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.narratives\nneighbours = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(tmp_path, environ={})


def test_fractional_value_for_integer_setting_raises(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(pyproject(tmp_path, "neighbours = 2.5"), environ={})


def test_threshold_outside_zero_one_raises(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings(tmp_path, environ={"NARRATIVES_CONTRADICTION_THRESHOLD": "1.5"})
