"""Fixtures for search tests: a fresh store per test and a fake embedder."""
from __future__ import annotations

import pytest
from search_builders import FakeEmbedder


@pytest.fixture
def store(tmp_path):
    from search.store import Store

    s = Store(tmp_path / "store")
    yield s
    s.close()


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()
