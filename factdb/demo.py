"""`make run`: the whole of FactDB on one machine, on the embedded default or given services.

Migrates, creates a demo admin (embedded mode only), starts a real Celery worker and beat
beside the web server, ingests the articles in samples/ through the worker, prints what was
extracted, and serves the admin and the API until Ctrl-C, which stops everything it started.
The web server listens on 127.0.0.1 at port `PORT` (8000 unless set), said at the start.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def main() -> int:
    started_at = time.monotonic()
    _stop_signals_handle()
    port = _port()
    # Said first: migrating and extracting the samples take a while before the server is up.
    print(f"serving on http://127.0.0.1:{port}/ (set PORT to change)", flush=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdb.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from factdb import embedded

    var_dir = Path(settings.FACTDB_VAR_DIR)
    services_before = _embedded_services_running(var_dir)
    call_command("migrate", interactive=False, verbosity=0)
    if settings.FACTDB_EMBEDDED_DATABASE:
        _demo_admin_create()

    children: list[subprocess.Popen[bytes]] = []
    try:
        children.append(_celery_start("worker", "--loglevel", "WARNING", "--concurrency", "2"))
        children.append(
            _celery_start("beat", "--loglevel", "WARNING", "--schedule",
                          str(var_dir / "celerybeat-schedule"))
        )  # fmt: skip
        article_ids = _samples_ingest()
        _extraction_wait(article_ids, children)
        _summary_print(article_ids)
        children.append(
            _child_start(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
            )
        )
        _first_page_wait(f"http://127.0.0.1:{port}/admin/login/", port, children)
        print(
            f"\nFactDB is up after {time.monotonic() - started_at:.1f} s:\n"
            f"  admin  http://127.0.0.1:{port}/admin/\n"
            f"  API    http://127.0.0.1:{port}/api/  (docs at /api/docs/)\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("a FactDB process stopped; shutting down the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping…", flush=True)
        return 0
    finally:
        _children_stop(children)
        if not services_before:
            embedded.servers_stop(var_dir)


def _port() -> int:
    """The port to serve on: `PORT` from the environment, 8000 when unset."""
    given = os.environ.get("PORT", "").strip() or "8000"
    if not given.isdecimal() or not 1 <= int(given) <= 65535:
        raise SystemExit(f"PORT must be a port number from 1 to 65535, not {given!r}")
    return int(given)


def _stop_signals_handle() -> None:
    """Ctrl-C, `kill` and a closed terminal all stop everything the demo started.

    SIGINT gets its default handler back even where the demo was launched with it ignored (a
    background job of a script), and SIGTERM and SIGHUP take the same way out.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.default_int_handler)


def _embedded_services_running(var_dir: Path) -> bool:
    from django.conf import settings

    if not (settings.FACTDB_EMBEDDED_DATABASE and settings.FACTDB_EMBEDDED_BROKER):
        return True  # not ours to stop
    return (var_dir / "postgres" / "postmaster.pid").exists()


def _demo_admin_create() -> None:
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    print(
        "Demo admin (embedded mode only): username admin, password "
        f"{password}\nAPI token: {token.key}",
        flush=True,
    )


def _celery_start(*args: str) -> subprocess.Popen[bytes]:
    return _child_start([sys.executable, "-m", "celery", "-A", "factdb", *args])


def _child_start(command: list[str]) -> subprocess.Popen[bytes]:
    # A session of its own: Ctrl-C reaches only this runner, which then stops each child
    # cleanly with SIGTERM instead of every process dumping a KeyboardInterrupt traceback.
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def _samples_ingest() -> list[int]:
    from sources.reading.documents import DocumentFailure, document_files, documents_read
    from sources.services.articles import document_ingest

    ids = []
    for path in document_files([SAMPLES]):
        for document in documents_read(path):
            if isinstance(document, DocumentFailure):
                print(f"sample {document.origin} skipped: {document.reason}", file=sys.stderr)
                continue
            outcome = document_ingest(document=document)
            ids.append(outcome.article.pk)
    return ids


def _extraction_wait(
    article_ids: list[int], children: list[subprocess.Popen[bytes]], timeout: float = 180.0
) -> None:
    from claims.models import ArticleExtraction
    from claims.selectors import articles_with_extraction

    Status = ArticleExtraction.Status
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        unsettled = [Status.PENDING, Status.EXTRACTING]
        waiting = (
            articles_with_extraction()
            .filter(pk__in=article_ids, extraction_status__in=unsettled)  # type: ignore[misc]
            .count()
        )
        if not waiting:
            return
        if any(child.poll() is not None for child in children):
            raise SystemExit("the Celery worker or beat stopped; see the messages above")
        time.sleep(0.2)
    print(f"extraction still running after {timeout:.0f} s; serving anyway", file=sys.stderr)


def _summary_print(article_ids: list[int]) -> None:
    from django.db.models import Count

    from claims.selectors import articles_with_extraction

    articles = (
        articles_with_extraction()
        .filter(pk__in=article_ids)
        .annotate(quote_total=Count("quotes", distinct=True))
        .annotate(claim_total=Count("numeric_claims", distinct=True))
        .order_by("id")
    )
    print(f"\n{'id':>4}  {'lang':4}  {'status':10}  {'quotes':>6}  {'claims':>6}  title")
    for article in articles:
        title = (article.title or article.text.split("\n", 1)[0])[:50]
        status = article.extraction_status  # type: ignore[attr-defined]
        print(
            f"{article.pk:>4}  {article.language:4}  {status:10}  "
            f"{article.quote_total:>6}  {article.claim_total:>6}  {title}"
        )
        for quote in article.quotes.select_related("speaker").order_by("start")[:8]:
            speaker = quote.speaker.name if quote.speaker else "(no speaker)"
            print(f"      quote  {speaker:24.24}  “{_shorten(quote.text, 60)}”")
        for claim in article.numeric_claims.order_by("start")[:8]:
            print(f"      claim  {claim.surface:30.30}  = {claim.value.normalize():f} {claim.unit}")
    print(flush=True)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _first_page_wait(url: str, port: int, children: list[subprocess.Popen[Any]]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if any(child.poll() is not None for child in children):
            raise SystemExit(
                f"the web server did not start; is port {port} already in use? "
                "Set PORT to serve on another one."
            )
        time.sleep(0.1)
    raise SystemExit(f"no answer from {url} after 60 s")


def _children_stop(children: list[subprocess.Popen[Any]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


if __name__ == "__main__":
    sys.exit(main())
