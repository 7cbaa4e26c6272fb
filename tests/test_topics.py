import numpy as np

from claimdiff.models import Claim
from claimdiff.neighbours import knn
from claimdiff.topics import build_topics, merge_clusters


def _claims(texts):
    return [Claim(id=f"c{i:03d}", article_id=f"a{i % 3}", sentence_index=i, text=t, start=0, end=len(t))
            for i, t in enumerate(texts)]


def _blobs(n_per=20, centers=3, dim=32, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centers, dim))
    x = np.concatenate([c[k] + 0.15 * rng.normal(size=(n_per, dim)) for k in range(centers)])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), np.repeat(np.arange(centers), n_per)


def test_separated_groups_become_separate_topics():
    x, truth = _blobs()
    lab = merge_clusters(knn(x, k=10), x, threshold=0.6)
    # every true group maps to exactly one cluster and clusters don't mix groups
    for g in range(3):
        assert len(set(lab[truth == g])) == 1
    assert len(set(lab)) == 3


def test_topics_are_deterministic_and_order_free():
    x, _ = _blobs(seed=1)
    texts = [f"troops withdrawn {i}" if i < 20 else f"budget vote {i}" if i < 40 else f"harvest rain {i}" for i in range(60)]
    claims = _claims(texts)
    t1, of1 = build_topics(claims, x, threshold=0.6)
    perm = np.random.default_rng(5).permutation(len(claims))
    t2, of2 = build_topics([claims[i] for i in perm], x[perm], threshold=0.6)
    assert [t.id for t in t1] == [t.id for t in t2]
    assert of1 == of2
    labels = {t.label for t in t1}
    assert any("troops" in lab for lab in labels) and any("budget" in lab for lab in labels)


def test_no_giant_topic_from_chaining():
    # points along a line: neighbours are close, the ends are far apart
    t = np.linspace(0, np.pi / 2, 80)
    x = np.stack([np.cos(t), np.sin(t)], axis=1).astype(np.float32)
    lab = merge_clusters(knn(x, k=6), x, threshold=0.9)
    assert len(set(lab)) > 1
