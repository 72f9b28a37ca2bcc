"""Write the security-header configuration for the built site: nginx and IIS examples.

Intranet IT hosts static files next to patient systems, so the site ships a strict
Content-Security-Policy. mkdocs-material writes a few small inline scripts; their SHA-256
hashes are computed here from the built pages, so the policy lists exactly what this build
needs and no 'unsafe-inline'. Run by scripts/build on the freshly built site:

    python scripts/hosting.py SITE_DIR OUT_DIR

writes SITE_DIR/web.config (IIS reads it from the site root), OUT_DIR/nginx.conf and
OUT_DIR/headers.json (the same headers as data, for the tests' and the bench's static server).

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

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
NOT_EXECUTED = re.compile(r"""type=["']?application/(ld\+)?json""")

GENERATED = "Genererad av scripts/hosting.py vid bygget (scripts/build); ändra inte för hand."
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
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
    policy = "; ".join([
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
    ])
    return {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


def cache_rules(site: Path) -> dict[str, object]:
    """Which paths may be cached for a year (content-hashed folders) and what everything else gets."""
    hashed = sorted(f"/assets/{folder.name}/" for folder in (site / "assets").iterdir()
                    if folder.is_dir() and HASHED_FOLDER.match(folder.name))
    return {"immutable": hashed, "immutable_value": IMMUTABLE, "default": REVALIDATE}


def cache_control(path: str, cache: dict[str, object]) -> str:
    """The Cache-Control value for a URL path under the rules of :func:`cache_rules`."""
    if any(path.startswith(prefix) for prefix in cache.get("immutable", [])):  # type: ignore[union-attr]
        return str(cache.get("immutable_value", IMMUTABLE))
    return str(cache.get("default", REVALIDATE))


def nginx_config(headers: dict[str, str], cache: dict[str, object]) -> str:
    lines = [f"# {GENERATED}", "# Exempel för nginx: lägg i server-blocket som serverar webbplatsen.",
             "# .wasm måste serveras som application/wasm (finns i nginx mime.types sedan 1.21)."]
    # A types block replaces the inherited MIME map, so nginx's own list is included first
    # and .mjs (missing from older lists) is added to it in the same context.
    lines += ["include mime.types;", "types { text/javascript mjs; }"]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    lines += ["# Allt annat frågar servern vid varje besök (304 om oförändrat): aldrig gamla regler.",
              f'add_header Cache-Control "{cache["default"]}" always;']
    for prefix in cache["immutable"]:  # type: ignore[union-attr]
        lines += [f"location ^~ {prefix} {{",
                  "    # Mappens namn bär innehållets hash: en ny Pyodide får ett nytt namn, så filerna",
                  "    # kan cachas ett år utan att frågas om; Chromium återanvänder då kompilerad wasm.",
                  "    # add_header i ett location-block ersätter serverns, därför upprepas rubrikerna.",
                  *[f'    add_header {name} "{value}" always;' for name, value in headers.items()],
                  f'    add_header Cache-Control "{cache["immutable_value"]}" always;',
                  "}"]
    return "\n".join(lines) + "\n"


def iis_config(headers: dict[str, str], cache: dict[str, object]) -> str:
    custom = "\n".join(f'        <add name="{name}" value="{value}" />' for name, value in headers.items())
    # Content-hashed folders: cached for a year without revalidation. customHeaders in a
    # <location> add to the site's (the security headers stay); clientCache is switched off
    # there so IIS sends exactly one Cache-Control.
    hashed = "".join(f"""
  <location path="{prefix.strip('/')}">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="NoControl" />
      </staticContent>
      <httpProtocol>
        <customHeaders>
          <add name="Cache-Control" value="{cache['immutable_value']}" />
        </customHeaders>
      </httpProtocol>
    </system.webServer>
  </location>""" for prefix in cache["immutable"])  # type: ignore[union-attr]
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
    </staticContent>
  </system.webServer>{hashed}
</configuration>
"""


def main(site: Path, out: Path) -> None:
    headers = security_headers(site)
    cache = cache_rules(site)
    out.mkdir(parents=True, exist_ok=True)
    (out / "headers.json").write_text(json.dumps({"generated": GENERATED, "headers": headers, "cache": cache}, indent=1) + "\n",
                                      encoding="utf-8")
    (out / "nginx.conf").write_text(nginx_config(headers, cache), encoding="utf-8")
    (site / "web.config").write_text(iis_config(headers, cache), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("användning: python scripts/hosting.py SITE_DIR OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
