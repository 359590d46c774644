"""The nginx configuration of the scaled profile, run for real in front of two stand-in Rasa servers.

deploy/scaled.sh renders deploy/nginx/hechtwijzer.conf.template (the same template the nginx
image uses in docker-compose and k8s); this starts nginx with it in seconds, without PostgreSQL,
Redis or Rasa. What it proves: only the listed sites may show the chat (frame-ancestors; in
Chromium too), nobody gets CORS, only the widget's files, the webhook, the feedback route and
the association's name are served, the security headers are sent, and a POST that reached one
Rasa server is never sent to the other.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ALLOWED = ["https://www.vereniging.nl", "http://localhost:8080"]  # + the browser test's host page

pytestmark = pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed")


class StandIn(BaseHTTPRequestHandler):
    """A Rasa server (without --cors, as rasa-start.sh starts it), or (drop=True) one that dies
    after reading the POST."""

    drop = False
    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.seen.append((self.server.server_port, body.get("message", self.path)))
        if StandIn.drop:
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.path == "/webhooks/rest/feedback":
            self._answer({"status": "ok"})
        else:
            self._answer([{"recipient_id": body["sender"], "text": "antwoord"}])

    def do_GET(self):  # nginx lets only GET /webhooks/rest/association through
        StandIn.seen.append((self.server.server_port, "GET " + self.path))
        self._answer({"name": "Vereniging"})

    def _answer(self, reply):
        payload = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def _free(port: int) -> bool:
    """Whether nginx (0.0.0.0) and a stand-in can bind this port: a client connection's own
    (ephemeral) port blocks a bind too, and connecting to the port would not see it."""
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    base = next(
        p
        for p in iter(lambda: random.randrange(20000, 40000, 2), None)
        if all(_free(p + i) for i in range(4))
    )
    upstreams = [ThreadingHTTPServer(("127.0.0.1", base + i), StandIn) for i in range(2)]
    for server in upstreams:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "HW_SCALED_DIR": str(work),
        "HW_RASA_PORT_BASE": str(base),
        "HW_PUBLIC_PORT": str(base + 2),
        # Many requests from 127.0.0.1 in a second; the rate limit is tested in test_scaled.py.
        "HW_RATE_LIMIT": "1000r/s",
        "HW_RATE_BURST": "1000",
        "HECHTWIJZER_CORS_ORIGINS": " ".join([*ALLOWED, f"http://127.0.0.1:{base + 3}"]),
    }
    subprocess.run(
        ["bash", "deploy/scaled.sh", "render-nginx"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    proc = subprocess.Popen(
        [NGINX, "-p", str(work / "nginx"), "-c", str(work / "nginx" / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{base + 2}"
    for _ in range(50):
        if proc.poll() is not None:
            pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
        if not _free(base + 2):
            break
        time.sleep(0.1)
    yield Nginx(url, base + 3)
    proc.terminate()
    proc.wait(timeout=10)
    for server in upstreams:
        server.shutdown()


class Nginx(str):
    """The nginx URL, with the port the browser test serves its host page on (listed as
    http://127.0.0.1:PORT, not as http://localhost:PORT)."""

    def __new__(cls, url, host_page_port):
        made = super().__new__(cls, url)
        made.host_page_port = host_page_port
        return made


def preflight(url, origin, route="webhook"):
    return requests.options(
        f"{url}/webhooks/rest/{route}",
        timeout=5,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


@pytest.mark.parametrize(
    "origin",
    [
        *ALLOWED,
        "https://evil.example",
        "https://www.vereniging.nl.evil.example",
        "null",
        "https://www.vereniging.nl http://localhost:8080",
        "",
    ],
)
@pytest.mark.parametrize("route", ["webhook", "feedback"])
def test_no_site_gets_cors(nginx, origin, route):
    """The chat talks to its own origin; a page of any other site, listed or not, cannot read
    the bot's answers."""
    StandIn.drop, StandIn.seen = False, []
    resp = preflight(nginx, origin, route)
    assert resp.status_code >= 400
    assert not any(h.lower().startswith("access-control-") for h in resp.headers)
    post = requests.post(
        f"{nginx}/webhooks/rest/{route}",
        timeout=10,
        headers={"Origin": origin} if origin else {},
        json={"sender": "hw-nginx-test-0001", "message": "hoi"},
    )
    assert post.status_code == 200 and len(StandIn.seen) == 1  # it reached Rasa ...
    assert not any(h.lower().startswith("access-control-") for h in post.headers)  # ... unreadable elsewhere


def test_only_the_listed_sites_may_show_the_chat(nginx):
    resp = requests.get(f"{nginx}/chat.html", timeout=5)
    assert resp.status_code == 200 and "chat.js" in resp.text
    listed = " ".join([*ALLOWED, f"http://127.0.0.1:{nginx.host_page_port}"])
    assert resp.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {listed}"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


def test_feedback_and_the_associations_name_reach_rasa(nginx):
    """👍/👎 (POST) and the name in the chat's header (GET), from the chat's own origin."""
    StandIn.drop, StandIn.seen = False, []
    rated = requests.post(
        f"{nginx}/webhooks/rest/feedback",
        timeout=10,
        json={"sender": "hw-nginx-test-0003", "answer": "utter_kennis/x", "value": "up"},
    )
    name = requests.get(f"{nginx}/webhooks/rest/association", timeout=10, headers={"Origin": ALLOWED[0]})
    assert rated.status_code == 200 and rated.json() == {"status": "ok"}
    assert name.status_code == 200 and name.json() == {"name": "Vereniging"}
    assert not any(h.lower().startswith("access-control-") for h in name.headers)  # no CORS here either
    assert [m for _, m in StandIn.seen] == ["/webhooks/rest/feedback", "GET /webhooks/rest/association"]
    # and nothing else by those routes
    assert requests.get(f"{nginx}/webhooks/rest/feedback", timeout=5).status_code == 403
    assert requests.post(f"{nginx}/webhooks/rest/association", timeout=5, json={}).status_code == 403
    assert len(StandIn.seen) == 2


def test_only_the_widget_files_and_the_chats_routes_are_served(nginx):
    for name, kind in [("hechtwijzer.js", "javascript"), ("chat.js", "javascript"), ("chat.css", "css")]:
        served = requests.get(f"{nginx}/{name}", timeout=5)
        assert served.status_code == 200 and kind in served.headers["Content-Type"], name
        assert requests.post(f"{nginx}/{name}", timeout=5).status_code == 403, name
    for path in [
        "/",
        "/demo.html",
        "/demo.js",
        "/demo.css",
        "/index.html",
        "/webhooks/rest/",
        "/webhooks/rest/webhookx",
        "/chat.htm",
        "/conversations/x/tracker",
        "/status",
        "/model",
    ]:
        assert requests.get(nginx + path, timeout=5).status_code in (403, 404), path


@pytest.mark.parametrize(
    "path", ["/hechtwijzer.js", "/chat.js", "/chat.html", "/demo.html", "/webhooks/rest/webhook"]
)
def test_security_headers_and_no_version(nginx, path):
    headers = requests.get(nginx + path, timeout=5).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    # chat.html: only where it may be framed; its page sets the rest (a meta tag, default-src 'none')
    assert (
        policy.startswith("frame-ancestors 'self' ")
        if path == "/chat.html"
        else "default-src 'none'" in policy
    )
    assert headers.get("Server") == "nginx"  # server_tokens off: no version


def test_a_post_that_reached_a_server_is_never_sent_to_the_other(nginx):
    """Both stand-ins die after reading the message: one of them saw it, never both."""
    StandIn.drop, StandIn.seen = True, []
    try:
        resp = requests.post(
            f"{nginx}/webhooks/rest/webhook",
            timeout=20,
            json={"sender": "hw-nginx-test-0002", "message": "eenmalig"},
        )
    finally:
        StandIn.drop = False
    assert resp.status_code == 502
    assert [message for _, message in StandIn.seen] == ["eenmalig"]


def test_the_widget_chats_on_a_listed_site_and_shows_nothing_elsewhere(nginx, tmp_path):
    """Chromium: the one-line script tag on a listed site opens the chat (chat.html from nginx),
    which names the association and whose message reaches Rasa; the same page on another origin gets no launcher, because the
    browser refuses the frame, and sends nothing."""
    import functools
    import http.server
    import re

    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Vereniging</title></head>'
        f'<body><h1>Vereniging</h1><script src="{nginx}/hechtwijzer.js" data-server="{nginx}" defer>'
        "</script></body></html>"
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", nginx.host_page_port), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    StandIn.drop, StandIn.seen = False, []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{nginx.host_page_port}/")  # listed
            page.get_by_role("button", name="Chat met Hechtwijzer").click()
            chat = page.frame_locator("hechtwijzer-chat iframe")
            sync_api.expect(chat.locator(".owner")).to_have_text("Aangeboden door Vereniging")
            box = chat.get_by_role("textbox", name=re.compile(r"^Je vraag aan "))
            box.fill("hoi vanaf de site")
            box.press("Enter")
            sync_api.expect(chat.locator(".msg-bot .bubble").nth(1)).to_have_text("antwoord")
            assert [m for _, m in StandIn.seen] == ["GET /webhooks/rest/association", "hoi vanaf de site"]
            StandIn.seen = []

            page.goto(f"http://localhost:{nginx.host_page_port}/")  # the same page, not listed
            page.wait_for_timeout(2000)  # ample time for the frame to load and say it is ready
            sync_api.expect(page.get_by_role("button", name="Chat met Hechtwijzer")).to_be_hidden()
            assert StandIn.seen == []
            browser.close()
    finally:
        site.shutdown()
        site.server_close()
