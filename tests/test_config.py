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


@pytest.mark.parametrize("body", [
    "[tool]\nnarratives = 3",
    "tool = 'narratives'",
    "[[tool.narratives]]\nneighbours = 4",
], ids=["number", "tool-is-text", "array-of-tables"])
def test_a_tool_narratives_that_is_not_a_table_is_an_error_naming_the_file(tmp_path: Path, body: str) -> None:
    (tmp_path / "pyproject.toml").write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[N300\] .*pyproject\.toml: \[tool\.narratives\] must be a table"):
        load_settings(tmp_path, environ={})


def test_a_pyproject_that_is_not_utf8_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes("[tool.narratives]\n# caf\u00e9\nneighbours = 4\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"pyproject\.toml: not UTF-8"):
        load_settings(tmp_path, environ={})


@pytest.mark.parametrize(("key", "value", "kind"), [
    ("neighbours", "true", "a whole number"),
    ("event_max_days", "false", "a whole number"),
    ("contradiction_threshold", "true", "a number"),
    ("nli_model", "5", "text"),
    ("nli_backend", "true", "text"),
    ("embed_model", "['a', 'b']", "text"),
])
def test_a_value_of_the_wrong_type_in_pyproject_is_rejected_not_converted(tmp_path: Path, key: str, value: str,
                                                                            kind: str) -> None:
    # `neighbours = true` used to become 1 (bool is an int to Python) and `nli_model = 5` the model "5"
    project = pyproject(tmp_path, f"{key} = {value}")
    with pytest.raises(ConfigError, match=rf"\[N300\] setting {key}=.* must be {kind}, not \w+ "
                                          rf"\(set in .*pyproject\.toml\)"):
        load_settings(project, environ={})


def test_a_bool_is_not_a_number_from_python_either() -> None:
    with pytest.raises(ConfigError, match="neighbours=True must be a whole number, not bool"):
        Settings(neighbours=True)
    with pytest.raises(ConfigError, match=r"contradiction_threshold=False .*\(set in the command line\)"):
        load_settings(Path("/nonexistent"), environ={}, contradiction_threshold=False)


def test_values_of_a_compatible_type_are_converted(tmp_path: Path) -> None:
    settings = load_settings(pyproject(tmp_path, "contradiction_threshold = 1\nneighbours = 8.0"), environ={})
    assert settings.contradiction_threshold == 1.0 and isinstance(settings.contradiction_threshold, float)
    assert settings.neighbours == 8 and isinstance(settings.neighbours, int)
    assert Settings(nli_model=Path("models/other")).nli_model == "models/other"


def test_an_error_in_the_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"must be a whole number \(set in environment variable NARRATIVES_NEIGHBOURS\)"):
        load_settings(tmp_path, environ={"NARRATIVES_NEIGHBOURS": "true"})


def test_only_misspelt_settings_in_the_environment_are_warned_about(tmp_path: Path, caplog) -> None:
    environ = {"NARRATIVES_DATA": "/data/nli", "NARRATIVES_TEST_NLI_MODEL": "models/x", "NARRATIVES_NEIGHBORS": "4"}
    assert load_settings(tmp_path, environ=environ) == Settings()
    assert [r.getMessage().split(" is ")[0] for r in caplog.records] == ["environment variable NARRATIVES_NEIGHBORS"]
