"""deploy/scaled.sh, docker-compose.yml and k8s/ describe one topology: same services, ports, settings.

Sources of truth: deploy/scaled.env (names and numbers of the script), deploy/endpoints-scaled.yml
(the variables Rasa needs), deploy/nginx/hechtwijzer.conf.template (the variables nginx needs).
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest
import yaml

from tests import ROOT

DEPLOY = ROOT / "deploy"
SERVICES = {"nginx", "rasa-1", "rasa-2", "actions", "postgres", "redis"}
CONTAINER_PORTS = {
    "nginx": 8088,
    "rasa-1": 5005,
    "rasa-2": 5005,
    "actions": 5055,
    "postgres": 5432,
    "redis": 6379,
}


def script_defaults():
    text = (DEPLOY / "scaled.env").read_text()
    return dict(re.findall(r': "\$\{(HW_\w+):=([^}]*)\}"', text))


def endpoint_vars():
    return set(re.findall(r"\$\{(\w+)\}", (DEPLOY / "endpoints-scaled.yml").read_text()))


def template_vars():
    text = (DEPLOY / "nginx" / "hechtwijzer.conf.template").read_text()
    return set(re.findall(r"\$\{((?:HW|HECHTWIJZER)_\w+)\}", text))


def script_text():
    return (DEPLOY / "scaled.sh").read_text()


def compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def k8s_objects():
    objs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        objs += [o for o in yaml.safe_load_all(path.read_text()) if o]
    return objs


def k8s_workloads():
    return {o["metadata"]["name"]: o for o in k8s_objects() if o["kind"] in ("Deployment", "StatefulSet")}


def k8s_env(workload) -> dict:
    env = {}
    for item in workload["spec"]["template"]["spec"]["containers"][0].get("env", []):
        env[item["name"]] = item.get("value", "<secret>")
    return env


def compose_env(service) -> dict:
    env = service.get("environment") or {}
    return {k: ("<secret>" if "${" in str(v) else str(v)) for k, v in env.items()}


def test_same_services_everywhere():
    assert set(compose()["services"]) == SERVICES | {"purge"}  # purge: a CronJob in k8s
    assert set(k8s_workloads()) == SERVICES
    services = {o["metadata"]["name"] for o in k8s_objects() if o["kind"] == "Service"}
    assert services == SERVICES
    # The script starts the same parts (postgres, redis, actions, rasa-N, nginx).
    text = script_text()
    for part in ["start_postgres", "start_redis", "start_actions", "start_rasa rasa-1", "start_nginx"]:
        assert part in text
    assert script_defaults()["HW_RASA_SERVERS"] == "2"


def test_same_ports():
    c = compose()["services"]
    for name, port in CONTAINER_PORTS.items():
        declared = [int(str(p).split(":")[-1]) for p in c[name].get("expose", []) + c[name].get("ports", [])]
        assert port in declared, (name, declared)
        container = k8s_workloads()[name]["spec"]["template"]["spec"]["containers"][0]
        assert [p["containerPort"] for p in container["ports"]] == [port], name
    svc = {o["metadata"]["name"]: o for o in k8s_objects() if o["kind"] == "Service"}
    for name, port in CONTAINER_PORTS.items():
        assert svc[name]["spec"]["ports"][0]["port"] == port
    # The public port is the same on this machine, in compose and in k8s.
    public = script_defaults()["HW_PUBLIC_PORT"]
    assert c["nginx"]["ports"] == [f"{public}:{public}"]
    assert k8s_env(k8s_workloads()["nginx"])["HW_PUBLIC_PORT"] == public
    assert compose_env(c["nginx"])["HW_PUBLIC_PORT"] == public


def test_rasa_servers_get_the_variables_endpoints_scaled_needs():
    needed = endpoint_vars()
    assert needed >= {"HECHTWIJZER_PG_HOST", "HECHTWIJZER_REDIS_HOST", "HECHTWIJZER_ACTIONS_URL"}
    env_functions = (
        script_text().split("server_env()")[1].split("\n}")[0]
        + script_text().split("pg_env()")[1].split("\n}")[0]
    )
    assert "pg_env" in script_text().split("server_env()")[1].split("\n}")[0]
    exported = set(re.findall(r"(HECHTWIJZER_\w+)=", env_functions))
    assert needed <= exported
    c = compose()["services"]
    workloads = k8s_workloads()
    for name in ("rasa-1", "rasa-2"):
        assert needed <= set(compose_env(c[name])), name
        assert compose_env(c[name]) == k8s_env(workloads[name]), name
        assert compose_env(c[name])["RASA_TELEMETRY_ENABLED"] == "false"
        assert compose_env(c[name])["TICKET_LOCK_LIFETIME"] == script_defaults()["HW_LOCK_LIFETIME"]
        assert compose_env(c[name])["HECHTWIJZER_PG_DB"] == script_defaults()["HW_PG_DB"]
        assert compose_env(c[name])["HECHTWIJZER_PG_USER"] == script_defaults()["HW_PG_USER"]
    assert "TICKET_LOCK_LIFETIME=" in script_text()  # telemetry: tests/test_privacy.py
    pg = compose_env(c["postgres"])
    assert (pg["POSTGRES_DB"], pg["POSTGRES_USER"]) == (
        script_defaults()["HW_PG_DB"],
        script_defaults()["HW_PG_USER"],
    )


def test_rasa_command_is_the_same():
    c = compose()["services"]
    args = c["rasa-1"]["command"]
    assert args == c["rasa-2"]["command"]
    for name in ("rasa-1", "rasa-2"):
        assert k8s_workloads()[name]["spec"]["template"]["spec"]["containers"][0]["args"] == args
    flags = dict(zip(args[1::2], args[2::2]))
    assert (
        flags["--endpoints"] == "deploy/endpoints-scaled.yml" and flags["--credentials"] == "credentials.yml"
    )
    text = script_text().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if 'RASA_BIN="$BIN/rasa" sh deploy/rasa-start.sh run' in l)
    assert "--endpoints deploy/endpoints-scaled.yml" in line and "--credentials credentials.yml" in line
    assert (
        c["actions"]["command"]
        == k8s_workloads()["actions"]["spec"]["template"]["spec"]["containers"][0]["args"]
    )


def test_nginx_settings_are_the_same():
    needed = template_vars()
    defaults = script_defaults()
    compose_nginx = compose_env(compose()["services"]["nginx"])
    k8s_nginx = k8s_env(k8s_workloads()["nginx"])
    assert set(compose_nginx) == needed and set(k8s_nginx) == needed
    assert compose_nginx == k8s_nginx
    for name in ("HW_RATE_LIMIT", "HW_RATE_BURST", "HW_MAX_BODY", "HW_PUBLIC_PORT"):
        assert compose_nginx[name] == defaults[name], name
    render = script_text().split("render_nginx()")[1].split("\n}")[0]
    for name in needed:
        assert name in render, f"deploy/scaled.sh does not set {name} for the template"
    # compose and k8s upstreams are the two Rasa services on their container port
    assert {compose_nginx["HW_RASA_1"], compose_nginx["HW_RASA_2"]} == {"rasa-1:5005", "rasa-2:5005"}
    # one template for all: the nginx image takes it from deploy/nginx/
    assert "deploy/nginx/hechtwijzer.conf.template" in (DEPLOY / "docker" / "nginx.Dockerfile").read_text()


@pytest.mark.parametrize(
    "dockerfile,package,image",
    [
        ("rasa.Dockerfile", "rasa", "rasa/rasa:{}-full"),
        ("actions.Dockerfile", "rasa-sdk", "rasa/rasa-sdk:{}"),
    ],
)
def test_images_match_the_installed_versions(dockerfile, package, image):
    base = re.search(r"^FROM (\S+)", (DEPLOY / "docker" / dockerfile).read_text(), re.M).group(1)
    assert base == image.format(importlib.metadata.version(package))


# nginx's stable lines are the even minors, one a year (April); the line before stops getting
# fixes. 1.30 since April 2026; 1.32 is due in April 2027.
NGINX_STABLE = "1.30"


def test_nginx_image_is_the_supported_stable_line():
    dockerfile = (DEPLOY / "docker" / "nginx.Dockerfile").read_text()
    # the line, not a patch release: a rebuild picks up its security fixes
    assert re.search(r"^FROM (\S+)", dockerfile, re.M).group(1) == f"nginx:{NGINX_STABLE}"
    ours = f"hechtwijzer/nginx:{NGINX_STABLE}"
    assert compose()["services"]["nginx"]["image"] == ours and f"-t {ours} ." in dockerfile
    # What 1.30 does by default and Debian's 1.22 (the scaled profile) does not, the template
    # says itself, so both run it the same way (tests/scaled/test_nginx.py runs Debian's).
    template = (DEPLOY / "nginx" / "hechtwijzer.conf.template").read_text()
    upstream = template.split("upstream hechtwijzer_rasa {")[1].split("\n}")[0]
    assert re.search(r"^\s*keepalive \d+;", upstream, re.M)
    assert "proxy_http_version 1.1;" in template and 'proxy_set_header Connection "";' in template


def test_images_add_only_pinned_packages():
    """What an image adds to the stock Rasa image is pinned as `make install` pins it: by hash or by
    constraints.txt, never a bare name or URL; the Rasa image gets the encoder its NLU needs."""
    for dockerfile in sorted((DEPLOY / "docker").glob("*.Dockerfile")):
        text = dockerfile.read_text().replace("\\\n", " ")
        for cmd in re.findall(r"pip install ([^&\n]+)", text):
            assert "://" not in cmd, (dockerfile.name, cmd)
            assert "--require-hashes" in cmd or "-c /tmp/pins/constraints.txt" in cmd, (dockerfile.name, cmd)
    rasa = (DEPLOY / "docker" / "rasa.Dockerfile").read_text()
    assert "--require-hashes -r /tmp/pins/requirements-encoder.txt" in rasa


def test_the_rasa_image_holds_what_its_python_commands_import(tmp_path):
    """Only what rasa.Dockerfile copies, in a folder of its own: the channel loads and the purge
    (the CronJob's and compose's command) starts."""
    import shutil
    import subprocess
    import sys

    for src, dest in re.findall(
        r"^COPY (\S+) /app/(\S+)$", (DEPLOY / "docker" / "rasa.Dockerfile").read_text(), re.M
    ):
        if (ROOT / src).is_dir():
            shutil.copytree(ROOT / src, tmp_path / dest, ignore=shutil.ignore_patterns("__pycache__"))
        elif (ROOT / src).exists():  # not the trained model: models/ is not in git
            (tmp_path / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / src, tmp_path / dest)
    out = subprocess.run(
        [sys.executable, "-c", "import bot.channels, bot.tools.purge; print('ok')"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_images_are_the_same_in_compose_and_k8s():
    c = compose()["services"]
    for name, workload in k8s_workloads().items():
        assert workload["spec"]["template"]["spec"]["containers"][0]["image"] == c[name]["image"], name


def test_rasa_expands_every_variable_of_endpoints_scaled(monkeypatch):
    """Rasa expands ${VAR} only in plain (unquoted) YAML scalars: a quoted one stays literal."""
    import rasa.shared.utils.io

    for name in endpoint_vars():
        monkeypatch.setenv(name, f"value-of-{name}")
    config = rasa.shared.utils.io.read_config_file(str(DEPLOY / "endpoints-scaled.yml"))
    assert "${" not in repr(config)


# ------------------------------------------------------------------ the sites that may show the chat: one list
CORS = "HECHTWIJZER_CORS_ORIGINS"


def test_every_profile_passes_the_one_list_of_sites_to_rasa_and_nginx():
    assert CORS in template_vars()  # nginx: chat.html's frame-ancestors
    # Rasa checks it (a bad list stops the profile, see rasa-start.sh) but does not use it.
    c = compose()["services"]
    for name in ("rasa-1", "rasa-2", "nginx"):
        assert str(c[name]["environment"][CORS]).startswith("${" + CORS), name
        env = k8s_workloads()[name]["spec"]["template"]["spec"]["containers"][0]["env"]
        [item] = [e for e in env if e["name"] == CORS]
        assert item["valueFrom"]["configMapKeyRef"] == {"name": "hechtwijzer-config", "key": CORS}, name
    [config] = [
        o for o in k8s_objects() if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "hechtwijzer-config"
    ]
    assert CORS in config["data"]
    # Rasa is checked by deploy/rasa-start.sh: the image's entrypoint and the script's way to start it.
    dockerfile = (DEPLOY / "docker" / "rasa.Dockerfile").read_text()
    assert 'ENTRYPOINT ["/bin/sh", "/app/deploy/rasa-start.sh"]' in dockerfile
    assert "COPY deploy/rasa-start.sh /app/deploy/rasa-start.sh" in dockerfile
    assert c["rasa-1"]["command"][0] == "run"
    assert f'"${{{CORS}:=}}"' in (DEPLOY / "scaled.env").read_text()
    assert f"export {CORS}" in script_text().split("server_env()")[1].split("\n}")[0]
    assert CORS in script_text().split("render_nginx()")[1].split("\n}")[0]


def rasa_start(tmp_path, *args, **env):
    """deploy/rasa-start.sh run for real, with a stand-in rasa that writes down its arguments."""
    import os
    import subprocess

    fake = tmp_path / "rasa"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "$(dirname "$0")/args"\n')
    fake.chmod(0o755)
    base = {
        "PATH": os.environ["PATH"],
        "RASA_BIN": str(fake),
        "HECHTWIJZER_PG_PASSWORD": "a" * 24,
        "HECHTWIJZER_REDIS_PASSWORD": "b" * 24,
    }
    out = subprocess.run(
        ["sh", str(DEPLOY / "rasa-start.sh"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    started = (tmp_path / "args").read_text().splitlines() if (tmp_path / "args").exists() else None
    return out, started


@pytest.mark.parametrize("origins", [" https://www.vereniging.nl  http://localhost:8080 ", ""])
def test_rasa_answers_no_browser_on_another_site(tmp_path, origins):
    """No --cors: the chat talks to its own origin (nginx serves chat.html and the webhook), so
    no page of another site needs to read Rasa's answers, and none can."""
    out, args = rasa_start(tmp_path, "run", "--port", "5005", HECHTWIJZER_CORS_ORIGINS=origins)
    assert out.returncode == 0, out.stderr
    assert args == ["run", "--port", "5005"]


