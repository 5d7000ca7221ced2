"""The article review page: the text with every candidate marked (each status its own style,
each mark linked to its row), the candidates beside it with their buttons, span fixes by
code-point offsets, pagination for articles with thousands of candidates; and the article
list with its re-extraction action."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from claims.admin.articles import REVIEW_PER_PAGE
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus
from claims.selectors import history_of
from claims.span_marking import MarkedSpan, text_mark
from sources.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = (
    '"Alpha words," said Ann. "Beta words," said Bob. "Gamma words," said Cy. '
    "Exports rose 5 percent."
)


def role_user(*roles: str, **fields: Any):  # type: ignore[no-untyped-def]
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():  # type: ignore[no-untyped-def]
    return role_user("editor", username="maria")


@pytest.fixture
def viewer():  # type: ignore[no-untyped-def]
    return role_user("viewer", username="vera")


def quote_in(article: Article, words: str, **fields: Any) -> Quote:
    start = article.text.index(words)
    return Quote.objects.create(
        article=article, start=start, end=start + len(words), text=words, confidence=0.7, **fields
    )


def review_url(article: Article) -> str:
    return reverse("admin:sources_article_review", args=[article.pk])


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The page


def test_review_page_marks_each_status_differently_and_links_marks_and_rows(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta, gamma = (
        quote_in(article, w) for w in ("Alpha words,", "Beta words,", "Gamma words,")
    )
    start = TEXT.index("5 percent")
    claim = NumericClaim.objects.create(
        article=article, start=start, end=start + 9, surface="5 percent", value=Decimal(5),
        unit="percent", confidence=0.8,
    )  # fmt: skip
    client = logged_in(editor)
    client.post(reverse("admin:claims_quote_review", args=[beta.pk, "confirm"]), {"version": 1})
    client.post(reverse("admin:claims_quote_review", args=[gamma.pk, "reject"]), {"version": 1})

    page = client.get(review_url(article)).content.decode()

    assert f'<mark class="quote candidate" id="m-q-{alpha.pk}"' in page
    assert f'<mark class="quote confirmed" id="m-q-{beta.pk}"' in page
    assert f'<mark class="quote rejected" id="m-q-{gamma.pk}"' in page
    assert f'<mark class="claim candidate" id="m-n-{claim.pk}"' in page
    assert f'<a href="#c-q-{alpha.pk}" draggable="false">Alpha words,</a>' in page, (
        "a mark links to its row"
    )
    assert f'id="c-q-{alpha.pk}"' in page
    assert f'href="#m-q-{alpha.pk}"' in page, "a row links to its mark"
    assert "dotted underline" in page, "a legend says what each style means"
    assert "✔ confirmed" in page
    assert "✘ rejected" in page
    confirm = reverse("admin:claims_quote_review", args=[alpha.pk, "confirm"])
    assert f'<form method="post" action="{confirm}?' in page
    assert "csrfmiddlewaretoken" in page
    assert "Use selection as span" in page
    assert "claims/article_review.js" in page


def test_a_button_on_the_review_page_comes_back_to_its_row(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha = quote_in(article, "Alpha words,")
    back = f"{review_url(article)}?p=1#c-q-{alpha.pk}"

    response = logged_in(editor).post(
        reverse("admin:claims_quote_review", args=[alpha.pk, "confirm"]),
        {"version": 1, "next": back},
    )

    assert response["Location"] == back
    alpha.refresh_from_db()
    assert alpha.status == ReviewStatus.CONFIRMED


def test_viewer_reads_the_review_page_without_buttons(viewer) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    quote_in(article, "Alpha words,")

    response = logged_in(viewer).get(review_url(article))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="quote candidate"' in page
    assert "Use selection as span" not in page
    assert "/review/confirm/" not in page


def test_review_page_of_a_missing_article_is_a_404(editor) -> None:  # type: ignore[no-untyped-def]
    assert (
        logged_in(editor).get(reverse("admin:sources_article_review", args=[999999])).status_code
        == 404
    )


def test_review_page_lists_a_page_of_candidates_and_marks_them_all(  # type: ignore[no-untyped-def]
    editor, django_assert_max_num_queries
) -> None:
    text = " ".join(f'"Quote {n:04d} here," said Person{n}.' for n in range(450))
    article = ArticleFactory(text=text)
    Quote.objects.bulk_create(
        Quote(article=article, start=text.index(f"Quote {n:04d}"),
              end=text.index(f"Quote {n:04d}") + 10, text=f"Quote {n:04d}", confidence=0.5)
        for n in range(450)
    )  # fmt: skip
    last = Quote.objects.get(text="Quote 0449")
    client = logged_in(editor)
    client.get(review_url(article))

    with django_assert_max_num_queries(12):
        response = client.get(review_url(article))

    page = response.content.decode()
    assert len(response.context["rows"]) == REVIEW_PER_PAGE
    assert page.count('<mark class="quote candidate" id="m-q-') == 450
    assert f'<a href="?p=3#c-q-{last.pk}" draggable="false">Quote 0449</a>' in page, (
        "a mark on another page"
    )
    third = client.get(review_url(article), {"p": 3})
    assert len(third.context["rows"]) == 50
    assert f'id="c-q-{last.pk}"' in third.content.decode()


def test_review_page_of_5000_candidates_stays_small(editor) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(f"Claim {n} is {n} percent." for n in range(5000))
    article = ArticleFactory(text=text)
    offsets, cursor = [], 0
    for n in range(5000):
        cursor = text.index(f"{n} percent", cursor)
        offsets.append(cursor)
        cursor += 1
    NumericClaim.objects.bulk_create(
        NumericClaim(article=article, start=start, end=start + len(f"{n} percent"),
                     surface=f"{n} percent", value=Decimal(n), unit="percent", confidence=0.5)
        for n, start in enumerate(offsets)
    )  # fmt: skip

    response = logged_in(editor).get(review_url(article))

    assert response.status_code == 200
    assert len(response.content) < 3_000_000
    assert response.content.decode().count('<mark class="claim candidate" id="m-n-') == 5000


# Span fixes


def fix_span(client: Client, row: Quote, start: int | str, end: int | str, version: int = 1) -> Any:
    url = reverse("admin:claims_quote_span", args=[row.pk])
    return client.post(url, {"start": start, "end": end, "version": version}, follow=True)


def test_span_fix_counts_code_points_so_an_emoji_before_the_span_is_one_character(editor) -> None:  # type: ignore[no-untyped-def]
    text = '🎉🇮🇩 "Big news today, friends," said Ann.'
    article = ArticleFactory(text=text)
    quote = quote_in(article, "Big news")
    start = text.index("Big news today")
    assert start == 5, "two emoji flags count as three code points, and a space and a quote"

    response = fix_span(logged_in(editor), quote, start, start + len("Big news today, friends,"))

    quote.refresh_from_db()
    assert quote.text == "Big news today, friends,"
    assert (quote.start, quote.end) == (5, 29)
    assert (quote.found_start, quote.found_end) == (5, 13)
    assert quote.edited_by == editor
    assert history_of(model=Quote, pk=quote.pk)[-1].action == "quote.fix_span"
    assert response.redirect_chain[-1][0] == f"{review_url(article)}#c-q-{quote.pk}"
    shown = messages_of(response)
    assert any(
        "Span fixed" in m and "<strong>Big news today, friends,</strong>" in m for m in shown
    )


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (10, 10, "start before its end"),
        (0, 10_000, "inside the article"),
        (6, 7, "only spaces"),
        ("", "", "Select the words"),
    ],
)
def test_span_fix_refuses_a_bad_span_in_words(editor, start, end, words) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text='Hello  "Big news," said Ann.')
    quote = quote_in(article, "Big news,")

    response = fix_span(logged_in(editor), quote, start, end)

    assert any(words in message for message in messages_of(response))
    quote.refresh_from_db()
    assert (quote.text, quote.version) == ("Big news,", 1)


def test_span_fix_refuses_a_stale_version_and_another_items_span(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta = quote_in(article, "Alpha words,"), quote_in(article, "Beta words,")
    client = logged_in(editor)

    stale = fix_span(client, alpha, 1, 6, version=7)
    taken = fix_span(client, alpha, beta.start, beta.end)

    assert any("changed by someone else" in m for m in messages_of(stale))
    assert any(f"Quote {beta.pk} of this article already has exactly this span" in m
               for m in messages_of(taken))  # fmt: skip
    alpha.refresh_from_db()
    assert (alpha.text, alpha.version) == ("Alpha words,", 1)


def test_span_fix_is_refused_to_a_viewer_and_to_a_get(viewer, editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha = quote_in(article, "Alpha words,")
    url = reverse("admin:claims_quote_span", args=[alpha.pk])

    assert logged_in(viewer).post(url, {"start": 1, "end": 6, "version": 1}).status_code == 403
    assert logged_in(editor).get(url).status_code == 405
    alpha.refresh_from_db()
    assert alpha.text == "Alpha words,"


# The article list and re-extraction


def test_article_list_needs_a_bounded_number_of_queries_and_shows_no_counts(  # type: ignore[no-untyped-def]
    editor, django_assert_max_num_queries
) -> None:
    client = logged_in(editor)
    client.get(reverse("admin:sources_article_changelist"))
    for n in range(40):
        article = ArticleFactory(text=f'"Words {n}," said Ann. Up {n} percent.')
        quote_in(article, f"Words {n},")
        ArticleExtraction.objects.create(article=article, status="pending")

    with django_assert_max_num_queries(14) as queries:
        response = client.get(reverse("admin:sources_article_changelist"))
    assert not [q for q in queries.captured_queries if '"sources_article"."text"' in q["sql"]]

    page = response.content.decode()
    assert response.status_code == 200
    assert review_url(article) in page
    assert "column-quote_count" not in page


def test_reextract_action_queues_extracted_articles_and_says_how_many(editor) -> None:  # type: ignore[no-untyped-def]
    done = ArticleFactory(text=TEXT)
    running = ArticleFactory(text=TEXT + " More.")
    ArticleExtraction.objects.create(
        article=done, status="extracted", extracted_at="2026-01-01T00:00Z"
    )
    ArticleExtraction.objects.create(article=running, status="pending")

    response = logged_in(editor).post(
        reverse("admin:sources_article_changelist"),
        {"action": "reextract", helpers.ACTION_CHECKBOX_NAME: [done.pk, running.pk]},
        follow=True,
    )

    shown = messages_of(response)
    assert any(m.startswith("1 article queued for re-extraction") for m in shown)
    assert any("1 left alone" in m for m in shown)
    assert ArticleExtraction.objects.get(article=done).status == "pending"


def test_reextract_action_is_not_offered_to_a_viewer(viewer) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    ArticleExtraction.objects.create(
        article=article, status="extracted", extracted_at="2026-01-01T00:00Z"
    )
    client = logged_in(viewer)

    page = client.get(reverse("admin:sources_article_changelist"))
    client.post(
        reverse("admin:sources_article_changelist"),
        {"action": "reextract", helpers.ACTION_CHECKBOX_NAME: [article.pk]},
    )

    assert 'value="reextract"' not in page.content.decode()
    assert ArticleExtraction.objects.get(article=article).status == "extracted"


# The marking itself


def test_marks_keep_every_character_and_write_a_carriage_return_as_a_reference() -> None:
    html = text_mark("a\r\nb <c>", [MarkedSpan(0, 3, "quote", mark_id="m1", href="#r1")])

    assert html == (
        '<mark class="quote" id="m1"><a href="#r1" draggable="false">a&#13;\n</a></mark>b &lt;c&gt;'
    )


def test_a_split_mark_carries_its_id_once_and_links_the_innermost_span() -> None:
    spans = [
        MarkedSpan(0, 9, "quote", mark_id="q", href="#q"),
        MarkedSpan(3, 5, "claim", mark_id="n", href="#n"),
    ]

    html = text_mark("up 5% now", spans)

    assert html == (
        '<mark class="quote" id="q"><a href="#q" draggable="false">up </a></mark>'
        '<mark class="quote"><mark class="claim" id="n">'
        '<a href="#n" draggable="false">5%</a></mark></mark>'
        '<mark class="quote"><a href="#q" draggable="false"> now</a></mark>'
    )


def test_marking_many_spans_marks_each_once() -> None:
    text = "word " * 20_000
    spans = [MarkedSpan(5 * n, 5 * n + 4, "claim", mark_id=f"m{n}") for n in range(20_000)]

    html = text_mark(text, spans)

    assert html.count("<mark ") == 20_000
    assert html.count('id="m') == 20_000
