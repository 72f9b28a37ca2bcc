"""Write the security-header configuration for the built site: nginx and IIS examples.

Intranet IT hosts static files next to patient systems, so the site ships a strict
Content-Security-Policy. mkdocs-material writes a few small inline scripts; their SHA-256
hashes are computed here from the built pages, so the policy lists exactly what this build
needs and no 'unsafe-inline'. Run by scripts/build on the freshly built site:

    python scripts/hosting.py SITE_DIR OUT_DIR

writes SITE_DIR/web.config (IIS reads it from the site root), OUT_DIR/nginx.conf and
OUT_DIR/headers.json (the same headers as data, for the tests' static server).
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


def nginx_config(headers: dict[str, str]) -> str:
    lines = [f"# {GENERATED}", "# Exempel för nginx: lägg i server-blocket som serverar webbplatsen.",
             "# .wasm måste serveras som application/wasm (finns i nginx mime.types sedan 1.21)."]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    lines += ["types { application/wasm wasm; text/javascript mjs; }",
              "location /assets/pyodide/ {",
              "    # Filnamnen bär sitt innehålls hash: de kan cachas länge (se README, Drift).",
              *[f'    add_header {name} "{value}" always;' for name, value in headers.items()],
              '    add_header Cache-Control "public, max-age=31536000, immutable" always;',
              "}"]
    return "\n".join(lines) + "\n"


def iis_config(headers: dict[str, str]) -> str:
    custom = "\n".join(f'        <add name="{name}" value="{value}" />' for name, value in headers.items())
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
    </staticContent>
  </system.webServer>
</configuration>
"""


def main(site: Path, out: Path) -> None:
    headers = security_headers(site)
    out.mkdir(parents=True, exist_ok=True)
    (out / "headers.json").write_text(json.dumps({"generated": GENERATED, "headers": headers}, indent=1) + "\n", encoding="utf-8")
    (out / "nginx.conf").write_text(nginx_config(headers), encoding="utf-8")
    (site / "web.config").write_text(iis_config(headers), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("användning: python scripts/hosting.py SITE_DIR OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
