"""Shared fixtures: the corpus location and a store built from a few corpus files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# Tests never reach a model hub, whatever the machine allows.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_service(tmp_path_factory):
    """A service over the whole corpus, lexical only (dense encoding is tested separately)."""
    from namndsok.config import Settings
    from namndsok.service import Service

    store = tmp_path_factory.mktemp("store")
    svc = Service(Settings(store=store, embedder="none"))
    report = svc.ingest([CORPUS])
    assert not report.errors, [e.message for e in report.errors]
    return svc


def pytest_addoption(parser):
    # tests/search/test_golden_search.py: rewrite the golden search results instead of comparing.
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/search/golden/*.json from the live results")
