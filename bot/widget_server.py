"""The widget's web server in the embedded profile (started by bot/launcher.py).

It does here what nginx does in the scaled profile (deploy/nginx/hechtwijzer.conf.template):
it serves bot/web/ and passes the chat's routes on to the Rasa server: its two POSTs (a message,
👍/👎) and GET /webhooks/rest/association (the association's name in the chat's header). The chat
(chat.html, shown in a frame on the association's site) therefore talks to its own origin and
the browser needs no CORS. chat.html may be framed only by this server's own pages and by the
sites in HECHTWIJZER_CORS_ORIGINS (frame-ancestors); its other rules are in its own meta tag.
Unlike nginx it also serves the demo page: the embedded profile is for one machine.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable

# The REST channel's routes the chat uses (bot/channels.py); nothing else is passed on.
ROUTES = ("/webhooks/rest/webhook", "/webhooks/rest/feedback")
GET_ROUTES = ("/webhooks/rest/association",)
MAX_BODY = 16 * 1024  # as HW_MAX_BODY in deploy/scaled.env: a chat message is small
RASA_TIMEOUT = 30  # seconds, as nginx's proxy_read_timeout
# The same rule as deploy/rasa-start.sh: scheme://host[:port], nothing else (no *, no path).
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def frame_ancestors(origins: Iterable[str]) -> str:
    """The CSP header of chat.html: which pages may show the chat in a frame."""
    origins = list(origins)
    bad = [o for o in origins if not ORIGIN.match(o)]
    if bad:
        raise SystemExit(
            f"HECHTWIJZER_CORS_ORIGINS: {bad[0]!r} is not an origin like https://www.vereniging.nl "
            "(no path, no *)"
        )
    return " ".join(["frame-ancestors", "'self'", *origins])


class WidgetHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, rasa_url: str, chat_policy: str, **kwargs):
        self.rasa_url = rasa_url
        self.chat_policy = chat_policy
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:  # access logs would only add noise (and carry paths)
        pass

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if self.path.split("?")[0] == "/chat.html":
            self.send_header("Content-Security-Policy", self.chat_policy)
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path in GET_ROUTES:
            self._pass_on(urllib.request.Request(self.rasa_url + path, method="GET"))
        else:  # a file of bot/web/; Rasa's other GET routes are 404s here
            super().do_GET()

    def do_POST(self) -> None:
        path = self.path.split("?")[0]
        if path not in ROUTES:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > 0 else HTTPStatus.BAD_REQUEST)
            return
        self._pass_on(
            urllib.request.Request(
                self.rasa_url + path,
                data=self.rfile.read(length),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
        )

    def _pass_on(self, request: urllib.request.Request) -> None:
        try:
            with urllib.request.urlopen(request, timeout=RASA_TIMEOUT) as reply:
                status, body, cache = reply.status, reply.read(), reply.headers.get("Cache-Control")
        except urllib.error.HTTPError as error:  # Rasa's own 400/404/503 go back as they are
            status, body, cache = error.code, error.read(), None
        except OSError:
            self.send_error(HTTPStatus.BAD_GATEWAY)
            return
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        # Rasa says what may be kept (the association's name: a few minutes); answers: nothing.
        self.send_header("Cache-Control", cache or "no-store")
        self.end_headers()
        self.wfile.write(body)


def start(web_dir: Path, host: str, port: int, rasa_url: str, origins: Iterable[str]) -> ThreadingHTTPServer:
    """Serve web_dir on host:port in a thread; stop it with .shutdown()."""
    handler = functools.partial(
        WidgetHandler,
        directory=str(web_dir),
        rasa_url=rasa_url.rstrip("/"),
        chat_policy=frame_ancestors(origins),
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
