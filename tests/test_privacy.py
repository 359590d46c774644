"""Privacy (AVG) and exposure, checked where it is configured.

With the servers running, tests/scaled/test_scaled.py::test_logs_carry_no_message_text sends a
unique message and greps every log (Rasa at INFO, Rasa SDK, nginx, PostgreSQL, Redis) for it,
and ::test_nginx_exposes_only_widget_and_webhook checks the exposure from outside.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
TEMPLATE = (DEPLOY / "nginx" / "hechtwijzer.conf.template").read_text()


def _no_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _places_that_start_rasa():
    files = [ROOT / "bot" / "launcher.py", DEPLOY / "scaled.sh", DEPLOY / "docker-compose.yml",
             *sorted((DEPLOY / "k8s").glob("*.yaml"))]
    return {f.relative_to(ROOT).as_posix(): _no_comments(f.read_text()) for f in files}


def test_http_api_is_never_enabled_without_a_token():
    for name, text in _places_that_start_rasa().items():
        if "--enable-api" in text or '"--enable-api"' in text:
            assert "--auth-token" in text, f"{name} enables the Rasa HTTP API without --auth-token"


def test_nginx_proxies_only_the_rest_webhook():
    body = _no_comments(TEMPLATE)
    locations = re.findall(r"location\s+([^{]+?)\s*\{", body)
    assert locations == ["= /webhooks/rest/webhook", "/"], locations
    assert body.count("proxy_pass") == 1
    webhook = body.split("location = /webhooks/rest/webhook")[1].split("location /")[0]
    assert "proxy_pass" in webhook and "limit_except POST" in webhook and "limit_req " in webhook
    static = body.split("location / {")[1]
    assert "proxy_pass" not in static and "root ${HW_WEB_ROOT}" in static
    assert "client_max_body_size" in body and "limit_req_zone $binary_remote_addr" in body


def test_nginx_access_log_has_no_client_address_or_body():
    fmt = TEMPLATE.split("log_format hw_noip", 1)[1].split(";", 1)[0]
    for leaked in ("$remote_addr", "$binary_remote_addr", "$http_x_forwarded_for", "$request_body",
                   "$args", "$request_uri", "$http_referer", "$http_user_agent"):
        assert leaked not in fmt
    assert re.search(r"access_log\s+\$\{HW_ACCESS_LOG\}\s+hw_noip;", TEMPLATE)


def test_telemetry_is_off_everywhere():
    assert '"RASA_TELEMETRY_ENABLED": "false"' in (ROOT / "bot" / "launcher.py").read_text()
    assert "RASA_TELEMETRY_ENABLED := false" in (ROOT / "Makefile").read_text()
    assert "RASA_TELEMETRY_ENABLED=false" in (DEPLOY / "scaled.sh").read_text()
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    for name in ("rasa-1", "rasa-2"):
        assert compose["services"][name]["environment"]["RASA_TELEMETRY_ENABLED"] == "false"
    assert "ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false" in (DEPLOY / "docker" / "rasa.Dockerfile").read_text()


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
