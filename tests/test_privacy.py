"""Privacy (AVG) and exposure, checked where it is configured.

With the servers running, tests/scaled/test_scaled.py::test_logs_carry_no_message_text sends a
unique message and greps every log (Rasa at INFO, Rasa SDK, nginx, PostgreSQL, Redis) for it,
and ::test_nginx_exposes_only_widget_and_webhook checks the exposure from outside.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

from tests import ROOT

DEPLOY = ROOT / "deploy"
TEMPLATE = (DEPLOY / "nginx" / "hechtwijzer.conf.template").read_text()


def _no_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _places_that_start_rasa():
    files = [
        ROOT / "bot" / "launcher.py",
        DEPLOY / "scaled.sh",
        DEPLOY / "docker-compose.yml",
        *sorted((DEPLOY / "k8s").glob("*.yaml")),
    ]
    return {f.relative_to(ROOT).as_posix(): _no_comments(f.read_text()) for f in files}


def test_http_api_is_never_enabled_without_a_token():
    for name, text in _places_that_start_rasa().items():
        if "--enable-api" in text or '"--enable-api"' in text:
            assert "--auth-token" in text, f"{name} enables the Rasa HTTP API without --auth-token"


def test_nginx_proxies_only_the_widgets_routes():
    """The message and 👍/👎 POSTs, the association's name (GET only), the chat's files; nothing else."""
    body = _no_comments(TEMPLATE)
    locations = re.findall(r"location\s+([^{]+?)\s*\{", body)
    posts, association = "~ ^/webhooks/rest/(webhook|feedback)$", "= /webhooks/rest/association"
    assert locations == [
        posts,
        association,
        "= /chat.html",
        "~ ^/(hechtwijzer\\.js|chat\\.js|chat\\.css)$",
        "/",
    ], locations
    assert body.count("proxy_pass") == 2
    webhook = body.split(f"location {posts}")[1].split("location ")[0]
    assert "proxy_pass" in webhook and "limit_req " in webhook and "limit_except POST" in webhook
    name = body.split(f"location {association}")[1].split("location ")[0]
    assert "proxy_pass" in name and "limit_req " in name and "limit_except GET { deny all; }" in name
    assert "non_idempotent" not in body  # a POST is never run twice on two servers
    assert "Access-Control" not in body  # the chat is same-origin: no CORS for anybody
    for name in ("= /chat.html", "~ ^/(hechtwijzer"):
        files = body.split(f"location {name}")[1].split("location ")[0]
        assert "proxy_pass" not in files and "root ${HW_WEB_ROOT}" in files and "limit_except GET" in files
    assert re.search(r"location / \{\s*return 404;\s*\}", body)
    assert "client_max_body_size" in body and "limit_req_zone $binary_remote_addr" in body


def test_nginx_access_log_has_no_client_address_or_body():
    fmt = TEMPLATE.split("log_format hw_noip", 1)[1].split(";", 1)[0]
    for leaked in (
        "$remote_addr",
        "$binary_remote_addr",
        "$http_x_forwarded_for",
        "$request_body",
        "$args",
        "$request_uri",
        "$http_referer",
        "$http_user_agent",
    ):
        assert leaked not in fmt
    assert re.search(r"access_log\s+\$\{HW_ACCESS_LOG\}\s+hw_noip;", TEMPLATE)


def test_telemetry_is_off_everywhere():
    """Our commands take their environment from bot/run_env.py (the launcher's servers:
    test_embedded_servers_send_no_telemetry); the containers set it themselves."""
    for script in ("bot/tools/test_all.sh", "deploy/scaled.sh"):
        assert '-m bot.run_env)"' in _no_comments((ROOT / script).read_text()), script
    shell = subprocess.run(
        ["bash", "-c", 'eval "$(.venv/bin/python -m bot.run_env)"; echo "$RASA_TELEMETRY_ENABLED"'],
        cwd=ROOT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.stdout.strip() == "false", shell.stderr
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    for name in ("rasa-1", "rasa-2"):
        assert compose["services"][name]["environment"]["RASA_TELEMETRY_ENABLED"] == "false"
    assert (
        "ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false"
        in (DEPLOY / "docker" / "rasa.Dockerfile").read_text()
    )


def test_database_and_lock_store_listen_only_locally_and_need_passwords():
    script = (DEPLOY / "scaled.sh").read_text()
    assert "listen_addresses = '127.0.0.1'" in script and "--auth-host=scram-sha-256" in script
    assert "--bind 127.0.0.1" in script and "--requirepass" in script
    assert "log_statement = 'none'" in script  # PostgreSQL never logs the statements (message data)
    assert '--interface 127.0.0.1' in script  # the Rasa servers are reached only through nginx


def test_conversations_are_stored_only_in_the_tracker_store():
    for name in ("endpoints.yml", "deploy/endpoints-scaled.yml"):
        endpoints = yaml.safe_load((ROOT / name).read_text())
        assert "event_broker" not in endpoints, f"{name}: an event broker would copy conversations elsewhere"
        assert endpoints["tracker_store"]["type"] == "SQL"


# ------------------------------------------------------------------ embedded profile (bot/launcher.py)
import stat  # noqa: E402

import pytest  # noqa: E402


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fake_servers(tmp_path, monkeypatch):
    """The launcher with stand-ins for the action server and Rasa: small scripts that write down
    the address they were told to listen on and their telemetry setting, and create the tracker
    database named in the endpoints file, as Rasa would."""
    from bot import launcher, settings

    bin_dir, seen = tmp_path / "bin", tmp_path / "seen"
    bin_dir.mkdir()
    seen.mkdir()
    for name in ("python", "rasa"):
        script = bin_dir / name
        script.write_text(
            "#!/bin/sh\n"
            f'echo "${{SANIC_HOST:-all interfaces}}" > "{seen}/{name}.host"\n'
            f'echo "$RASA_TELEMETRY_ENABLED" > "{seen}/{name}.telemetry"\n'
            'echo "$@" > "'
            + str(seen)
            + '/'
            + name
            + '.args"\n'
            + (
                'while [ $# -gt 0 ]; do [ "$1" = --endpoints ] && endpoints="$2"; shift; done\n'
                'printf x > "$(sed -n "s/^ *db: *//p" "$endpoints")"\n'
                if name == "rasa"
                else ""
            )
        )
        script.chmod(0o755)
    var = tmp_path / "var"
    monkeypatch.setattr(launcher, "BIN", bin_dir)
    monkeypatch.setattr(launcher, "WEB_DIR", tmp_path / "no-web")  # no widget server on a real port
    monkeypatch.setattr(settings, "VAR_DIR", var)
    monkeypatch.setattr(settings, "TRACKER_DB", var / "tracker.db")
    servers = launcher.Servers()
    servers.start()
    for proc in servers.procs:
        proc.wait(timeout=30)
    servers.stop()
    return var, seen


def test_embedded_action_server_listens_only_on_this_machine(fake_servers):
    _, seen = fake_servers
    assert "rasa_sdk" in (seen / "python.args").read_text()
    assert (seen / "python.host").read_text().strip() == "127.0.0.1"


def test_embedded_servers_send_no_telemetry(fake_servers):
    _, seen = fake_servers
    assert (seen / "rasa.telemetry").read_text().strip() == "false"
    assert (seen / "python.telemetry").read_text().strip() == "false"


def test_embedded_var_tracker_and_logs_are_private(fake_servers):
    var, _ = fake_servers
    assert (var / "tracker.db").exists() and (var / "log" / "rasa.log").exists()
    assert _mode(var) == 0o700 and _mode(var / "log") == 0o700
    for path in [var / "tracker.db", *(var / "log").iterdir()]:
        assert _mode(path) == 0o600, path


def test_an_existing_world_readable_tracker_is_made_private(tmp_path, monkeypatch):
    from bot import launcher, settings

    var = tmp_path / "var"
    (var / "log").mkdir(parents=True)
    var.chmod(0o755)
    for path in (var / "tracker.db", var / "log" / "rasa.log"):
        path.write_text("oud gesprek")
        path.chmod(0o644)
    monkeypatch.setattr(settings, "VAR_DIR", var)
    monkeypatch.setattr(settings, "TRACKER_DB", var / "tracker.db")
    launcher.make_private()
    assert _mode(var) == 0o700 and _mode(var / "tracker.db") == 0o600
    assert _mode(var / "log" / "rasa.log") == 0o600


def test_a_tracker_elsewhere_leaves_its_existing_folder_alone(tmp_path, monkeypatch):
    from bot import launcher, settings

    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    monkeypatch.setattr(settings, "TRACKER_DB", shared / "tracker.db")
    launcher.make_private()
    assert _mode(shared) == 0o1777
    (shared / "tracker.db").write_text("")
    (shared / "tracker.db").chmod(0o644)
    launcher.make_private()
    assert _mode(shared / "tracker.db") == 0o600


def test_scaled_action_server_listens_only_on_this_machine():
    script = _no_comments((DEPLOY / "scaled.sh").read_text())
    start = script.split("start_actions() {")[1].split("\n}")[0]
    assert "SANIC_HOST=127.0.0.1" in start and "rasa_sdk" in start
    assert "umask 077" in script.split("source deploy/scaled.env")[0]  # before anything is created


# ------------------------------------------------------------------ demo page
import json  # noqa: E402
import shutil  # noqa: E402

NODE = shutil.which("node")


def demo_server_after(page_url: str) -> str:
    """bot/web/demo.js run (in node) on a page at page_url; the widget's data-server afterwards."""
    script = """
const fs = require('fs'), vm = require('vm');
const [file, href] = process.argv.slice(1);
const attrs = {'data-server': 'https://bot.vereniging.nl'};
const tag = {setAttribute: (k, v) => { attrs[k] = v; }, getAttribute: (k) => attrs[k]};
const url = new URL(href);
const window = {location: url};
vm.runInNewContext(fs.readFileSync(file, 'utf8'), {
  window, URLSearchParams, document: {querySelector: () => tag}});
console.log(JSON.stringify(attrs['data-server']));
"""
    out = subprocess.run(
        [NODE, "-e", script, str(ROOT / "bot" / "web" / "demo.js"), page_url],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(not NODE, reason="node is not installed")
@pytest.mark.parametrize(
    "page, moved",
    [
        ("http://localhost:8080/demo.html", True),
        ("http://127.0.0.1:8080/demo.html", True),
        ("http://[::1]:8080/demo.html", True),
        ("https://www.vereniging.nl/demo.html", False),
        ("https://bot.vereniging.nl/demo.html", False),
        ("http://localhost.evil.example/demo.html", False),
        ("http://127.0.0.1.evil.example/demo.html", False),
    ],
)
def test_demo_page_takes_another_server_only_on_this_machine(page, moved):
    target = "https://evil.example"
    server = demo_server_after(f"{page}?server={target}")
    assert server == (target if moved else "https://bot.vereniging.nl")


def test_production_images_ship_the_widget_files_only():
    dockerfile = (DEPLOY / "docker" / "nginx.Dockerfile").read_text()
    copies = [c.split() for c in re.findall(r"^COPY (.+?) \S+$", dockerfile, re.M)]
    assert copies == [
        ["bot/web/hechtwijzer.js", "bot/web/chat.html", "bot/web/chat.js", "bot/web/chat.css"],
        ["deploy/nginx/hechtwijzer.conf.template"],
    ]
