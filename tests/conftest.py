"""Shared fixtures: a private Celery queue for the session, real worker processes, and a DNS
safety net.

pytest-socket (`--allow-hosts=127.0.0.1,::1` in pyproject.toml) turns any connection to another
address into an error inside the test. Name resolution is not a connection, though: a lookup of
`news.example` would send a DNS query off the machine. So every test runs with
`socket.getaddrinfo` restricted to numeric hosts; names are resolved only by the stub resolvers
the tests pass to `url_fetch`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from factdb import embedded
from factdb.celery import app as celery_app
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = ROOT / "samples" / "kazakhstan-russia-id.txt"
TEST_QUEUE = f"factdb-test-{uuid.uuid4().hex[:8]}"


_real_getaddrinfo = socket.getaddrinfo


def _numeric_only_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # type: ignore[no-untyped-def]
    return _real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)


@pytest.fixture(autouse=True)
def _no_dns_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _numeric_only_getaddrinfo)


def pytest_configure(config: pytest.Config) -> None:
    # Tests publish to a queue of their own, so a demo worker on the same broker never sees
    # them, and purging it touches nothing else.
    settings.CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE
    celery_app.conf.task_default_queue = TEST_QUEUE
    # No test is throttled by accident; the throttle tests set low rates of their own.
    settings.FACTDB_THROTTLE_RATES = dict.fromkeys(settings.FACTDB_THROTTLE_RATES, "1000000/minute")


def queue_purge() -> int:
    """Drop every message waiting in the test queue; return how many there were."""
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_declare(queue=TEST_QUEUE, durable=True, auto_delete=False)
        return int(channel.queue_purge(TEST_QUEUE) or 0)


@pytest.fixture(scope="session", autouse=True)
def _embedded_servers_stopped_if_started_here() -> Iterator[None]:
    """Leave the machine as found: embedded servers this session started are stopped after it."""
    var_dir = Path(settings.FACTDB_VAR_DIR)
    embedded_mode = settings.FACTDB_EMBEDDED_DATABASE and settings.FACTDB_EMBEDDED_BROKER
    running_before = (var_dir / "postgres" / "postmaster.pid").exists()
    yield
    if embedded_mode and not running_before:
        connection.close()
        embedded.servers_stop(var_dir)


@pytest.fixture(scope="session", autouse=True)
def _test_queue_emptied(_embedded_servers_stopped_if_started_here: None) -> Iterator[None]:
    yield
    queue_purge()


@pytest.fixture
def editor_client() -> APIClient:
    """An API client authenticated as an ordinary (non-staff) user."""
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_ARTICLE.read_text(encoding="utf-8")


class WorkerProcess:
    """A real `celery worker` process on the test queue, against the test database."""

    def __init__(self, env_overrides: dict[str, str], beat: bool) -> None:
        env = {
            **os.environ,
            "DEBUG": "1",
            "FACTDB_QUEUE": TEST_QUEUE,
            "FACTDB_DATABASE_NAME": connection.settings_dict["NAME"],
            **env_overrides,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "factdb", "worker",
            "--pool", "solo", "--loglevel", "INFO", "-Q", TEST_QUEUE,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"test-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        if beat:
            schedule = Path(settings.FACTDB_VAR_DIR) / f"beat-{uuid.uuid4().hex[:8]}"
            command += ["--beat", "--schedule", str(schedule)]
        self.log_path = Path(settings.FACTDB_VAR_DIR) / f"test-worker-{uuid.uuid4().hex[:8]}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the whole worker
        )  # fmt: skip
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()}")
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready in {timeout}s:\n{self.log_path.read_text()}")

    def kill_hard(self) -> None:
        """SIGKILL the worker's whole process group, as a crashed machine would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_hard()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def start_worker() -> Iterator[Callable[..., WorkerProcess]]:
    """Start real worker processes; each is stopped when the test ends."""
    started: list[WorkerProcess] = []

    def start(beat: bool = False, **env_overrides: str) -> WorkerProcess:
        worker = WorkerProcess(env_overrides, beat)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        worker.log_path.unlink(missing_ok=True)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
