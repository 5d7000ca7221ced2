"""Ingestion end to end on the real database: URLs, pages, feeds, jobs, near-duplicates.

Pages and feeds are served by loopback servers inside the tests; the fetcher may reach them
only where a test allows loopback. Every other address is refused by the guard, and pytest-socket
turns any escaping connection into an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.models import Article, Feed, FeedItem, IngestJob
from sources.reading.documents import DocumentInput
from sources.reading.rejections import InputRejected
from sources.services import feeds as feed_polling
from sources.services import ingest_jobs
from sources.services.articles import article_ingest, documents_ingest
from tests.conftest import SAMPLE_ARTICLE
from tests.sources.conftest import LoopbackServer

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")


def article_page(body_text: str, *, title: str, canonical: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in body_text.splitlines() if line.strip())
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>{title} | Berita</title><link rel="canonical" href="{canonical}">
<meta property="og:title" content="{title}">
<meta name="author" content="Tim Redaksi">
<meta property="article:published_time" content="2024-11-27T08:00:00+07:00">
</head><body><nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>Hak cipta 2024. Semua hak dilindungi.</footer></body></html>""".encode()


@pytest.fixture
def loopback_allowed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FACTDB_FETCH_ALLOW_LOOPBACK = True
    settings.FACTDB_FETCH_TIMEOUT_SECONDS = 5


def ingest(*sources: str, **options: object) -> None:
    call_command("ingest", *sources, no_progress=True, **options)


def test_a_url_is_fetched_cleaned_and_stored_once(
    http_server: LoopbackServer, loopback_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    canonical = http_server.url("/dunia/putin-kazakhstan")
    http_server.respond(
        "/dunia/putin-kazakhstan?utm_source=x",
        body=article_page(SAMPLE, title="Putin di Kazakhstan", canonical=canonical),
    )

    ingest(http_server.url("/dunia/putin-kazakhstan?utm_source=x"))
    ingest(canonical)  # the same article by its canonical address: not fetched again

    article = Article.objects.get()
    assert article.title == "Putin di Kazakhstan"
    assert article.canonical_url == canonical
    assert article.original_url.startswith("https://baoquocte.vn/")
    assert "[iklan_2]" not in article.text
    assert "Komentar (0)" not in article.text
    assert "Sumber: https://baoquocte.vn" not in article.text
    assert article.published_at is not None
    assert len(http_server.requests) == 1
    assert "0 new, 1 duplicate" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/a", "refused: 127.0.0.1"),
        ("http://10.0.0.1/a", "refused: 10.0.0.1 is a private address"),
        ("http://[::1]/a", "refused: ::1"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254"),
        ("http://2130706433/", "refused: 2130706433 (127.0.0.1) is a loopback address"),
        ("file:///etc/passwd", "refused: unsupported scheme file"),
        ("gopher://127.0.0.1:70/", "refused: unsupported scheme gopher"),
    ],
)
def test_hostile_urls_are_refused_with_a_reason_and_write_nothing(
    url: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError):
        ingest(url)

    assert reason in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_a_fifty_megabyte_page_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "huge.html"
    page.write_bytes(b"<html><body>" + b"<p>kata kata kata</p>" * 2_500_000 + b"</body></html>")

    with pytest.raises(CommandError):
        ingest(str(page))

    assert "huge.html" in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_a_near_copy_is_linked_to_its_original() -> None:
    original = article_ingest(text=SAMPLE, url="https://a.example/putin").article
    copy_text = SAMPLE.replace("Bentang alam yang mudah berubah", "Lanskap yang berubah cepat")

    copy = article_ingest(text=copy_text, url="https://b.example/putin-copy")

    assert copy.created
    assert copy.kind == "near-duplicate"
    assert copy.article.duplicate_of == original


def test_an_unrelated_article_is_not_taken_for_a_near_copy() -> None:
    article_ingest(text=SAMPLE)
    other = article_ingest(
        text="Harga beras naik 5 persen pekan ini, kata pedagang di Pasar Induk Cipinang. "
        "Kementerian Perdagangan menyebut pasokan aman hingga akhir tahun."
    )

    assert other.kind == "new"


