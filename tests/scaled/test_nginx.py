"""The nginx configuration of the scaled profile, run for real in front of two stand-in Rasa servers.

deploy/scaled.sh renders deploy/nginx/hechtwijzer.conf.template (the same template the nginx
image uses in docker-compose and k8s); this starts nginx with it in seconds, without PostgreSQL,
Redis or Rasa. What it proves: the CORS preflight is answered for allowed origins only, only
the widget file, the webhook, the feedback route and the association's name are served, the
security headers are sent, and a POST that reached one Rasa server is never sent to the other.
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
ALLOWED = ["https://www.vereniging.nl", "http://localhost:8080"]

pytestmark = pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed")


class StandIn(BaseHTTPRequestHandler):
    """A Rasa server: answers like Rasa with --cors, or (drop=True) dies after reading the POST."""

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
        if self.headers.get("Origin") in ALLOWED:  # what Rasa's --cors adds
            self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
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
        if _free(p) and _free(p + 1) and _free(p + 2)
    )
    upstreams = [ThreadingHTTPServer(("127.0.0.1", base + i), StandIn) for i in range(2)]
    for server in upstreams:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "HW_SCALED_DIR": str(work),
        "HW_RASA_PORT_BASE": str(base),
        "HW_PUBLIC_PORT": str(base + 2),
        "HECHTWIJZER_CORS_ORIGINS": " ".join(ALLOWED),
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
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    for server in upstreams:
        server.shutdown()


def preflight(url, origin, path="/webhooks/rest/webhook"):
    return requests.options(
        f"{url}{path}",
        timeout=5,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/webhooks/rest/feedback"])
@pytest.mark.parametrize("origin", ALLOWED)
def test_preflight_is_answered_for_an_allowed_origin(nginx, origin, path):
    resp = preflight(nginx, origin, path)
    assert resp.status_code == 204
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert "content-type" in resp.headers["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "https://www.vereniging.nl.evil.example",
        "https://vereniging.nl",
        "http://www.vereniging.nl",
        "null",
        "https://www.vereniging.nl http://localhost:8080",
        "",
    ],
)
def test_preflight_gets_nothing_for_any_other_origin(nginx, origin):
    for path in ("/webhooks/rest/webhook", "/webhooks/rest/feedback"):
        resp = preflight(nginx, origin, path)
        assert resp.status_code >= 400
        assert not any(h.lower().startswith("access-control-") for h in resp.headers)


def test_post_from_an_allowed_origin_carries_one_allow_origin_header(nginx):
    StandIn.drop, StandIn.seen = False, []
    resp = requests.post(
        f"{nginx}/webhooks/rest/webhook",
        timeout=10,
        headers={"Origin": ALLOWED[0]},
        json={"sender": "hw-nginx-test-0001", "message": "hoi"},
    )
    assert resp.status_code == 200 and resp.json()[0]["text"] == "antwoord"
    assert resp.raw.headers.getlist("Access-Control-Allow-Origin") == [ALLOWED[0]]


def test_feedback_and_the_associations_name_reach_rasa(nginx):
    """👍/👎 (POST) and the name in the widget's header (GET), from the association's site."""
    StandIn.drop, StandIn.seen = False, []
    rated = requests.post(
        f"{nginx}/webhooks/rest/feedback",
        timeout=10,
        headers={"Origin": ALLOWED[0]},
        json={"sender": "hw-nginx-test-0003", "answer": "utter_kennis/x", "value": "up"},
    )
    name = requests.get(f"{nginx}/webhooks/rest/association", timeout=10, headers={"Origin": ALLOWED[0]})
    assert rated.status_code == 200 and rated.json() == {"status": "ok"}
    assert name.status_code == 200 and name.json() == {"name": "Vereniging"}
    for resp in (rated, name):
        assert resp.raw.headers.getlist("Access-Control-Allow-Origin") == [ALLOWED[0]]
    assert [m for _, m in StandIn.seen] == ["/webhooks/rest/feedback", "GET /webhooks/rest/association"]
    # and nothing else by those routes
    assert requests.get(f"{nginx}/webhooks/rest/feedback", timeout=5).status_code == 403
    assert requests.post(f"{nginx}/webhooks/rest/association", timeout=5, json={}).status_code == 403
    assert len(StandIn.seen) == 2


def test_only_the_widget_file_and_the_webhook_are_served(nginx):
    widget = requests.get(f"{nginx}/hechtwijzer.js", timeout=5)
    assert widget.status_code == 200 and "javascript" in widget.headers["Content-Type"]
    for path in [
        "/",
        "/demo.html",
        "/demo.js",
        "/demo.css",
        "/index.html",
        "/webhooks/rest/",
        "/conversations/x/tracker",
        "/status",
        "/model",
    ]:
        assert requests.get(nginx + path, timeout=5).status_code in (403, 404), path


@pytest.mark.parametrize("path", ["/hechtwijzer.js", "/demo.html", "/webhooks/rest/webhook"])
def test_security_headers_and_no_version(nginx, path):
    headers = requests.get(nginx + path, timeout=5).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
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
