"""The embedded profile's widget server (bot/widget_server.py) in front of a stand-in Rasa server.

What it proves: the chat's page may be framed only by the listed sites, the chat's two POST
routes and GET /webhooks/rest/association reach Rasa (and nothing else does), and no answer carries CORS headers: the chat talks
to its own origin. In the browser: tests/browser/test_web_widget.py::test_embedded_widget_server_*.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from bot import widget_server
from bot.launcher import WEB_DIR

SITES = ["https://www.vereniging.nl", "http://localhost:8080"]


class StandInRasa(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        StandInRasa.seen.append((self.path, json.loads(body)))
        status, reply = (
            (200, [{"text": "antwoord"}]) if self.path.endswith("webhook") else (404, {"error": "x"})
        )
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        StandInRasa.seen.append((self.path, None))
        data = json.dumps({"name": "Vereniging"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "public, max-age=300")  # as bot/channels.py sends it
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def servers():
    rasa = ThreadingHTTPServer(("127.0.0.1", 0), StandInRasa)
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    web = widget_server.start(WEB_DIR, "127.0.0.1", 0, f"http://127.0.0.1:{rasa.server_address[1]}", SITES)
    yield f"http://127.0.0.1:{web.server_address[1]}", rasa
    web.shutdown()
    rasa.shutdown()
    rasa.server_close()


@pytest.fixture
def web(servers):
    StandInRasa.seen = []
    return servers[0]


def test_only_the_listed_sites_may_show_the_chat(web):
    resp = requests.get(f"{web}/chat.html", timeout=5)
    assert resp.status_code == 200 and "chat.js" in resp.text
    assert resp.headers["Content-Security-Policy"] == (
        "frame-ancestors 'self' https://www.vereniging.nl http://localhost:8080"
    )
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/webhooks/rest/feedback"])
def test_the_chats_routes_reach_rasa_without_cors(web, path):
    body = {"sender": "hw-widget-server-01", "message": "hoi"}
    resp = requests.post(web + path, json=body, headers={"Origin": SITES[0]}, timeout=10)
    assert StandInRasa.seen == [(path, body)]
    assert resp.status_code == (200 if path.endswith("webhook") else 404)  # Rasa's status, as it is
    assert not [h for h in resp.headers if h.lower().startswith("access-control-")]
    preflight = requests.options(web + path, headers={"Origin": SITES[0]}, timeout=5)
    assert preflight.status_code >= 400
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


def test_the_associations_name_reaches_the_chat_without_cors(web):
    resp = requests.get(f"{web}/webhooks/rest/association", headers={"Origin": SITES[0]}, timeout=10)
    assert StandInRasa.seen == [("/webhooks/rest/association", None)]
    assert resp.status_code == 200 and resp.json() == {"name": "Vereniging"}
    assert resp.headers["Cache-Control"] == "public, max-age=300"  # Rasa's, passed on
    assert not [h for h in resp.headers if h.lower().startswith("access-control-")]
    # a POST there, or the answers' routes by GET, do not reach Rasa
    assert requests.post(f"{web}/webhooks/rest/association", json={}, timeout=5).status_code == 404
    for path in ["/webhooks/rest/webhook", "/webhooks/rest/feedback", "/webhooks/rest/", "/status"]:
        assert requests.get(web + path, timeout=5).status_code == 404, path
    assert len(StandInRasa.seen) == 1


def test_nothing_else_reaches_rasa(web):
    for path in ["/webhooks/rest/", "/conversations/x/tracker", "/model/parse", "/chat.html"]:
        assert requests.post(web + path, json={}, timeout=5).status_code in (404, 405, 501), path
    big = {"sender": "hw-widget-server-02", "message": "a" * 20_000}
    assert requests.post(f"{web}/webhooks/rest/webhook", json=big, timeout=5).status_code == 413
    assert StandInRasa.seen == []


def test_rasa_down_is_a_502(tmp_path):
    web = widget_server.start(WEB_DIR, "127.0.0.1", 0, "http://127.0.0.1:9", SITES)  # nothing on port 9
    try:
        url = f"http://127.0.0.1:{web.server_address[1]}/webhooks/rest/webhook"
        assert (
            requests.post(url, json={"sender": "hw-widget-server-03", "message": "x"}, timeout=10).status_code
            == 502
        )
    finally:
        web.shutdown()


@pytest.mark.parametrize(
    "origin", ["*", "https://www.vereniging.nl/", "https://*.vereniging.nl", "vereniging.nl"]
)
def test_a_badly_written_site_stops_the_server_before_it_starts(origin):
    with pytest.raises(SystemExit, match="HECHTWIJZER_CORS_ORIGINS"):
        widget_server.frame_ancestors([SITES[0], origin])
