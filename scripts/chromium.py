"""Debian's Chromium as every browser run here starts it: the tests, the bench, the desk's bench.

Launched through Playwright with the executable path given (never ``playwright install``) and
with flags that stop Chromium itself from calling home (component updates, autofill, DNS for
any host but 127.0.0.1), so every request a run records was made by the site. The tests import
this from scripts/, never the other way round.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=AutofillServerCommunication",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
