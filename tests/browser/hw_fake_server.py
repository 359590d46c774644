"""A tiny stand-in for the Rasa REST channel, for fast and deterministic browser tests.

Two listeners share one handler and serve bot/web/. Two ports mean two origins, as on a real
website: `web_url` plays the association's site (the demo page and other host pages), `api_url`
the bot's server (the chat frame chat.html and POST /webhooks/rest/webhook). The chat talks to
the webhook from its own origin, so nothing here answers CORS: a request from another origin
would fail, as the widget's design requires.

Trigger words in a message pick a behaviour (see ``reply_for``):
  "wacht"   -> hold the reply until the test calls ``release()`` (typing indicator test)
  "fout500" -> HTTP 500 on the first attempt, a normal answer on the retry
  "traag"   -> no answer for ``slow_seconds`` on the first attempt (client time-out), then normal
  "xss"     -> a reply full of markup that must show up as plain text
  "leeg"    -> an empty list, as Rasa sends when it has nothing to say
  "kennisvraag" -> a knowledge answer marked for 👍/👎 (POST /webhooks/rest/feedback lands in .feedback)
GET /webhooks/rest/association answers ``.association`` (the association's name, or {}).
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests import ROOT

WEB_DIR = ROOT / "bot" / "web"
WEBHOOK = "/webhooks/rest/webhook"
FEEDBACK = "/webhooks/rest/feedback"
ASSOCIATION = "/webhooks/rest/association"
FEEDBACK_ANSWER = "utter_kennis/wat_is_hechting"

XSS_REPLY = (
    '<img src=x onerror=alert("bot")> <script>alert("bot2")</script> '
    "[klik hier](javascript:alert(3)) en <b>vet</b>"
)

ANSWER_HECHTING = (
    "Hechting is de band tussen een kind en de mensen die voor het kind zorgen. "
    "Meer lezen: https://www.example.org/hechting. "
    "Wil je met iemand praten? Bel de Kindertelefoon: 0800-0432."
)


class FakeRasa:
    def __init__(self, web_dir: Path = WEB_DIR, slow_seconds: float = 4.0):
        self.web_dir = web_dir
        self.slow_seconds = slow_seconds
        self.requests: list[dict] = []
        self.feedback: list[dict] = []
        # What GET /webhooks/rest/association answers (content/association.yml on the real bot)
        self.association: dict = {}
        self.association_requests = 0
        # Extra host pages a test wants served from the web origin (path -> HTML). Served by
        # us, not by page.route: Chromium treats a routed document as "public" and then
        # blocks its requests to loopback (Local Network Access).
        self.pages: dict[str, str] = {}
        self._attempts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._gate = threading.Event()
        self._stopping = threading.Event()
        self._servers: list[ThreadingHTTPServer] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "FakeRasa":
        handler = partial(_Handler, fake=self, directory=str(self.web_dir))
        for _ in range(2):
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._gate.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self._servers[0].server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._servers[1].server_address[1]}"

    def demo_url(self, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"server": self.api_url, **params}.items())
        return f"{self.web_url}/demo.html?{query}"

    def release(self) -> None:
        """Let a held ("wacht") reply go."""
        self._gate.set()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.feedback.clear()
            self.association = {}
            self.association_requests = 0
            self.pages.clear()
            self._attempts.clear()
        self._gate.clear()

    # ------------------------------------------------------------------ behaviour
    def attempt(self, sender: str, message: str) -> int:
        with self._lock:
            self.requests.append({"sender": sender, "message": message})
            key = (sender, message)
            self._attempts[key] = self._attempts.get(key, 0) + 1
            return self._attempts[key]

    def reply_for(self, sender: str, message: str) -> tuple[int, list[dict]]:
        attempt = self.attempt(sender, message)
        text = message.lower()
        if "wacht" in text:
            self._gate.wait(timeout=15)
            return 200, [_bot(sender, "Dank voor je geduld. Hier is mijn antwoord.")]
        if "fout500" in text and attempt == 1:
            return 500, [{"error": "kapot"}]
        if "traag" in text and attempt == 1:
            self._stopping.wait(timeout=self.slow_seconds)
            return 200, [_bot(sender, "Te laat.")]
        if "xss" in text:
            return 200, [_bot(sender, XSS_REPLY, buttons=[{"title": "<i>knop</i>", "payload": "/knop"}])]
        if "leeg" in text:
            return 200, []
        if "kennisvraag" in text:
            return 200, [
                _bot(sender, ANSWER_HECHTING),
                {
                    **_bot(
                        sender,
                        "Wil je meer weten?",
                        buttons=[{"title": "Vertel meer", "payload": "Vertel meer"}],
                    ),
                    "feedback": FEEDBACK_ANSWER,
                },
            ]
        if message == "/tips_zelf":
            return 200, [
                _bot(sender, "Een tip: geef je kind voorspelbaarheid. Vaste momenten samen geven rust.")
            ]
        if message == "/hulp_vinden":
            return 200, [_bot(sender, "Je kunt terecht bij je huisarts of het wijkteam. Kijk ook op 113.nl.")]
        if "hecht" in text or "fout500" in text or "traag" in text:
            return 200, [
                _bot(sender, ANSWER_HECHTING),
                _bot(
                    sender,
                    "Waar wil je nog meer over weten?",
                    buttons=[
                        {"title": "Wat kan ik zelf doen?", "payload": "/tips_zelf"},
                        {"title": "Waar vind ik hulp?", "payload": "/hulp_vinden"},
                    ],
                ),
            ]
        return 200, [_bot(sender, "Dat begrijp ik niet goed. Kun je het anders vragen?")]


def _bot(sender: str, text: str, buttons: list[dict] | None = None) -> dict:
    reply: dict = {"recipient_id": sender, "text": text}
    if buttons:
        reply["buttons"] = buttons
    return reply


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, fake: FakeRasa, **kwargs):
        self.fake = fake
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass

    def end_headers(self):
        # Static files too: the browser must never serve a stale widget between runs.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path.split("?")[0] == ASSOCIATION:
            with self.fake._lock:
                self.fake.association_requests += 1
            self._json(200, self.fake.association)
            return
        page = self.fake.pages.get(self.path.split("?")[0])
        if page is None:
            super().do_GET()
            return
        data = page.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html")  # no charset on purpose: like a sloppy CMS
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if self.path.split("?")[0] == FEEDBACK:
            with self.fake._lock:
                self.fake.feedback.append(json.loads(self.rfile.read(length) or b"{}"))
            self._json(200, {"status": "ok"})
            return
        if self.path.split("?")[0] != WEBHOOK:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            sender, message = str(body["sender"]), str(body["message"])
        except (ValueError, KeyError, TypeError):
            self._json(400, {"error": "bad request"})
            return
        status, payload = self.fake.reply_for(sender, message)
        self._json(status, payload)

    def _json(self, status: int, payload) -> None:
        data = json.dumps(payload).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (time-out test); nothing to tell it


if __name__ == "__main__":  # manual poking: python tests/browser/hw_fake_server.py
    fake = FakeRasa().start()
    print("Demo:", fake.demo_url())
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()
