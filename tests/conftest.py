import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from claimdiff.embedding.engines import FakeEmbedder  # noqa: E402

HERE = os.path.dirname(__file__)
REPO = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")
SEEDS = os.path.join(REPO, "seeds")


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from claimdiff.embedding.engines import load_embedder

    return load_embedder("auto")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to open a socket to another host fails the test."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
