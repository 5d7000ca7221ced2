"""The review queue in the admin: the quote and numeric claim changelists, their one-click
decisions and bulk actions, each carrying the version the editor saw, and each item's page
saving through the review services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from claims.admin import candidates as candidate_admin
from claims.admin.candidates import QueuePaginator
from claims.models import ArticleExtraction, NumericClaim, Quote, ReviewStatus, Speaker
from claims.selectors import history_of
from sources.models import Article, Publication
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:claims_quote_changelist"


def role_user(*roles: str, **fields: Any):  # type: ignore[no-untyped-def]
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _filter_choices_read_afresh() -> None:
    candidate_admin._choices_read.clear()


@pytest.fixture
def editor():  # type: ignore[no-untyped-def]
    return role_user("editor", username="maria")


@pytest.fixture
def viewer():  # type: ignore[no-untyped-def]
    return role_user("viewer", username="vera")


def quote_in(article: Article, words: str, **fields: Any) -> Quote:
    start = article.text.index(words)
    fields.setdefault("confidence", 0.7)
    return Quote.objects.create(
        article=article, start=start, end=start + len(words), text=words, **fields
    )


def claim_in(article: Article, words: str, value: str, **fields: Any) -> NumericClaim:
    start = article.text.index(words)
    fields.setdefault("confidence", 0.7)
    return NumericClaim.objects.create(
        article=article, start=start, end=start + len(words), surface=words,
        value=Decimal(value), unit="percent", **fields,
    )  # fmt: skip


def queue_words(client: Client, **params: Any) -> list[str]:
    """The words of the queue's rows, in the order shown."""
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return [str(row.text) for row in response.context["cl"].result_list]


def review(client: Client, row: Quote | NumericClaim, action: str, version: int | None = None,
           next_url: str = "") -> Any:  # fmt: skip
    name = row._meta.model_name
    url = reverse(f"admin:claims_{name}_review", args=[row.pk, action])
    query = f"?next={next_url}" if next_url else ""
    return client.post(url + query, {"version": row.version if version is None else version})


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


TEXT = '"Alpha words," said Ann. "Beta words," said Bob. "Gamma words," said Cy. Up 5 percent.'


# Order and filters


