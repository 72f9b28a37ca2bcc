"""Write pre-compressed copies beside the built site's files: ``python scripts/precompress.py SITE_DIR``
(``--i-forvag FILE…``: into the cache only, ahead of the site; see :func:`ahead`).

The checker page's first visit is mostly Pyodide's WebAssembly and the memory snapshot;
sent as stored they cost seconds on a 20 Mbit/s link. Compressing them on every request
would cost the server far more CPU than the build does once, so the build writes, beside
every file that gets smaller, ``FILE.br`` (brotli, quality 11) and ``FILE.gz`` (gzip, level
9). The web server picks one by the browser's ``Accept-Encoding`` and sends it with
``Content-Encoding`` (nginx: ``brotli_static``/``gzip_static``; IIS: the rewrite rules in
web.config, both written by scripts/hosting.py); the browser decodes it before any script
sees the bytes, so integrity hashes and the worker's code are those of the stored file.

Quality 11 is slow (about a minute for the 9.6 MB wasm), so each result is kept in
``build/precompress-cache/`` under the SHA-256 of the input: Pyodide's files, which only
change with the pinned npm package, are compressed once per machine.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress-cache"
SKIPPED = {".br", ".gz", ".whl", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".map", ".config"}
"""Compressed already, or never sent to a browser that runs the site (source maps: the
developer tools; web.config: IIS reads it, never serves it)."""
ENCODINGS = {
    ".br": lambda data: brotli.compress(data, quality=11),
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}
"""File suffix -> compressor. mtime=0: the same input gives the same .gz on every build."""


def compressed(data: bytes, suffix: str) -> bytes:
    key = CACHE / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if key.exists():
        return key.read_bytes()
    result = ENCODINGS[suffix](data)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = key.with_name(f"{key.name}.{os.getpid()}.part")  # two builds at once never read half a file
    partial.write_bytes(result)
    partial.replace(key)
    return result


def precompress(path: Path) -> list[Path]:
    """Write PATH.br and PATH.gz where they are smaller than PATH; returns what was written."""
    data = path.read_bytes()
    written = []
    for suffix in ENCODINGS:
        encoded = compressed(data, suffix)
        if len(encoded) < len(data):
            target = path.with_name(path.name + suffix)
            target.write_bytes(encoded)
            written.append(target)
    return written


def candidates(site: Path) -> list[Path]:
    """Every file of the site worth compressing, largest first (so the pool ends together)."""
    files = [path for path in site.rglob("*") if path.is_file() and path.suffix.lower() not in SKIPPED]
    return sorted(files, key=lambda path: path.stat().st_size, reverse=True)


def main(site: Path) -> None:
    with ProcessPoolExecutor() as pool:
        written = sum(len(result) for result in pool.map(precompress, candidates(site)))
    print(f"precompress: {written} komprimerade filer i {site}")


def ahead(files: list[Path]) -> None:
    """Compress files into the cache only, before the site exists: scripts/build starts this in
    the background for the two largest files as soon as each is made (Pyodide's wasm at once,
    the checker's memory snapshot after its bundle), so their minute of brotli runs on the core
    the build's one-core steps leave free, and :func:`main` finds them kept."""
    for path in files:
        data = path.read_bytes()
        for suffix in ENCODINGS:
            compressed(data, suffix)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--i-forvag":
        ahead([Path(name) for name in sys.argv[2:]])
    elif len(sys.argv) == 2:
        main(Path(sys.argv[1]))
    else:
        sys.exit("användning: python scripts/precompress.py SITE_DIR | --i-forvag FIL…")
