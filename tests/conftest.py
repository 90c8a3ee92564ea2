"""Shared fixtures: the real default models load once per test session; the data sets beside the checkout stay out.

A fresh clone has nothing beside it, so a test may read the NLI data sets ($NARRATIVES_DATA,
else ../shared/data/nli) only when it is marked `needs_data`: it is then skipped, with the
reason, where they are absent, and any other test that opens a file there fails, also on a
machine that has them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.data_root import ENVIRONMENT
from tests import data_guard

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach a model hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DATA = data_guard.DATA


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    data_guard.reading_allowed = item.get_closest_marker("needs_data") is not None
    if data_guard.reading_allowed and not DATA.is_dir():
        pytest.skip(f"needs the NLI data sets at {DATA}: set {ENVIRONMENT} (README \"Data sets\" says where each "
                    "comes from)")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    data_guard.reading_allowed = False


@pytest.fixture(scope="session")
def encoder():
    from narratives.embed import CachedEncoder, SentenceTransformerEncoder

    return CachedEncoder(SentenceTransformerEncoder())


@pytest.fixture(scope="session")
def nli_model():
    from narratives.nli import load_nli

    return load_nli()


@pytest.fixture(scope="session")
def seed_result(encoder, nli_model):
    """The whole pipeline on seeds/ with the shipped default models."""
    from narratives.config import Settings
    from narratives.pipeline import run

    # Relative input paths, exactly as `make demo` passes them, so reports compare byte for byte.
    here = os.getcwd()
    os.chdir(REPO)
    try:
        return run(["seeds"], Settings(), encoder=encoder, nli=nli_model)
    finally:
        os.chdir(here)
