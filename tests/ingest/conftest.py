"""Fixtures for the PDF reader tests: generated PDFs, built once per session into a temp dir."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(ROOT))

from tests.fixtures.make_pdfs import make_all  # noqa: E402


@pytest.fixture(scope="session")
def pdf_fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name -> generated PDF path (see tests/fixtures/make_pdfs.make_all)."""
    return make_all(tmp_path_factory.mktemp("pdfs"))


@pytest.fixture(scope="session")
def corpus_twins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """corpus file name -> its generated PDF twin (every corpus document, rendered once)."""
    from tests.fixtures.make_pdfs import render_corpus

    return render_corpus(tmp_path_factory.mktemp("corpus_pdfs"))
