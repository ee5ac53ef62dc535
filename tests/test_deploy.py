"""Deployment (issue 19): the container image carries no secrets and no database (.containerignore and
.dockerignore), compose hands secrets over as files, keeps data_cache/ and var/ on volumes, and runs the nightly
jobs (check-api, then refresh; a database backup with retention).

The ignore file is checked twice: by podman itself (a build FROM scratch that copies a made-up project tree,
then the image's file list) when podman is installed, and by a reader of the same rules that always runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILES = (".containerignore", ".dockerignore")
SECRET_OR_LOCAL = (
    ".venv/bin/python", ".git/config", "var/followup.sqlite3", "var/backups/followup-2026-12-01.json",
    ".streamlit/secrets.toml", "deploy/secrets/database_url", "deploy/secrets/postgres_password",
    "indicators/__pycache__/cli.cpython-311.pyc", "data_cache/.lock", "deploy/certs/privkey.pem",
)
NEEDED = (
    "dashboard.py", "streamlit_app.py", "indicators/cli.py", "requirements.txt", "data_cache/population/data.parquet",
    "data_cache/population/manifest.json", "deploy/scheduled.sh", ".streamlit/config.toml", "plan/goals.toml",
)


def _patterns(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rules: a pattern matches the path from the context root, or one of its parent folders (then the
    whole folder is out); a later «!pattern» takes a match back."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    out = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        rule = _regex(pattern.lstrip("!").strip("/"))
        if any(rule.match(candidate) for candidate in candidates):
            out = not negate
    return out


def test_both_ignore_files_say_the_same():
    assert _patterns(".containerignore") == _patterns(".dockerignore")


@pytest.mark.parametrize("path", SECRET_OR_LOCAL)
def test_the_ignore_file_keeps_secrets_and_local_state_out(path):
    assert ignored(path, _patterns(".containerignore")), path


@pytest.mark.parametrize("path", NEEDED)
def test_the_ignore_file_keeps_what_the_app_needs(path):
    assert not ignored(path, _patterns(".containerignore")), path


def test_podman_itself_leaves_the_secrets_out_of_an_image(tmp_path):
    podman = shutil.which("podman")
    if podman is None:
        pytest.skip("podman is not installed (apt-get install podman)")
    context = tmp_path / "context"
    for path in (*SECRET_OR_LOCAL, *NEEDED):
        (context / path).parent.mkdir(parents=True, exist_ok=True)
        (context / path).write_text("x", encoding="utf-8")
    shutil.copy(ROOT / ".containerignore", context / ".containerignore")
    (context / "Containerfile").write_text("FROM scratch\nCOPY . /app/\n", encoding="utf-8")
    run_root = Path(tempfile.mkdtemp(prefix="pm-", dir="/tmp"))  # podman wants a short runroot path
    storage = ["--root", str(tmp_path / "root"), "--runroot", str(run_root), "--storage-driver", "vfs"]
    tag = "localhost/ignore-check:test"
    built = subprocess.run([podman, *storage, "build", "-q", "-t", tag, "-f", "Containerfile", "."], cwd=context,
                           capture_output=True, text=True, timeout=300, check=False)
    if built.returncode != 0 and "cannot" in built.stderr.lower() and "namespace" in built.stderr.lower():
        pytest.skip(f"podman cannot build here: {built.stderr[-300:]}")
    assert built.returncode == 0, built.stderr
    created = subprocess.run([podman, *storage, "create", tag, "x"], capture_output=True, text=True, timeout=60,
                             check=True)
    container = created.stdout.strip().splitlines()[-1]
    exported = subprocess.run([podman, *storage, "export", container], capture_output=True, timeout=120,
                              check=True)
    listing = subprocess.run(["tar", "-t"], input=exported.stdout, capture_output=True, timeout=60, check=True)
    files = {name.removeprefix("app/") for name in listing.stdout.decode().splitlines()}
    subprocess.run([podman, *storage, "rm", "-a", "-f"], capture_output=True, timeout=60, check=False)
    subprocess.run([podman, *storage, "rmi", "-a", "-f"], capture_output=True, timeout=60, check=False)
    shutil.rmtree(run_root, ignore_errors=True)
    for path in SECRET_OR_LOCAL:
        assert path not in files, path
    for path in NEEDED:
        assert path in files, path


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_passes_secrets_as_files_never_as_values():
    compose = _compose()
    assert set(compose["secrets"]) >= {"postgres_password", "database_url", "streamlit_secrets"}
    for secret in compose["secrets"].values():
        assert secret["file"].startswith("./deploy/secrets/")
    services = compose["services"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    for name in ("app", "jobs"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL_FILE"] == "/run/secrets/database_url"
        assert "DATABASE_URL" not in environment
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "PASSWORD:" not in text.replace("PASSWORD_FILE:", "")  # no password in the file itself


def test_compose_keeps_data_and_var_on_volumes_and_runs_the_nightly_jobs():
    compose = _compose()
    services = compose["services"]
    for name in ("app", "jobs"):
        volumes = services[name]["volumes"]
        assert "data:/app/data_cache" in volumes and "var:/app/var" in volumes
    assert {"data", "var", "db-data"} <= set(compose["volumes"])
    assert services["jobs"]["command"] == ["deploy/scheduled.sh"]
    script = (ROOT / "deploy" / "scheduled.sh").read_text(encoding="utf-8")
    check, refresh, backup = (script.index(s) for s in ("indicators check-api", "indicators refresh",
                                                           "indicators db backup"))
    assert check < refresh < backup
    assert "if python -m indicators check-api; then" in script  # refresh only after a passing check
    assert "-mtime +\"$BACKUP_KEEP_DAYS\"" in script and "-delete" in script  # retention
    assert services["app"]["environment"]["DASHBOARD_TRUSTED_PROXIES"]
    assert compose["networks"]["back"]["internal"] is True  # the database is reachable from no outside port
    assert "ports" not in services["db"]


def test_the_scheduled_script_is_valid_shell():
    if shutil.which("sh") is None:
        pytest.skip("no sh")
    subprocess.run(["sh", "-n", str(ROOT / "deploy" / "scheduled.sh")], check=True, timeout=30)
    assert (ROOT / "deploy" / "scheduled.sh").stat().st_mode & 0o111


def test_the_image_migrates_before_the_app_starts_and_carries_no_secret():
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert "indicators db upgrade && exec python -m streamlit" in text
    assert "ENV DATABASE_URL" not in text and "ARG" not in text
