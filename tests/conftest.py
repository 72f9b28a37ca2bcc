"""Fixtures shared by every test: the policy, the built site, the site served on 127.0.0.1.

The site is built by ``scripts/build`` (``scripts/test`` runs it before pytest); tests read
the result instead of building it again, so a stale or missing build fails loudly here.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from checker import Policy, load_policy

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(ROOT / "policy.yaml")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ saknas: kör scripts/build (scripts/test gör det) innan testerna")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site, served as static files on 127.0.0.1 (as intranet IT will host it)."""
    yield from serve(site_dir)