def test_queue_lists_candidates_first_then_the_surest_then_by_place(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    quote_in(article, "Alpha words,", confidence=0.5)
    quote_in(article, "Beta words,", confidence=0.9)
    gamma = quote_in(article, "Gamma words,", confidence=0.99)
    review(logged_in(editor), gamma, "confirm")

    assert queue_words(logged_in(editor)) == ["Beta words,", "Alpha words,", "Gamma words,"]


def test_queue_filters_by_status_confidence_article_speaker_language_publication_kind_and_version(  # type: ignore[no-untyped-def]
    editor,
) -> None:
    paper = Publication.objects.create(name="The Paper")
    first = ArticleFactory(text=TEXT, publication=paper, language="en")
    second = ArticleFactory(text=TEXT + " Again.", language="id")
    ann = SpeakerFactory(name="Ann Smith")
    quote_in(first, "Alpha words,", confidence=0.95, speaker=ann, language="en",
             extractor_version="2.0")  # fmt: skip
    quote_in(first, "Beta words,", confidence=0.6, kind="partial", language="en")
    quote_in(second, "Gamma words,", confidence=0.3, language="id", extractor_version="1.0")
    ArticleExtraction.objects.create(article=first, extractor_version="2.0")
    client = logged_in(editor)

    assert queue_words(client, confidence="high") == ["Alpha words,"]
    assert queue_words(client, confidence="medium") == ["Beta words,"]
    assert queue_words(client, confidence="low") == ["Gamma words,"]
    assert queue_words(client, article=second.pk) == ["Gamma words,"]
    assert queue_words(client, speaker=ann.pk) == ["Alpha words,"]
    assert queue_words(client, language="id") == ["Gamma words,"]
    assert queue_words(client, publication=paper.pk) == ["Alpha words,", "Beta words,"]
    assert queue_words(client, kind="partial") == ["Beta words,"]
    assert queue_words(client, extractor_version="2.0") == ["Alpha words,"]
    assert queue_words(client, status="candidate") == ["Alpha words,", "Beta words,",
                                                       "Gamma words,"]  # fmt: skip
    page = client.get(reverse(QUEUE), {"article": second.pk}).content.decode()
    assert str(second) in page, "the chosen article is named in its filter"
    assert 'language=id"' in page, "the articles' languages are the choices"


def test_queue_rows_show_words_speaker_article_confidence_status_and_buttons(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT, title="Port news")
    quote = quote_in(article, "Alpha words,", speaker=SpeakerFactory(name="Ann Smith"))

    page = logged_in(editor).get(reverse(QUEUE)).content.decode()

    assert "Alpha words," in page
    assert "Ann Smith" in page
    assert "Port news" in page
    assert "0.70" in page
    assert "○ candidate" in page
    assert reverse("admin:sources_article_review", args=[article.pk]) + f"#c-q-{quote.pk}" in page
    confirm = reverse("admin:claims_quote_review", args=[quote.pk, "confirm"])
    assert f'formaction="{confirm}?' in page
    assert f'name="version_{quote.pk}" value="1"' in page


def test_queue_needs_a_bounded_number_of_queries(editor, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(editor)
    client.get(reverse(QUEUE))  # the session and permission caches warm up
    for n in range(60):
        article = ArticleFactory(text=f'"Words number {n}," said Speaker {n}.')
        quote_in(article, f"Words number {n},", speaker=SpeakerFactory())
        claim_in(article, f"number {n}", str(n))

    with django_assert_max_num_queries(15) as queries:
        assert client.get(reverse(QUEUE)).status_code == 200
    assert not [q for q in queries.captured_queries if '"sources_article"."text"' in q["sql"]], (
        "the articles' texts are not read for their titles"
    )
    with django_assert_max_num_queries(15):
        assert client.get(reverse("admin:claims_numericclaim_changelist")).status_code == 200


# One click


def test_one_click_confirm_records_the_reviewer_raises_the_version_and_names_the_action(  # type: ignore[no-untyped-def]
    editor,
) -> None:
    quote = quote_in(ArticleFactory(text=TEXT), "Alpha words,")
    back = reverse(QUEUE) + "?status=candidate"

    response = review(
        logged_in(editor), quote, "confirm", next_url="/admin/claims/quote/%3Fstatus%3Dcandidate"
    )

    assert response.status_code == 302
    assert response["Location"] == back
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CONFIRMED
    assert quote.reviewer == editor
    assert quote.reviewed_at is not None
    assert quote.version == 2
    assert history_of(model=Quote, pk=quote.pk)[-1].action == "quote.confirm"
    assert history_of(model=Quote, pk=quote.pk)[-1].username == "maria"


def test_one_click_reject_then_reopen(editor) -> None:  # type: ignore[no-untyped-def]
    claim = claim_in(ArticleFactory(text=TEXT), "5 percent", "5")
    client = logged_in(editor)

    review(client, claim, "reject")
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.REJECTED
    review(client, claim, "reopen")
    claim.refresh_from_db()

    assert claim.status == ReviewStatus.CANDIDATE
    assert claim.reviewer is None
    assert claim.version == 3
    actions = [entry.action for entry in history_of(model=NumericClaim, pk=claim.pk)]
    assert actions == ["numeric_claim.reject", "numeric_claim.reopen"]


def test_one_click_from_a_stale_page_is_refused_with_a_message_and_changes_nothing(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Alpha words,")
    client = logged_in(editor)
    review(client, quote, "reject")  # another tab, or another editor

    response = review(client, quote, "confirm", version=1)
    followed = client.get(response["Location"])

    quote.refresh_from_db()
    assert quote.status == ReviewStatus.REJECTED
    assert quote.version == 2
    assert any("changed by someone else" in text for text in messages_of(followed))


def test_viewer_sees_no_buttons_and_a_posted_decision_is_refused(viewer) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Alpha words,")
    client = logged_in(viewer)

    page = client.get(reverse(QUEUE))
    response = review(client, quote, "confirm")

    assert page.status_code == 200
    assert "Alpha words," in page.content.decode()
    assert "formaction" not in page.content.decode()
    assert page.context["action_form"] is None
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE


def test_a_decision_url_takes_only_posts_and_known_actions(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Alpha words,")
    client = logged_in(editor)

    assert (
        client.get(reverse("admin:claims_quote_review", args=[quote.pk, "confirm"])).status_code
        == 405
    )
    response = review(client, quote, "approve")
    missing = review(Client(), quote, "confirm")

    assert response.status_code == 302
    assert missing.status_code == 302
    assert "/login/" in missing["Location"]
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE
    gone = client.post(
        reverse("admin:claims_quote_review", args=[99999, "confirm"]), {"version": 1}
    )
    assert any("no quote 99999" in text for text in messages_of(client.get(gone["Location"])))


def test_an_unsafe_next_is_not_followed(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Alpha words,")

    response = review(logged_in(editor), quote, "confirm", next_url="https://evil.example/")

    assert response["Location"] == reverse(QUEUE)


# Bulk actions


def bulk(client: Client, action: str, rows: list[Quote], versions: dict[int, int] | None = None,
         **extra: Any) -> Any:  # fmt: skip
    data: dict[str, Any] = {
        "action": action,
        helpers.ACTION_CHECKBOX_NAME: [row.pk for row in rows],
        **{f"version_{row.pk}": (versions or {}).get(row.pk, row.version) for row in rows},
        **extra,
    }
    return client.post(reverse(QUEUE), data, follow=True)


def test_bulk_confirm_counts_what_changed_and_reports_a_stale_row(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta, gamma = (
        quote_in(article, w) for w in ("Alpha words,", "Beta words,", "Gamma words,")
    )
    client = logged_in(editor)
    review(client, gamma, "reject")  # the page still shows it at version 1

    response = bulk(client, "confirm_selected", [alpha, beta, gamma], versions={gamma.pk: 1})

    texts = messages_of(response)
    assert any(text.startswith("2 quotes confirmed") for text in texts)
    assert any(f"#{gamma.pk}: This quote was changed by someone else" in text for text in texts)
    statuses = dict(Quote.objects.values_list("pk", "status"))
    assert statuses == {alpha.pk: "confirmed", beta.pk: "confirmed", gamma.pk: "rejected"}
    assert history_of(model=Quote, pk=alpha.pk)[-1].action == "quote.confirm (bulk)"


def test_bulk_reject_leaves_rows_the_page_did_not_show(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta = quote_in(article, "Alpha words,"), quote_in(article, "Beta words,")

    response = logged_in(editor).post(
        reverse(QUEUE),
        {"action": "reject_selected", helpers.ACTION_CHECKBOX_NAME: [alpha.pk],
         "select_across": "1", f"version_{alpha.pk}": 1},
        follow=True,
    )  # fmt: skip

    assert any(text.startswith("1 quote rejected") for text in messages_of(response))
    assert any("not on the page you saw" in text for text in messages_of(response))
    assert dict(Quote.objects.values_list("pk", "status")) == {
        alpha.pk: "rejected", beta.pk: "candidate",
    }  # fmt: skip


def test_bulk_reassign_shows_a_page_then_gives_a_new_speaker_by_name(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta = quote_in(article, "Alpha words,"), quote_in(article, "Beta words,")
    client = logged_in(editor)

    page = bulk(client, "speaker_reassign", [alpha, beta])
    assert page.templates[0].name == "admin/claims/candidate_speaker_reassign.html"
    body = page.content.decode()
    assert "Alpha words," in body
    assert "Beta words," in body
    assert "admin/js/autocomplete.js" in body
    assert 'data-field-name="speaker"' in body

    done = bulk(client, "speaker_reassign", [alpha, beta], apply="yes", name="Dana  Ruiz")

    assert any(text.startswith("2 quotes given the new speaker") for text in messages_of(done))
    dana = Speaker.objects.get(name="Dana Ruiz")
    assert set(Quote.objects.values_list("speaker_id", flat=True)) == {dana.pk}
    assert history_of(model=Quote, pk=alpha.pk)[-1].action == "quote.reassign_speaker (bulk)"


def test_bulk_reassign_to_a_known_speaker_reports_a_stale_row(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text=TEXT)
    alpha, beta = quote_in(article, "Alpha words,"), quote_in(article, "Beta words,")
    ann = SpeakerFactory(name="Ann Smith")
    client = logged_in(editor)
    review(client, beta, "confirm")

    done = bulk(client, "speaker_reassign", [alpha, beta], versions={beta.pk: 1}, apply="yes",
                speaker=ann.pk)  # fmt: skip

    assert any(text.startswith("1 quote given the new speaker") for text in messages_of(done))
    assert any(f"#{beta.pk}: This quote was changed" in text for text in messages_of(done))
    assert dict(Quote.objects.values_list("pk", "speaker_id")) == {alpha.pk: ann.pk, beta.pk: None}


def test_bulk_reassign_asks_again_without_a_speaker(editor) -> None:  # type: ignore[no-untyped-def]
    alpha = quote_in(ArticleFactory(text=TEXT), "Alpha words,")

    page = bulk(logged_in(editor), "speaker_reassign", [alpha], apply="yes")

    assert "Choose an existing speaker or type a new speaker" in page.content.decode()
    alpha.refresh_from_db()
    assert alpha.version == 1


def test_viewer_has_no_bulk_actions(viewer) -> None:  # type: ignore[no-untyped-def]
    alpha = quote_in(ArticleFactory(text=TEXT), "Alpha words,")

    bulk(logged_in(viewer), "confirm_selected", [alpha])

    alpha.refresh_from_db()
    assert alpha.status == ReviewStatus.CANDIDATE


# The item's page


def change_url(row: Quote | NumericClaim) -> str:
    return reverse(f"admin:claims_{row._meta.model_name}_change", args=[row.pk])


def quote_form(row: Quote, **changes: Any) -> dict[str, Any]:
    data = {"status": row.status, "speaker": row.speaker_id or "", "kind": row.kind,
            "speaker_mention": row.speaker_mention, "version": row.version}  # fmt: skip
    return {**data, **changes}


def test_item_page_shows_the_sentence_and_links_and_no_offsets_to_type(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Beta words,")

    page = logged_in(editor).get(change_url(quote)).content.decode()

    assert '<strong class="span-words">Beta words,</strong>' in page
    assert '<strong class="span-words">Beta words,</strong>&quot; said Bob.…' in page
    assert reverse("admin:claims_verdict_add") + f"?quote={quote.pk}" in page
    assert reverse("admin:claims_quote_history", args=[quote.pk]) in page
    assert reverse("admin:sources_article_review", args=[quote.article_id]) in page
    assert 'name="start"' not in page
    assert 'name="end"' not in page
    assert 'type="hidden" name="version" value="1"' in page


def test_item_page_saves_through_the_services(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Beta words,")
    bob = SpeakerFactory(name="Bob Jones")

    response = logged_in(editor).post(
        change_url(quote), quote_form(quote, status="confirmed", kind="partial", speaker=bob.pk)
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.status, quote.kind, quote.speaker_id) == ("confirmed", "partial", bob.pk)
    assert quote.reviewer == editor
    assert quote.edited_by == editor
    assert quote.version == 4
    actions = [entry.action for entry in history_of(model=Quote, pk=quote.pk)]
    assert actions == ["quote.correct", "quote.reassign_speaker", "quote.confirm"]


def test_item_page_from_a_stale_page_shows_a_message_and_the_fresh_form(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Beta words,")
    client = logged_in(editor)
    stale = quote_form(quote, kind="partial")
    review(client, quote, "reject")

    response = client.post(change_url(quote), stale, follow=True)

    quote.refresh_from_db()
    assert quote.kind == "direct"
    assert quote.status == "rejected"
    assert quote.version == 2
    assert any("changed by someone else" in text for text in messages_of(response))
    assert 'type="hidden" name="version" value="2"' in response.content.decode()


def test_item_page_shows_a_refusal_in_words_and_changes_nothing(editor) -> None:  # type: ignore[no-untyped-def]
    claim = claim_in(ArticleFactory(text=TEXT), "5 percent", "5")
    data = {"value": "5", "value_max": "", "unit": "percent", "qualifier": "range",
            "subject": "", "period": "", "kind": "", "speaker": "", "status": "confirmed",
            "version": 1}  # fmt: skip

    response = logged_in(editor).post(change_url(claim), data)

    assert response.status_code == 200
    assert "A range needs its upper end (value max)." in response.content.decode()
    assert "numeric_claim_range" not in response.content.decode()
    claim.refresh_from_db()
    assert (claim.qualifier, claim.status, claim.version) == ("exact", "candidate", 1)


def test_item_pages_have_no_add_and_no_delete(editor) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Beta words,")
    client = logged_in(editor)

    assert client.get(reverse("admin:claims_quote_add")).status_code == 403
    assert client.post(reverse("admin:claims_quote_delete", args=[quote.pk])).status_code == 403
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_viewer_reads_an_item_page_and_cannot_save_it(viewer) -> None:  # type: ignore[no-untyped-def]
    quote = quote_in(ArticleFactory(text=TEXT), "Beta words,")
    client = logged_in(viewer)

    page = client.get(change_url(quote))
    response = client.post(change_url(quote), quote_form(quote, status="confirmed"))

    assert page.status_code == 200
    assert "Beta words," in page.content.decode()
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE


def test_queue_counts_at_most_its_cap_and_says_so(editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QueuePaginator, "COUNT_CAP", 3)
    article = ArticleFactory(text=TEXT)
    for words in ("Alpha words,", "Beta words,", "Gamma words,"):
        quote_in(article, words)

    page = logged_in(editor).get(reverse(QUEUE)).content.decode()
    one = logged_in(editor).get(reverse(QUEUE), {"confidence": "low"}).content.decode()

    assert "3 or more quotes (narrow them with the filters)" in page
    assert "0 quotes" in one


def test_the_queue_search_reads_words_as_the_api_does(editor) -> None:  # type: ignore[no-untyped-def]
    article = ArticleFactory(text='"Ekspor ke Đà Nẵng naik," kata Budi. "Harga turun," ujar Rina.')
    found = quote_in(article, "Ekspor ke Đà Nẵng naik,")
    other = quote_in(article, "Harga turun,")

    page = logged_in(editor).get(reverse(QUEUE), {"q": "da nang -harga"})

    assert page.status_code == 200
    shown = [row.pk for row in page.context["cl"].result_list]
    assert shown == [found.pk]
    assert other.pk not in shown
