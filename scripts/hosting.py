"""Write the security-header configuration for the built site: nginx and IIS examples.

Intranet IT hosts static files next to patient systems, so the site ships a strict
Content-Security-Policy. mkdocs-material writes a few small inline scripts; their SHA-256
hashes are computed here from the built pages, so the policy lists exactly what this build
needs and no 'unsafe-inline'. Run by scripts/build on the freshly built site:

    python scripts/hosting.py SITE_DIR OUT_DIR

writes SITE_DIR/web.config (IIS reads it from the site root), OUT_DIR/nginx.conf (the
directives for nginx's server block; the tests and the bench run nginx with exactly this
file) and OUT_DIR/headers.json (the same headers as data).

Compression: scripts/precompress.py leaves FILE.br and FILE.gz beside every compressible
file. nginx sends them with ``brotli_static``/``gzip_static`` (Debian:
libnginx-mod-http-brotli-static); web.config rewrites a request to the .br or .gz file when
the browser accepts that encoding and the file exists, and sets ``Content-Encoding`` and
the original file's ``Content-Type``. Both add ``Vary: Accept-Encoding`` to such responses,
so a shared cache never hands brotli to a browser that did not ask for it.

Caching: Pyodide's files live in a folder named after their content's hash
(``assets/pyodide-<hash>/``, written by scripts/bundle_checker.py), so they are sent with
``Cache-Control: public, max-age=31536000, immutable``: a repeat visit takes them from the
browser's cache without asking, and Chromium reuses the WebAssembly it compiled the first
time. A new Pyodide gets a new folder name. Everything else is sent with ``no-cache``
(revalidated on every visit, a cheap 304), so a rebuilt site never shows yesterday's rules.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import TypedDict

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
NOT_EXECUTED = re.compile(r"""type=["']?application/(ld\+)?json""")

GENERATED = "Genererad av scripts/hosting.py vid bygget (scripts/build); ändra inte för hand."
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSED_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "application/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "text/xml",
    ".txt": "text/plain",
    ".wasm": "application/wasm",
    ".bin": "application/octet-stream",
    ".zip": "application/zip",
}
"""The Content-Type nginx sends for each kind (Debian's mime.types, .mjs from nginx.conf); web.config the same."""
HASHED_FOLDER = re.compile(r"^[a-z]+-[0-9a-f]{12}$")
"""A folder under assets/ whose name ends in its content's hash (see bundle_checker.py)."""


def inline_script_hashes(site: Path) -> list[str]:
    """The CSP source of every inline script the built pages run, sorted and unique."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if NOT_EXECUTED.search(attributes):
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def security_headers(site: Path) -> dict[str, str]:
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(site)])
    policy = "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self'",
            # mkdocs-material draws its icons as CSS masks from data: SVGs (admonitions, lists);
            # a data: image is no request to anyone.
            "img-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


class CacheRules(TypedDict):
    """What may be cached how, as headers.json records it and both servers' configurations say."""

    immutable: list[str]
    """The content-hashed folders (URL path prefixes): cached for a year without asking."""
    immutable_value: str
    default: str
    """Cache-Control for everything else."""


def cache_rules(site: Path) -> CacheRules:
    """Which paths may be cached for a year (content-hashed folders) and what everything else gets."""
    hashed = sorted(
        f"/assets/{folder.name}/"
        for folder in (site / "assets").iterdir()
        if folder.is_dir() and HASHED_FOLDER.match(folder.name)
    )
    return CacheRules(immutable=hashed, immutable_value=IMMUTABLE, default=REVALIDATE)


def cache_control(path: str, cache: CacheRules) -> str:
    """The Cache-Control value for a URL path under the rules of :func:`cache_rules`."""
    if any(path.startswith(prefix) for prefix in cache["immutable"]):
        return cache["immutable_value"]
    return cache["default"]


def nginx_config(headers: dict[str, str], cache: CacheRules) -> str:
    lines = [
        f"# {GENERATED}",
        "# Exempel för nginx: lägg i server-blocket som serverar webbplatsen.",
        "# .wasm måste serveras som application/wasm (finns i nginx mime.types sedan 1.21).",
    ]
    # A types block replaces the inherited MIME map, so nginx's own list is included first
    # and .mjs (missing from older lists) is added to it in the same context.
    lines += ["include mime.types;", "types { text/javascript mjs; }"]
    lines += [
        "# Förkomprimerade kopior (FIL.br och FIL.gz bredvid filen, skrivna av bygget) skickas med",
        "# Content-Encoding när webbläsaren tar emot dem. brotli_static kräver modulen",
        "# ngx_http_brotli_static (Debian: libnginx-mod-http-brotli-static). gzip_vary ger",
        "# Vary: Accept-Encoding på båda.",
        "brotli_static on;",
        "gzip_static on;",
        "gzip_vary on;",
    ]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    lines += [
        "# Allt annat frågar servern vid varje besök (304 om oförändrat): aldrig gamla regler.",
        f'add_header Cache-Control "{cache["default"]}" always;',
    ]
    for prefix in cache["immutable"]:
        lines += [
            f"location ^~ {prefix} {{",
            "    # Mappens namn bär innehållets hash: en ny Pyodide får ett nytt namn, så filerna",
            "    # kan cachas ett år utan att frågas om; Chromium återanvänder då kompilerad wasm.",
            "    # add_header i ett location-block ersätter serverns, därför upprepas rubrikerna.",
            *[f'    add_header {name} "{value}" always;' for name, value in headers.items()],
            f'    add_header Cache-Control "{cache["immutable_value"]}" always;',
            "}",
        ]
    return "\n".join(lines) + "\n"


