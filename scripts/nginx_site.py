"""Serve a built site with Debian's nginx and the build's own configuration, on 127.0.0.1.

The tests and the bench measure the site as intranet IT will serve it: by nginx, with the
file the build ships (build/hosting/nginx.conf, the directives for a server block). This
module adds only what a server block needs around it: a free port on 127.0.0.1, the site
as root, and pid, log and temporary paths in a private folder; plus an access log that
records, per request, the bytes nginx sent (headers and body, as encoded on the wire).

    with serve(site) as server:
        server.url      # http://127.0.0.1:PORT/
        server.since(server.mark())   # requests logged after the mark

``nginx -t`` checks the configuration before nginx starts; nginx runs in the foreground as
a child process and is stopped when the block ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPET = ROOT / "build" / "hosting" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
MIME_TYPES = "/etc/nginx/mime.types"
LOG_FIELDS = "$request_uri $status $bytes_sent $body_bytes_sent $sent_http_content_encoding"
START_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Sent:
    """One logged response: the path asked for, its status, bytes on the wire, the encoding."""

    path: str
    status: int
    bytes: int
    body_bytes: int
    encoding: str


def wrapper(site: Path, snippet: Path, folder: Path, port: int, extra: str = "") -> str:
    """The whole nginx.conf around the shipped server-block directives (``include`` of ``snippet``);
    ``extra`` goes into the server block after them (the bench's own pages)."""
    # As root, nginx's workers would otherwise run as nobody, who may not read the work tree.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""load_module {BROTLI_MODULE};
{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    log_format sent '{LOG_FIELDS}';
    access_log {folder}/access.log sent;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {snippet};
{extra}    }}
}}
"""


class Server:
    """A running nginx: its URL and its access log."""

    def __init__(self, url: str, log: Path, config: str) -> None:
        self.url = url
        self.log = log
        self.config = config

    def mark(self) -> int:
        """A position in the access log; :meth:`since` returns what was logged after it."""
        return self.log.stat().st_size if self.log.exists() else 0

    def since(self, mark: int) -> list[Sent]:
        with self.log.open("rb") as log:
            log.seek(mark)
            lines = log.read().decode("utf-8").splitlines()
        entries = []
        for line in lines:
            path, status, sent, body, encoding = line.split(" ")
            entries.append(Sent(path, int(status), int(sent), int(body), "" if encoding == "-" else encoding))
        return entries


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing() -> str | None:
    """Why nginx cannot run here, or None."""
    for path, package in ((NGINX, "nginx"), (BROTLI_MODULE, "libnginx-mod-http-brotli-static")):
        if not Path(path).exists():
            return f"{path} saknas: installera Debians {package} (scripts/test gör det som root)"
    return None


@contextlib.contextmanager
def serve(site: Path, snippet: Path = SNIPPET, extra: str = "") -> Iterator[Server]:
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    try:
        # The snippet includes nginx's MIME list by a relative path, as in /etc/nginx.
        shutil.copy2(MIME_TYPES, folder / "mime.types")
        port = free_port()
        config = wrapper(site.resolve(), snippet.resolve(), folder, port, extra)
        (folder / "nginx.conf").write_text(config, encoding="utf-8")
        command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
        subprocess.run([*command, "-t", "-q"], check=True)
        process = subprocess.Popen([*command, "-g", "daemon off;"])
        try:
            wait_listening(port, process)
            yield Server(f"http://127.0.0.1:{port}/", folder / "access.log", config)
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx avslutades med status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx svarar inte på 127.0.0.1:{port}")