@pytest.mark.parametrize(
    "env",
    [
        {"HECHTWIJZER_PG_PASSWORD": "change-me"},
        {"HECHTWIJZER_REDIS_PASSWORD": "change-me"},
        {"HECHTWIJZER_REDIS_PASSWORD": "CHANGE-ME"},
        {"HECHTWIJZER_PG_PASSWORD": ""},
        {"HECHTWIJZER_PG_PASSWORD": "kort"},
        {"HECHTWIJZER_CORS_ORIGINS": "*"},
        {"HECHTWIJZER_CORS_ORIGINS": "https://www.vereniging.nl/"},
        {"HECHTWIJZER_CORS_ORIGINS": "https://*.vereniging.nl"},
        {"HECHTWIJZER_CORS_ORIGINS": "www.vereniging.nl"},
    ],
    ids=lambda env: "-".join(f"{k}={v}" for k, v in env.items()),
)
def test_placeholder_passwords_and_bad_origins_stop_rasa_before_it_starts(tmp_path, env):
    out, args = rasa_start(tmp_path, "run", "--port", "5005", **env)
    assert out.returncode == 78 and args is None
    assert next(iter(env)) in out.stderr and "not started" in out.stderr


def test_the_shipped_secret_is_a_placeholder_that_is_refused(tmp_path):
    [secret] = [o for o in k8s_objects() if o["kind"] == "Secret"]
    out, args = rasa_start(
        tmp_path,
        "run",
        HECHTWIJZER_PG_PASSWORD=secret["stringData"]["HW_PG_PASSWORD"],
        HECHTWIJZER_REDIS_PASSWORD=secret["stringData"]["HW_REDIS_PASSWORD"],
    )
    assert out.returncode == 78 and args is None