def compressed_types(site: Path) -> dict[str, str]:
    """Extension -> Content-Type of every kind of file that has pre-compressed copies in the site."""
    found = {path.suffixes[-2] for path in site.rglob("*.br") if len(path.suffixes) >= 2}
    unknown = sorted(found - COMPRESSED_TYPES.keys())
    if unknown:
        raise SystemExit(
            f"hosting: ingen Content-Type för förkomprimerade {', '.join(unknown)}: lägg till i COMPRESSED_TYPES"
        )
    return {suffix: COMPRESSED_TYPES[suffix] for suffix in sorted(found)}


def iis_compression(types: dict[str, str]) -> str:
    """URL Rewrite rules that send FILE.br or FILE.gz in place of FILE, as nginx's *_static do.

    The inbound rules rewrite to the compressed file when the browser accepts the encoding
    and the file exists; the outbound rules set Content-Encoding and Vary on what was sent
    from a .br or .gz file; the mimeMaps give each compressed kind its original type (IIS
    would otherwise take the type from the last extension).
    """
    inbound = "".join(
        f"""
        <rule name="{encoding}" stopProcessing="true">
          <match url="(.*)" />
          <conditions>
            <add input="{{HTTP_ACCEPT_ENCODING}}" pattern="\\b{encoding}\\b" />
            <add input="{{REQUEST_FILENAME}}{suffix}" matchType="IsFile" />
          </conditions>
          <action type="Rewrite" url="{{R:1}}{suffix}" />
        </rule>"""
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz"))
    )
    outbound = "".join(
        f"""
        <rule name="{header} {value}">
          <match serverVariable="RESPONSE_{header.replace("-", "_")}" pattern=".*" />
          <conditions>
            <add input="{{REQUEST_FILENAME}}" pattern="{pattern}" />
          </conditions>
          <action type="Rewrite" value="{value}" />
        </rule>"""
        for header, value, pattern in (
            ("Content-Encoding", "br", "\\.br$"),
            ("Content-Encoding", "gzip", "\\.gz$"),
            ("Vary", "Accept-Encoding", "\\.(br|gz)$"),
        )
    )
    mime = "".join(
        f"""
      <remove fileExtension="{extension}{suffix}" />
      <mimeMap fileExtension="{extension}{suffix}" mimeType="{mime_type}" />"""
        for extension, mime_type in types.items()
        for suffix in (".br", ".gz")
    )
    return f"""
    <!-- Förkomprimerade kopior (FIL.br, FIL.gz; scripts/precompress.py) i stället för FIL när webbläsaren
         tar emot dem. Kräver modulen URL Rewrite; IIS egen komprimering stängs av (den skulle packa igen). -->
    <urlCompression doStaticCompression="false" doDynamicCompression="false" />
    <rewrite>
      <rules>{inbound}
      </rules>
      <outboundRules>{outbound}
      </outboundRules>
    </rewrite>
    <staticContent>{mime}
    </staticContent>"""


def iis_config(headers: dict[str, str], cache: CacheRules, types: dict[str, str]) -> str:
    custom = "\n".join(f'        <add name="{name}" value="{value}" />' for name, value in headers.items())
    # Content-hashed folders: cached for a year without revalidation. customHeaders in a
    # <location> add to the site's (the security headers stay); clientCache is switched off
    # there so IIS sends exactly one Cache-Control.
    hashed = "".join(
        f"""
  <location path="{prefix.strip("/")}">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="NoControl" />
      </staticContent>
      <httpProtocol>
        <customHeaders>
          <add name="Cache-Control" value="{cache["immutable_value"]}" />
        </customHeaders>
      </httpProtocol>
    </system.webServer>
  </location>"""
        for prefix in cache["immutable"]
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {GENERATED} -->
<!-- Exempel för IIS: säkerhetsrubriker och MIME-typer för webbplatsens statiska filer. -->
<configuration>
  <system.webServer>
    <httpProtocol>
      <customHeaders>
{custom}
      </customHeaders>
    </httpProtocol>
    <staticContent>
      <remove fileExtension=".wasm" />
      <mimeMap fileExtension=".wasm" mimeType="application/wasm" />
      <remove fileExtension=".mjs" />
      <mimeMap fileExtension=".mjs" mimeType="text/javascript" />
      <!-- Allt annat frågar servern vid varje besök (Cache-Control: no-cache, 304 om oförändrat). -->
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>{iis_compression(types)}
  </system.webServer>{hashed}
</configuration>
"""


def main(site: Path, out: Path) -> None:
    headers = security_headers(site)
    cache = cache_rules(site)
    out.mkdir(parents=True, exist_ok=True)
    (out / "headers.json").write_text(
        json.dumps({"generated": GENERATED, "headers": headers, "cache": cache}, indent=1) + "\n", encoding="utf-8"
    )
    (out / "nginx.conf").write_text(nginx_config(headers, cache), encoding="utf-8")
    (site / "web.config").write_text(iis_config(headers, cache, compressed_types(site)), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("användning: python scripts/hosting.py SITE_DIR OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