def test_a_bulk_job_resumes_after_a_crash_without_doubling_anything() -> None:
    items = [
        {"text": f"Artikel nomor {n}: menteri berkata 'ya'.", "title": f"N{n}"} for n in range(4)
    ]
    job = ingest_jobs.ingest_job_create(kind=IngestJob.Kind.API, items=items)
    # A worker stored the first two items (with their counts) and then died.
    ingest_jobs._job_item_ingest(job, 0, items[0])
    ingest_jobs._job_item_ingest(job, 1, items[1])

    ingest_jobs.ingest_job_run(job_id=job.pk)
    ingest_jobs.ingest_job_run(job_id=job.pk)  # a redelivered message finds nothing to do

    job.refresh_from_db()
    assert job.status == IngestJob.Status.DONE
    assert (job.new_count, job.duplicate_count, job.failed_count) == (4, 0, 0)
    assert Article.objects.count() == 4


def test_a_bulk_job_records_each_failure_with_its_reason() -> None:
    items = [
        {"text": "Sebuah artikel yang baik."},
        {"text": "   "},
        {"url": "http://10.0.0.1/secret"},
        {"title": "no text"},
    ]
    job = ingest_jobs.ingest_job_create(kind=IngestJob.Kind.API, items=items)

    ingest_jobs.ingest_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.new_count, job.failed_count) == (1, 3)
    reasons = {error["origin"]: error["reason"] for error in job.errors}
    assert reasons["item 2"] == "the text is empty"
    assert reasons["item 3 (http://10.0.0.1/secret)"] == "refused: 10.0.0.1 is a private address"
    assert "neither 'text' nor 'html'" in reasons["item 4"]


