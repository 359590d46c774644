"""The scaled profile for real: nginx, two Rasa servers, one action server, PostgreSQL, Redis.

Proves: context survives turns on different servers; concurrent conversations do not mix;
killing a Rasa server mid-run loses nothing and its users get answers from the other;
a restart of everything keeps the conversations; purge works on PostgreSQL; nginx exposes
only the widget's files and the chat's routes, limits body size and rate; logs carry no message
text; the widget chats from a listed site and shows nothing on another.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests import ROOT

pytestmark = pytest.mark.scaled

NO_CONTEXT = "Waar wil je meer over weten?"
ERROR = "er ging bij mij iets mis"
TOPICS = ["wat is hechting eigenlijk?", "wat zijn de oorzaken van hechtingsproblemen?"]


def text(resp) -> str:
    assert resp.status_code == 200, resp.text
    return "\n".join(m.get("text") or "" for m in resp.json())


def new_sender(label: str) -> str:
    return f"scaled-{label}-{uuid.uuid4().hex[:10]}"


def collapse(texts):
    """Consecutive duplicates removed (a retried request may be stored twice)."""
    return [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]


def test_context_survives_turns_on_different_servers(scaled):
    # Without context, the follow-up says so: that is what a context loss looks like.
    assert NO_CONTEXT in text(scaled.send("vertel meer", new_sender("leeg"), scaled.rasa["rasa-2"]))

    sender = new_sender("wissel")
    first = text(scaled.send(TOPICS[0], sender, scaled.rasa["rasa-1"]))
    follow = text(scaled.send("vertel meer", sender, scaled.rasa["rasa-2"]))
    assert first and follow and NO_CONTEXT not in follow and follow != first

    # Through nginx (round robin), a conversation's turns alternate between the servers.
    access = scaled.log_dir / "nginx-access.log"
    before = access.read_text().count("\n") if access.exists() else 0
    sender = new_sender("nginx")
    replies = [text(scaled.send(m, sender)) for m in ["hoi", TOPICS[0], "vertel meer", "nog een tip"]]
    assert NO_CONTEXT not in replies[2]
    time.sleep(0.5)
    lines = access.read_text().splitlines()[before:]
    upstreams = {line.split("upstream=")[1].split()[0] for line in lines if "/webhooks/rest/webhook" in line}
    assert len(upstreams) == 2, lines


def test_concurrent_conversations_do_not_mix(scaled):
    # The follow-up to each topic, asked alone with the same script, is the reference (what goes
    # under an answer depends on the turn before it: the welcome, the referral given or not).
    reference = {}
    for topic in TOPICS:
        sender = new_sender("ref")
        text(scaled.send("hallo", sender))
        text(scaled.send(topic, sender))
        reference[topic] = text(scaled.send("vertel meer", sender))
    assert reference[TOPICS[0]] != reference[TOPICS[1]]
    assert not any(NO_CONTEXT in r for r in reference.values()), reference

    def conversation(i: int):
        sender = new_sender(f"mix{i}")
        topic = TOPICS[i % 2]
        messages = ["hallo", topic, "vertel meer", "bedankt"]
        replies = []
        for message in messages:
            resp = scaled.send(message, sender)
            assert all(m["recipient_id"] == sender for m in resp.json())
            replies.append(text(resp))
        return sender, topic, messages, replies

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(conversation, range(24)))
    for sender, topic, messages, replies in results:
        assert replies[2] == reference[topic], f"{sender} got another conversation's follow-up"
        assert scaled.user_texts(sender) == messages


def test_killing_a_rasa_server_loses_nothing(scaled):
    """Users keep talking while rasa-1 is killed (SIGKILL); nginx sends them to rasa-2.

    A message that was being handled by rasa-1 when it died gets a 502: nginx never sends a
    POST that reached a server to the other one (that could run the turn twice). The widget
    then offers "Probeer het opnieuw"; the retry is answered by rasa-2."""
    users = [new_sender(f"kill{i}") for i in range(6)]
    script = ["hoi", TOPICS[0], "vertel meer", "nog een tip", "en als leerkracht?", "bedankt"]
    sent = {u: [] for u in users}
    problems, retried = [], []
    halfway = threading.Barrier(len(users) + 1)

    def talk(user: str):
        for n, message in enumerate(script):
            if n == 2:
                halfway.wait(timeout=120)  # everybody is mid-conversation when the server dies
            try:
                resp = scaled.send(message, user, timeout=60)
                if resp.status_code == 502:  # it was on rasa-1 when rasa-1 died: the user retries
                    retried.append((user, message))
                    resp = scaled.send(message, user, timeout=60)
                reply = text(resp)
                if not reply or ERROR in reply or (message == "vertel meer" and NO_CONTEXT in reply):
                    problems.append((user, message, reply))
            except Exception as exc:  # noqa: BLE001 - collected and reported below
                problems.append((user, message, repr(exc)))
            sent[user].append(message)

    threads = [threading.Thread(target=talk, args=(u,)) for u in users]
    for t in threads:
        t.start()
    halfway.wait(timeout=120)
    time.sleep(0.05)  # requests are on their way
    os.kill(scaled.pid("rasa-1"), signal.SIGKILL)
    for t in threads:
        t.join(timeout=300)
    assert not problems, problems
    assert len(retried) <= len(users), retried  # at most the one message each had in flight
    for user in users:
        assert collapse(scaled.user_texts(user)) == script, user
    scaled.script("start-one", "rasa-1")
    assert requests.get(scaled.rasa["rasa-1"].rsplit("/", 1)[0] + "/", timeout=5).status_code == 200


def test_restart_of_everything_keeps_conversations(scaled):
    sender = new_sender("herstart")
    text(scaled.send(TOPICS[1], sender))
    before = scaled.user_texts(sender)
    scaled.script("stop")
    scaled.script("start")
    assert scaled.user_texts(sender) == before
    follow = text(scaled.send("vertel meer", sender))
    assert NO_CONTEXT not in follow and follow


def _shipped_purge_commands(scaled):
    """The retention commands as the profiles ship them: (label, argv, extra environment)."""
    import shlex

    from tests.test_deploy_consistency import compose_purge_command, k8s_purge
    from tests.test_purge import unit

    systemd = shlex.split(unit("hechtwijzer-scaled-purge.service")["Service"]["ExecStart"])
    k8s = k8s_purge()["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"]
    in_image = lambda argv: [sys.executable if a == "python" else a for a in argv]  # noqa: E731
    return [
        ("systemd timer (this machine)", systemd, scaled.env),
        ("k8s CronJob", in_image(k8s), scaled.pg_env()),
        ("compose purge service", in_image(compose_purge_command()[0]), scaled.pg_env()),
    ]


def test_purge_on_postgresql(scaled):
    """Each shipped schedule's command removes only conversations idle too long."""
    import sqlalchemy as sa

    live = new_sender("blijft")
    text(scaled.send(TOPICS[0], live))
    for label, argv, env in _shipped_purge_commands(scaled):
        old = new_sender("oud")
        text(scaled.send("hoi", old))
        engine = scaled.db()
        with engine.begin() as conn:  # make one conversation 40 days old
            conn.execute(
                sa.text("UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = :s"),
                {"s": old},
            )
        engine.dispose()
        env = {**os.environ, **env, "HECHTWIJZER_RETENTION_DAYS": "30"}
        out = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, (label, out.stdout, out.stderr)
        assert "removed 1 conversation(s)" in out.stdout, (label, out.stdout)
        assert scaled.user_texts(old) == [], label
        assert scaled.user_texts(live) == [TOPICS[0]], label
        assert scaled.secrets()["HW_PG_PASSWORD_DEFAULT"] not in out.stdout + out.stderr


