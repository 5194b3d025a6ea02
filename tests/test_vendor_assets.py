"""Static checks on the vendored browser assets in app/static/vendor/.

The web app must work offline, so these tests make sure the editor bundle and
KaTeX are present, load nothing from the network, and that the licence notices
match the packages pinned in frontend/package-lock.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "app" / "static" / "vendor"
KATEX = VENDOR / "katex"
LOCKFILE = ROOT / "frontend" / "package-lock.json"

REQUIRED_FILES = (
    "editor.js",
    "LICENSES.md",
    "katex/katex.min.js",
    "katex/katex.min.css",
    "katex/contrib/auto-render.min.js",
)
SCRIPTS = ("editor.js", "katex/katex.min.js", "katex/contrib/auto-render.min.js")

# Namespace identifiers used by DOM APIs (createElementNS); never fetched.
XML_NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1998/Math/MathML",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/XML/1998/namespace",
    }
)
# Packages the editor cannot work without; the bundle must credit them.
CORE_PACKAGES = (
    "@codemirror/state",
    "@codemirror/view",
    "@codemirror/language",
    "@codemirror/commands",
    "@codemirror/lang-python",
    "@lezer/common",
    "@lezer/lr",
    "@lezer/highlight",
    "@lezer/python",
    "style-mod",
    "w3c-keyname",
    "crelt",
    "katex",
)
MAX_VENDOR_BYTES = 2 * 1024 * 1024
SWAGGER_UI = VENDOR / "swagger-ui"
MAX_SWAGGER_UI_BYTES = 2560 * 1024

URL_RE = re.compile(r"https?://[^\s\"'`)<>\\]+")
CSS_URL_RE = re.compile(r"url\(\s*([\"']?)(.*?)\1\s*\)")
LEGAL_COMMENT_RE = re.compile(r"/\*[!*].*?\*/", re.DOTALL)
LICENCE_ROW_RE = re.compile(r"^\| (\S+) \| (\d[^ |]*) \| (\S+) \|", re.MULTILINE)


def _read(rel: str) -> str:
    return (VENDOR / rel).read_text(encoding="utf-8")


def _lock_versions() -> dict[str, str]:
    lock = json.loads(LOCKFILE.read_text(encoding="utf-8"))
    prefix = "node_modules/"
    return {
        path[len(prefix) :]: meta["version"]
        for path, meta in lock["packages"].items()
        if path.startswith(prefix) and "version" in meta
    }


def _licence_rows() -> dict[str, tuple[str, str]]:
    rows = LICENCE_ROW_RE.findall(_read("LICENSES.md"))
    return {name: (version, licence) for name, version, licence in rows}


@pytest.mark.parametrize("rel", REQUIRED_FILES)
def test_required_file_present(rel: str) -> None:
    path = VENDOR / rel
    assert path.is_file(), f"missing {path}; run frontend/build.sh"
    assert path.stat().st_size > 0


def test_editor_bundle_exposes_global_api() -> None:
    source = _read("editor.js")
    assert source.lstrip().startswith(("(()=>{", "(function")), "not an IIFE"
    assert "window.TensorDojoEditor=" in source
    assert re.search(r"\bimport\s*\(|\brequire\(", source) is None, "unbundled imports"


@pytest.mark.parametrize("rel", SCRIPTS)
def test_scripts_load_nothing_remote(rel: str) -> None:
    code = LEGAL_COMMENT_RE.sub("", _read(rel))
    remote = sorted(set(URL_RE.findall(code)) - XML_NAMESPACES)
    assert remote == [], f"{rel} references remote URLs: {remote}"
    assert "sourceMappingURL" not in code


def test_katex_css_urls_are_relative_and_present() -> None:
    css = _read("katex/katex.min.css")
    assert "@import" not in css
    urls = [m.group(2) for m in CSS_URL_RE.finditer(css)]
    assert urls, "katex.min.css has no font urls: wrong file?"
    for url in urls:
        assert not re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", url, re.IGNORECASE), url
        target = (KATEX / url).resolve()
        assert target.is_relative_to(KATEX.resolve()), url
        assert target.is_file(), f"katex.min.css needs {url}, which is missing"
        assert target.suffix == ".woff2", url


def test_every_katex_font_family_has_a_woff2() -> None:
    css = _read("katex/katex.min.css")
    faces = re.findall(r"@font-face\{([^}]*)\}", css)
    assert len(faces) >= 20
    for face in faces:
        assert "woff2" in face, face


def test_katex_version_matches_lockfile() -> None:
    match = re.search(r'version:"(\d+\.\d+\.\d+)"', _read("katex/katex.min.js"))
    assert match is not None
    assert match.group(1) == _lock_versions()["katex"]


def test_licences_cover_core_packages_with_full_text() -> None:
    text = _read("LICENSES.md")
    rows = _licence_rows()
    for name in CORE_PACKAGES:
        assert name in rows, f"LICENSES.md does not list {name}"
        version, licence = rows[name]
        assert licence == "MIT", (name, licence)
        assert f"## {name} {version}\n" in text, f"no licence text for {name}"
    assert text.count("Permission is hereby granted, free of charge") >= len(rows)


def test_licences_match_lockfile_versions() -> None:
    locked = _lock_versions()
    for name, (version, _licence) in _licence_rows().items():
        assert name in locked, f"{name} is credited but not in package-lock.json"
        assert locked[name] == version, (name, version, locked[name])


def test_vendor_folder_stays_small() -> None:
    """The editor and KaTeX (on every problem page) stay small; Swagger UI, loaded by
    /docs alone and vendored as published (see swagger-ui/README.md), has its own budget."""
    files = [p for p in VENDOR.rglob("*") if p.is_file()]
    pages = sum(p.stat().st_size for p in files if not p.is_relative_to(SWAGGER_UI))
    docs = sum(p.stat().st_size for p in files if p.is_relative_to(SWAGGER_UI))
    assert pages < MAX_VENDOR_BYTES, f"app/static/vendor (without swagger-ui) is {pages} bytes"
    assert docs < MAX_SWAGGER_UI_BYTES, f"app/static/vendor/swagger-ui is {docs} bytes"


def test_no_demo_pages_shipped() -> None:
    assert not list(VENDOR.rglob("*.html"))
