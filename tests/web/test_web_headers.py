"""Security headers on every response, scripts only from the app's files, offline
/docs, and Secure cookies over HTTPS (directly or behind a trusted proxy)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import AppSettings
from app.main import create_app
from tests.web.live import ROOT, csrf_from
from tests.web.support import VECTOR_ADD_OK, Account, fake_judge

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
TEMPLATES = ROOT / "templates"
SWAGGER = ROOT / "app" / "static" / "vendor" / "swagger-ui"


def _client(
    tmp_path: Path, base_url: str = "http://testserver", client=("testclient", 50000), **settings
) -> TestClient:
    app_settings = AppSettings(data_dir=tmp_path / "data", problems_dir=ROOT / "problems", workers=0, **settings)
    return TestClient(create_app(app_settings, judge=fake_judge), base_url=base_url, client=client)


def _assert_hardened(resp, what: str) -> None:
    csp = resp.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, what
    assert "default-src 'self'" in csp and "object-src 'none'" in csp, what
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, what
    assert resp.headers.get("x-frame-options") == "DENY", what
    assert resp.headers.get("x-content-type-options") == "nosniff", what
    assert resp.headers.get("referrer-policy") == "same-origin", what


def test_every_kind_of_response_has_the_security_headers(client: TestClient, account: Account) -> None:
    anon = TestClient(client.app)
    answers = {
        "page": anon.get("/problems"),
        "problem page": anon.get("/problems/softmax"),
        "redirect": anon.get("/", follow_redirects=False),
        "404 page": anon.get("/no/such/page"),
        "API": anon.get("/api/problems"),
        "API 401": anon.get("/api/me"),
        "API 404": anon.get("/api/problems/nope"),
        "static file": anon.get("/static/css/style.css"),
        "vendored script": anon.get("/static/vendor/editor.js"),
        "openapi": anon.get("/openapi.json"),
        "docs": anon.get("/docs"),
        "413": account.client.post("/api/submissions", content=b"x" * 600_000, headers={"X-CSRF-Token": account.csrf}),
        "202": account.submit(VECTOR_ADD_OK),
        "form post": account.client.post("/logout", data={"csrf_token": account.csrf}, follow_redirects=False),
    }
    for what, resp in answers.items():
        assert resp.status_code < 500, what
        _assert_hardened(resp, what)


def test_pages_have_no_inline_script_or_handlers(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    started = account.client.post("/rounds/pytorch-round-1/start", data={"csrf_token": account.csrf})
    round_page = started.url.path
    learner = (round_page, round_page + "/report", "/rounds", "/reviews", "/rankings", "/problems/softmax/editorial",
               "/problems/softmax/give-up", "/problems/softmax/leaderboard")
    for path in ("/problems", "/problems/softmax", "/profile", f"/submissions/{sub_id}", "/login", "/signup", *learner):
        html = account.client.get(path).text
        for attrs, body in SCRIPT_TAG.findall(html):
            assert "src=" in attrs or 'type="application/json"' in attrs, (path, attrs, body[:80])
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), path
        assert "javascript:" not in html.lower(), path
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        for attrs, _body in SCRIPT_TAG.findall(text):
            assert "src=" in attrs or 'type="application/json"' in attrs, (template.name, attrs)


def test_docs_are_served_from_the_app_itself(client: TestClient) -> None:
    resp = client.get("/docs")
    assert resp.status_code == 200
    html = resp.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "docs load something from another site"
    assert "cdn" not in html.lower()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/static/vendor/swagger-ui/swagger-ui.css" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    nonce = re.search(r"'nonce-([^']+)'", resp.headers["content-security-policy"]).group(1)
    inline = [(attrs, body) for attrs, body in SCRIPT_TAG.findall(html) if "src=" not in attrs]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs, _ in inline)
    assert "validatorUrl" in html  # the online validator badge is off
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN


def test_vendored_swagger_ui_ships_with_its_licence() -> None:
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE", "swagger-ui-bundle.js.LICENSE.txt"):
        assert (SWAGGER / name).is_file(), name
    assert "Apache License" in (SWAGGER / "LICENSE").read_text()
    assert "SwaggerUIBundle" in (SWAGGER / "swagger-ui-bundle.js").read_text()[:2000]
    assert "5.35.0" in (SWAGGER / "README.md").read_text()
    assert "sourceMappingURL" not in (SWAGGER / "swagger-ui.css").read_text()


def _session_cookie(client: TestClient, headers: dict[str, str] | None = None) -> str:
    """The cookie the sign-up page sets (it carries the form's CSRF token)."""
    resp = client.get("/signup", headers=headers)
    assert resp.status_code == 200
    return resp.headers["set-cookie"]


def test_cookies_are_secure_over_https_by_default(tmp_path: Path) -> None:
    with _client(tmp_path / "a") as plain:
        assert "Secure" not in _session_cookie(plain)
    with _client(tmp_path / "b", base_url="https://dojo.example") as https:
        assert "; Secure" in _session_cookie(https)


def test_secure_cookies_can_be_forced_on_or_off(tmp_path: Path) -> None:
    with _client(tmp_path / "a", secure_cookies="true") as plain:
        assert "; Secure" in _session_cookie(plain)
    with _client(tmp_path / "b", base_url="https://dojo.example", secure_cookies="false") as https:
        assert "Secure" not in _session_cookie(https)
    assert AppSettings(secure_cookies=True).secure_cookies == "true"
    assert AppSettings(secure_cookies="off").secure_cookies == "false"
    with pytest.raises(ValueError):
        AppSettings(secure_cookies="sometimes")
    with pytest.raises(ValueError, match="not an IP address"):
        AppSettings(trusted_proxies="10.0.0.1, proxy.local")


def test_forwarded_https_counts_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with _client(tmp_path / "a", client=("198.51.100.7", 4000)) as direct:  # no proxy configured
        assert "Secure" not in _session_cookie(direct, forwarded)
    with _client(tmp_path / "b", client=("10.0.0.2", 4000), trusted_proxies="10.0.0.0/8") as proxied:
        assert "; Secure" in _session_cookie(proxied, forwarded)
    with _client(tmp_path / "c", client=("198.51.100.7", 4000), trusted_proxies="10.0.0.0/8") as spoofed:
        assert "Secure" not in _session_cookie(spoofed, forwarded)


def test_rate_limits_see_the_client_behind_a_trusted_proxy(tmp_path: Path) -> None:
    """Behind a proxy every request comes from the proxy: limits use X-Forwarded-For,
    and a client cannot dodge them by sending its own X-Forwarded-For."""
    with _client(
        tmp_path / "a", client=("10.0.0.2", 4000), trusted_proxies="10.0.0.2", signup_limit_per_client=1
    ) as proxied:

        def signup(name: str, forwarded_for: str) -> int:
            headers = {"X-Forwarded-For": forwarded_for}
            browser = TestClient(proxied.app, client=("10.0.0.2", 4000))
            token = csrf_from(browser.get("/signup", headers=headers).text)
            data = {"username": name, "password": "correct horse battery", "csrf_token": token}
            return browser.post("/signup", data=data, headers=headers, follow_redirects=False).status_code

        assert signup("one", "203.0.113.1") == 303
        assert signup("two", "203.0.113.1") == 429
        assert signup("three", "203.0.113.2") == 303  # another client behind the same proxy
        assert signup("four", "198.51.100.50, 203.0.113.1") == 429  # a forged first hop changes nothing