def test_nginx_exposes_only_widget_and_webhook(scaled):
    for name in ("hechtwijzer.js", "chat.html", "chat.js", "chat.css"):
        assert requests.get(f"{scaled.public}/{name}", timeout=5).status_code == 200, name
    for path in [
        "/demo.html",
        "/demo.js",
        "/",
        "/conversations/x/tracker",
        "/conversations/x/messages",
        "/model",
        "/status",
        "/version",
        "/webhooks/rest/",
        "/domain",
        "/model/parse",
    ]:
        for method in ("GET", "POST"):
            status = requests.request(method, scaled.public + path, timeout=5, json={}).status_code
            assert status in (403, 404, 405), (method, path, status)
    # The Rasa servers themselves run without the HTTP API.
    direct = scaled.rasa["rasa-1"].split("/webhooks")[0]
    assert requests.get(f"{direct}/conversations/x/tracker", timeout=5).status_code == 404
    assert requests.get(f"{direct}/status", timeout=5).status_code == 404


def test_request_size_limit(scaled):
    big = "a" * 20_000
    resp = requests.post(scaled.webhook, json={"sender": new_sender("groot"), "message": big}, timeout=10)
    assert resp.status_code == 413


def test_rate_limit_per_client(scaled):
    scaled.script("start-one", "nginx", HW_RATE_LIMIT="2r/s", HW_RATE_BURST="3")
    try:
        sender = new_sender("snel")
        with ThreadPoolExecutor(max_workers=12) as pool:
            codes = list(pool.map(lambda _: scaled.send("hoi", sender, timeout=30).status_code, range(12)))
        assert 429 in codes and 200 in codes, codes
    finally:
        scaled.script("start-one", "nginx")