def test_scaled_script_refuses_a_placeholder_password_before_starting_anything(tmp_path):
    import os
    import shutil
    import subprocess

    have_pg = any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not (
        have_pg
        and shutil.which("redis-server")
        and (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())
    ):
        pytest.skip("the script would install PostgreSQL, Redis and nginx first")
    env = {
        **os.environ,
        "HW_SCALED_DIR": str(tmp_path / "scaled"),
        "HW_PG_PASSWORD": "change-me",
        "HW_REDIS_PORT": "16999",
    }
    out = subprocess.run(
        ["bash", str(DEPLOY / "scaled.sh"), "start-one", "redis"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 78, out.stdout + out.stderr
    assert (
        "HECHTWIJZER_PG_PASSWORD" in out.stderr and not (tmp_path / "scaled" / "run" / "redis.pid").exists()
    )


# ------------------------------------------------------------------ k8s: who reaches what
def pod_labels(workload) -> dict:
    return workload["spec"]["template"]["metadata"]["labels"]


def selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in selector["matchLabels"].items())


def allowed_sources(target: str):
    """Names of the k8s workloads (and jobs) whose pods may connect to the pods of `target`,
    and the ports, as the NetworkPolicies say; None when no policy selects the target."""
    pods = {name: pod_labels(w) for name, w in k8s_workloads().items()}
    for o in k8s_objects():
        if o["kind"] == "CronJob":
            pods[o["metadata"]["name"]] = o["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    policies = [
        o
        for o in k8s_objects()
        if o["kind"] == "NetworkPolicy" and selects(o["spec"]["podSelector"], pods[target])
    ]
    if not policies:
        return None
    sources, ports = set(), set()
    for policy in policies:
        assert "Ingress" in policy["spec"]["policyTypes"]
        for rule in policy["spec"].get("ingress", []):
            for peer in rule["from"]:
                assert set(peer) == {"podSelector"}, "no namespace or address ranges"
                sources |= {name for name, labels in pods.items() if selects(peer["podSelector"], labels)}
            ports |= {p["port"] for p in rule["ports"]}
    return sources, ports


@pytest.mark.parametrize(
    "target, sources",
    [
        ("actions", {"rasa-1", "rasa-2"}),
        ("redis", {"rasa-1", "rasa-2"}),
        ("postgres", {"rasa-1", "rasa-2", "purge"}),
        ("rasa-1", {"nginx"}),
        ("rasa-2", {"nginx"}),
    ],
)
def test_only_the_rasa_pods_reach_the_action_server_and_the_stores(target, sources):
    found = allowed_sources(target)
    assert found is not None, f"no NetworkPolicy protects {target}"
    assert found == (sources, {CONTAINER_PORTS[target]})


# ------------------------------------------------------------------ retention schedule
PURGE = ["python", "-m", "bot.tools.purge", "--endpoints", "deploy/endpoints-scaled.yml"]


def compose_purge_command():
    """The command the compose purge service repeats, and the seconds it waits in between."""
    service = compose()["services"]["purge"]
    assert service["entrypoint"] == ["/bin/sh", "-c"]
    loop = re.fullmatch(r"while :; do (.+); sleep (\d+); done", service["command"][0])
    return loop.group(1).split(), int(loop.group(2))


def k8s_purge():
    [job] = [o for o in k8s_objects() if o["kind"] == "CronJob"]
    return job


def test_retention_is_scheduled_daily_in_compose_and_k8s_with_the_same_command():
    command, seconds = compose_purge_command()
    assert command == PURGE and seconds == 86400
    job = k8s_purge()
    assert job["metadata"]["name"] == "purge"
    minute, hour, *rest = job["spec"]["schedule"].split()
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]  # once a day
    container = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == PURGE
    # the image that has the code, with the tracker store settings of the Rasa servers
    c = compose()["services"]
    assert container["image"] == c["purge"]["image"] == c["rasa-1"]["image"]
    env = {item["name"]: item.get("value", "<secret>") for item in container["env"]}
    assert env == compose_env(c["purge"])
    assert {k for k in endpoint_vars() if "_PG_" in k} == set(env)
    assert {k: v for k, v in compose_env(c["rasa-1"]).items() if "_PG_" in k} == env
