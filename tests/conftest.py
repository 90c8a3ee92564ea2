"""Shared fixtures: the real default models load once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach a model hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


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