def test_rerunning_an_interrupted_jsonl_import_finishes_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps(
            {"text": f"Berita ke-{n}: harga naik {n} persen.", "url": f"https://x.example/{n}"}
        )
        for n in range(6)
    ]
    (tmp_path / "half.jsonl").write_text("\n".join(lines[:3]), encoding="utf-8")
    (tmp_path / "all.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ingest(str(tmp_path / "half.jsonl"))

    ingest(str(tmp_path / "all.jsonl"))

    assert "3 new, 3 duplicate" in capsys.readouterr().out.splitlines()[-1]
    assert Article.objects.count() == 6
    job = IngestJob.objects.order_by("id").last()
    assert job is not None
    assert (job.total, job.new_count, job.duplicate_count, job.status) == (6, 3, 3, "done")


def rss(entries: list[tuple[str, str]], base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{slug}</link><guid>{slug}</guid></item>"
        for slug, title in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Berita</title>'
        f"<link>{base}</link><description>d</description>{items}</channel></rss>"
    ).encode()


def test_a_feed_is_polled_conditionally_and_each_entry_ingested_once(
    http_server: LoopbackServer, loopback_allowed: None
) -> None:
    base = http_server.url("")
    for slug, text in [("/satu", SAMPLE), ("/dua", 'Presiden berkata: "Kita akan menang." ' * 40)]:
        http_server.respond(slug, body=article_page(text, title=slug, canonical=base + slug))
    http_server.respond(
        "/rss",
        body=rss([("/satu", "Satu"), ("/dua", "Dua")], base),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    feed = feed_polling.feed_subscribe(url=http_server.url("/rss"), poll_interval=600)

    first = feed_polling.feed_poll(feed_id=feed.pk)
    for item in FeedItem.objects.all():
        feed_polling.feed_item_ingest(item_id=item.pk)

    assert first.new_items == 2
    assert Article.objects.filter(feed=feed).count() == 2
    feed.refresh_from_db()
    assert feed.etag == '"v1"'
    assert feed.last_error == ""

    http_server.respond("/rss", status=304, headers={"ETag": '"v1"'})
    second = feed_polling.feed_poll(feed_id=feed.pk)
    assert second.not_modified
    assert http_server.requests[-1].headers.get("If-None-Match") == '"v1"'

    http_server.respond(
        "/rss",
        body=rss([("/tiga", "Tiga"), ("/satu", "Satu"), ("/dua", "Dua")], base),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v2"'},
    )
    assert feed_polling.feed_poll(feed_id=feed.pk).new_items == 1
    assert FeedItem.objects.count() == 3


def test_a_failing_feed_records_the_error_and_backs_off(
    http_server: LoopbackServer, loopback_allowed: None
) -> None:
    http_server.respond("/rss", status=503, body=b"down")
    feed = feed_polling.feed_subscribe(url=http_server.url("/rss"), poll_interval=600)

    outcome = feed_polling.feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert outcome.error
    assert feed.failure_count == 1
    assert "503" in feed.last_error
    assert feed.next_poll_at is not None
    wait = (feed.next_poll_at - timezone.now()).total_seconds()
    assert 1100 < wait <= 1200  # twice the interval


def test_a_billion_laughs_feed_is_refused_and_nothing_is_stored(
    http_server: LoopbackServer, loopback_allowed: None
) -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
    http_server.respond("/rss", body=bomb, headers={"Content-Type": "application/rss+xml"})
    feed = feed_polling.feed_subscribe(url=http_server.url("/rss"))

    outcome = feed_polling.feed_poll(feed_id=feed.pk)

    assert outcome.error
    assert FeedItem.objects.count() == 0
    assert Feed.objects.get().failure_count == 1


def test_feeds_due_are_claimed_once(http_server: LoopbackServer, loopback_allowed: None) -> None:
    due = feed_polling.feed_subscribe(url=http_server.url("/due"))
    Feed.objects.filter(pk=due.pk).update(next_poll_at=timezone.now())
    later = feed_polling.feed_subscribe(url=http_server.url("/later"))
    Feed.objects.filter(pk=later.pk).update(
        next_poll_at=timezone.now() + timezone.timedelta(hours=1)
    )

    assert feed_polling.feeds_poll_due() == [due.pk]
    assert feed_polling.feeds_poll_due() == []


def test_a_batch_stores_new_documents_and_reports_every_one_in_order() -> None:
    stored = article_ingest(text="Sudah ada sebelumnya: harga naik 3 persen.").article
    near_copy = SAMPLE.replace("Bentang alam yang mudah berubah", "Lanskap yang berubah cepat")
    documents = [
        DocumentInput(origin="a", text=SAMPLE, url="https://a.example/1", publication="Daily"),
        DocumentInput(origin="b", text="   "),
        DocumentInput(origin="c", text="Sudah ada sebelumnya: harga naik 3 persen."),
        DocumentInput(origin="d", text=SAMPLE + "\n"),  # the same text as "a", in the batch
        DocumentInput(origin="e", text=near_copy, url="https://b.example/2"),
    ]

    results = documents_ingest(documents=documents)

    assert isinstance(results[1], InputRejected)
    kinds = [r.kind for r in results if not isinstance(r, InputRejected)]
    assert kinds == ["new", "duplicate", "duplicate", "near-duplicate"]
    first = results[0]
    assert not isinstance(first, InputRejected)
    assert results[2].article == stored  # type: ignore[union-attr]
    assert results[3].article == first.article  # type: ignore[union-attr]
    assert results[4].article.duplicate_of == first.article  # type: ignore[union-attr]
    assert first.article.publication is not None
    assert Article.objects.count() == 3


def test_an_unexpected_error_on_one_item_is_recorded_and_the_job_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_page(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser bug")

    monkeypatch.setattr("sources.reading.documents.html_extract", broken_page)
    items = [{"html": "<html><body><p>Teks</p></body></html>"}, {"text": "Artikel yang baik."}]
    job = ingest_jobs.ingest_job_create(kind=IngestJob.Kind.API, items=items)

    ingest_jobs.ingest_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == IngestJob.Status.DONE
    assert (job.new_count, job.failed_count) == (1, 1)
    assert "internal error (RuntimeError)" in job.errors[0]["reason"]
