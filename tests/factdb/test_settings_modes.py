"""Production mode refuses weak configuration and passes Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_a_secret_key() -> None:
    done = manage("check", DEBUG="0")

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_production_mode_refuses_a_short_secret_key() -> None:
    done = manage("check", DEBUG="0", SECRET_KEY="too-short")

    assert done.returncode != 0
    assert "SECRET_KEY is too weak" in done.stderr


@pytest.mark.parametrize(
    "server",
    [
        [sys.executable, "-c", "import factdb.wsgi"],
        [sys.executable, "-m", "celery", "-A", "factdb", "worker", "--pool", "solo"],
        [sys.executable, "-m", "celery", "-A", "factdb", "beat"],
    ],
    ids=["web", "worker", "beat"],
)
def test_servers_refuse_to_start_in_production_without_a_secret_key(server: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}

    done = subprocess.run(
        server, cwd=ROOT, env={**env, "DEBUG": "0"}, capture_output=True, text=True, timeout=60
    )

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stdout + done.stderr


def test_extraction_needs_no_secret_key_even_in_production() -> None:
    done = manage("extract", "--jsonl", DEBUG="0")

    assert done.returncode == 0, done.stderr


def test_production_mode_passes_the_deployment_checks() -> None:
    done = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="factdb.example.org",
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr


def test_development_mode_runs_without_a_secret_key() -> None:
    assert manage("check", DEBUG="1").returncode == 0