def test_logs_carry_no_message_text(scaled):
    secret = f"geheimbericht{uuid.uuid4().hex[:8]}"
    sender = new_sender("privacy")
    text(scaled.send(f"mijn zoon {secret} slaat op school", sender))
    text(scaled.send(f"vertel meer over {secret}", sender))
    time.sleep(1)
    for log in scaled.log_dir.glob("*.log"):
        assert secret not in log.read_text(errors="replace"), f"message text in {log.name}"


def _listening_addresses(port: int):
    """The local addresses with a socket listening on `port` (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_only_nginx_listens_beyond_this_machine(scaled):
    """Action server, Rasa servers, PostgreSQL and Redis answer on 127.0.0.1 only."""
    from tests.scaled.conftest import ENV

    loopback = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
    base = int(ENV["HW_RASA_PORT_BASE"])
    for name, port in {
        "actions": ENV["HW_ACTIONS_PORT"],
        "rasa-1": base,
        "rasa-2": base + 1,
        "postgres": ENV["HW_PG_PORT"],
        "redis": ENV["HW_REDIS_PORT"],
    }.items():
        assert _listening_addresses(int(port)) == {loopback}, name


def test_data_secrets_and_logs_are_private(scaled):
    import stat

    def mode(path):
        return stat.S_IMODE(path.lstat().st_mode)

    assert mode(scaled.dir) & 0o066 == 0, oct(mode(scaled.dir))  # nobody else can list it
    assert mode(scaled.log_dir) == 0o700
    logs = list(scaled.log_dir.glob("*.log"))
    assert {"postgres.log", "nginx-access.log", "actions.log", "rasa-1.log"} <= {p.name for p in logs}
    for path in [*logs, scaled.dir / "secrets.env"]:
        assert mode(path) == 0o600, (path.name, oct(mode(path)))
    pg = (scaled.dir / "pg").resolve()
    assert mode(pg) == 0o700


def test_widget_on_another_site(scaled, tmp_path):
    """The one-line script tag on the association's site (another origin) chats through nginx,
    in the chat's frame; the same tag on a site that is not in HECHTWIJZER_CORS_ORIGINS gets
    no launcher (the browser refuses the frame) and sends nothing."""
    import functools
    import http.server

    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.scaled.conftest import HOST_PAGE_PORTS

    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Vereniging</title></head>'
        f'<body><h1>Vereniging</h1><script src="{scaled.public}/hechtwijzer.js" '
        f'data-server="{scaled.public}" defer></script></body></html>'
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    sites = {
        name: http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        for name, port in HOST_PAGE_PORTS.items()
    }
    for site in sites.values():
        threading.Thread(target=site.serve_forever, daemon=True).start()

    def stored_sender(page) -> str:
        frame = page.locator("hechtwijzer-chat iframe").element_handle().content_frame()
        return frame.evaluate("() => JSON.parse(Object.values(sessionStorage)[0]).senderId")

    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{HOST_PAGE_PORTS['allowed']}/")
            page.get_by_role("button", name="Chat met Hechtwijzer").click()
            chat = page.frame_locator("hechtwijzer-chat iframe")
            box = chat.get_by_role("textbox", name=re.compile(r"^Je vraag aan "))
            box.fill(TOPICS[0])
            box.press("Enter")
            answer = chat.locator(".msg-bot .bubble").nth(1)  # after the welcome
            sync_api.expect(answer).not_to_be_empty(timeout=60_000)
            assert "iets mis" not in answer.inner_text()
            assert scaled.user_texts(stored_sender(page)) == [TOPICS[0]]

            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{HOST_PAGE_PORTS['other']}/")
            page.wait_for_timeout(3000)  # ample time for the frame to load and say it is ready
            sync_api.expect(page.get_by_role("button", name="Chat met Hechtwijzer")).to_be_hidden()
            browser.close()
    finally:
        for site in sites.values():
            site.shutdown()
