"""Verdicts in the admin: added from a quote's or claim's page with the logged-in author, edited
as drafts, published by a verdict publisher (four-eyes rule when on), corrected with a note,
every refusal in words and every role's denial a 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.admin.verdicts import verdict_add_url
from claims.models import NumericClaim, Quote, ReviewStatus, Verdict
from claims.services.verdicts import verdict_create, verdict_publish, verdict_update
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:claims_verdict_add")
CHANGELIST = reverse("admin:claims_verdict_changelist")


def role_user(*roles: str, **fields: object):  # type: ignore[no-untyped-def]
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def a_quote(confirmed: bool = True) -> Quote:
    article = ArticleFactory(title="Budget story")
    return Quote.objects.create(
        article=article, speaker=SpeakerFactory(), text=article.text[0:7],
        start=0, end=7, confidence=0.9,
        status=ReviewStatus.CONFIRMED if confirmed else ReviewStatus.CANDIDATE,
        reviewed_at=timezone.now() if confirmed else None,
    )  # fmt: skip


def a_draft(author, quote: Quote | None = None) -> Verdict:  # type: ignore[no-untyped-def]
    return verdict_create(
        actor=author, rating="false", explanation="The figures say otherwise.",
        quote_id=(quote or a_quote()).pk, evidence_links=["https://stats.example/1"],
    )  # fmt: skip


def change_url(verdict: Verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def publish_url(verdict: Verdict) -> str:
    return reverse("admin:claims_verdict_publish", args=[verdict.pk])


def change_data(verdict: Verdict, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "rating": verdict.rating, "explanation": verdict.explanation,
        "evidence_links": "\n".join(verdict.evidence_links), "version": verdict.version,
    }  # fmt: skip
    data.update(changes)
    return data


# Adding


def test_the_add_page_from_a_quote_shows_its_words_and_article_not_an_id_box() -> None:
    editor = role_user("editor")
    quote = a_quote()

    page = logged_in(editor).get(verdict_add_url(quote)).content.decode()

    assert f"“{quote.text}”" in page
    assert "Budget story" in page
    assert f'<input type="hidden" name="quote" value="{quote.pk}"' in page
    assert 'name="author"' not in page
    assert 'name="_addanother"' not in page
    assert '<option value="mostly_false">mostly false</option>' in page


def test_without_an_item_in_the_address_the_add_page_asks_for_an_id() -> None:
    page = logged_in(role_user("editor")).get(ADD).content.decode()

    assert '<input type="number" name="quote"' in page
    assert '<input type="number" name="numeric_claim"' in page


def test_adding_from_a_quote_sets_the_author_and_splits_links_per_line() -> None:
    editor = role_user("editor")
    quote = a_quote()

    response = logged_in(editor).post(
        verdict_add_url(quote),
        {"quote": quote.pk, "rating": "mostly_false", "explanation": "  Off by half. ",
         "evidence_links": "https://a.example/1\r\n\r\n https://b.example/2 \r\n"},
    )  # fmt: skip

    verdict = Verdict.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(verdict)
    assert verdict.author == editor
    assert verdict.quote == quote
    assert verdict.status == Verdict.Status.DRAFT
    assert verdict.explanation == "Off by half."
    assert verdict.evidence_links == ["https://a.example/1", "https://b.example/2"]
    assert verdict.events.get().pgh_context.metadata["action"] == "verdict.create"  # type: ignore[attr-defined]


def test_adding_on_a_numeric_claim() -> None:
    editor = role_user("editor")
    article = ArticleFactory()
    claim = NumericClaim.objects.create(
        article=article, surface=article.text[0:7], value=3, start=0, end=7, confidence=0.5
    )

    logged_in(editor).post(
        verdict_add_url(claim),
        {"numeric_claim": claim.pk, "rating": "true", "explanation": "Right."},
    )

    assert Verdict.objects.get().numeric_claim == claim


def test_a_bad_link_is_explained_in_words_on_the_form() -> None:
    editor = role_user("editor")
    quote = a_quote()

    response = logged_in(editor).post(
        verdict_add_url(quote),
        {"quote": quote.pk, "rating": "false", "explanation": "No.",
         "evidence_links": "https://a.example/1\nnot a link"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["evidence_links"] == [
        "“not a link” is not a web address (http or https)."
    ]
    assert Verdict.objects.count() == 0


def test_missing_rating_explanation_and_unknown_item_are_explained() -> None:
    editor = role_user("editor")
    client = logged_in(editor)

    no_rating = client.post(ADD, {"quote": 999, "explanation": "x"})
    quote = a_quote()
    no_explanation = client.post(verdict_add_url(quote), {"quote": quote.pk, "rating": "false"})
    unknown = client.post(ADD, {"quote": 999, "rating": "false", "explanation": "x"})
    neither = client.post(ADD, {"rating": "false", "explanation": "x"})

    assert "Choose a rating." in no_rating.content.decode()
    assert "Explain the rating: readers see this." in no_explanation.content.decode()
    assert "There is no quote 999." in unknown.content.decode()
    assert "A verdict rates one quote or one numeric claim." in neither.content.decode()
    for response in (no_rating, no_explanation, unknown, neither):
        assert response.status_code == 200
        assert "verdict_" not in response.content.decode().split("<form")[1].split("</form>")[0]
    assert Verdict.objects.count() == 0


# Editing a draft


def test_a_draft_is_edited_through_the_service() -> None:
    editor = role_user("editor")
    verdict = a_draft(editor)

    response = logged_in(editor).post(
        change_url(verdict), change_data(verdict, rating="misleading")
    )

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.rating == "misleading"
    assert verdict.version == 2


def test_a_stale_edit_is_refused_with_a_message_and_the_fresh_form() -> None:
    editor, other = role_user("editor"), role_user("editor")
    verdict = a_draft(editor)
    seen = change_data(verdict, rating="true")
    verdict_update(
        pk=verdict.pk, version=verdict.version, actor=other, changes={"rating": "half_true"}
    )

    response = logged_in(editor).post(change_url(verdict), seen, follow=True)

    assert any("changed by someone else" in m for m in messages_of(response))
    verdict.refresh_from_db()
    assert verdict.rating == "half_true"
    assert '<option value="half_true" selected>' in response.content.decode()


# Publishing


def test_a_publisher_sees_the_publish_button_and_publishes() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = a_draft(editor)
    client = logged_in(publisher)

    page = client.get(change_url(verdict)).content.decode()
    response = client.post(publish_url(verdict), change_data(verdict), follow=True)

    assert 'name="_publish"' in page
    assert response.redirect_chain == [(change_url(verdict), 302)]
    assert messages_of(response) == ["Published: it is exported as ClaimReview from now on."]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_by == publisher


def test_the_four_eyes_rule_refuses_the_author_with_a_message(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FACTDB_VERDICT_FOUR_EYES = True
    author = role_user("editor", "verdict publisher")
    verdict = a_draft(author)

    response = logged_in(author).post(
        publish_url(verdict), {"version": verdict.version}, follow=True
    )

    assert messages_of(response) == [
        "Not published: The four-eyes rule is on: someone other than its author must publish "
        "this verdict."
    ]
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_a_verdict_on_an_unconfirmed_quote_is_not_published() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = a_draft(editor, a_quote(confirmed=False))

    response = logged_in(publisher).post(
        publish_url(verdict), {"version": verdict.version}, follow=True
    )

    (message,) = messages_of(response)
    assert message.startswith("Not published: Confirm the quote first")
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_a_stale_publish_is_refused() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = a_draft(editor)
    verdict_update(pk=verdict.pk, version=verdict.version, actor=editor, changes={"rating": "true"})

    response = logged_in(publisher).post(
        publish_url(verdict), {"version": verdict.version}, follow=True
    )

    assert "changed by someone else" in messages_of(response)[0]
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_an_editor_sees_no_publish_button_and_cannot_publish() -> None:
    editor = role_user("editor")
    verdict = a_draft(role_user("editor"))
    client = logged_in(editor)

    page = client.get(change_url(verdict)).content.decode()
    response = client.post(publish_url(verdict), {"version": verdict.version})

    assert 'name="_publish"' not in page
    assert response.status_code == 403
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


# Correcting


def test_a_publisher_corrects_a_published_verdict_with_a_note() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = verdict_publish(pk=a_draft(editor).pk, version=1, actor=publisher)
    client = logged_in(publisher)

    without_note = client.post(change_url(verdict), change_data(verdict, rating="half_true"))
    with_note = client.post(
        change_url(verdict), change_data(verdict, rating="half_true", note="New data from BPS.")
    )

    assert "Say what the correction changes, and why." in without_note.content.decode()
    assert with_note.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.CORRECTED
    assert verdict.rating == "half_true"
    assert verdict.correction_note == "New data from BPS."
    page = client.get(change_url(verdict)).content.decode()
    assert "Published correction note" in page
    assert "New data from BPS." in page


def test_a_published_verdict_is_read_only_for_an_editor() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = verdict_publish(pk=a_draft(editor).pk, version=1, actor=publisher)
    client = logged_in(editor)

    page = client.get(change_url(verdict)).content.decode()
    post = client.post(change_url(verdict), change_data(verdict, rating="true", note="x"))

    assert 'name="_save"' not in page
    assert post.status_code == 403
    assert Verdict.objects.get().rating == "false"


# The list


def test_the_list_shows_status_rating_item_author_and_filters() -> None:
    editor, publisher = role_user("editor", username="maria"), role_user("verdict publisher")
    published = verdict_publish(pk=a_draft(editor).pk, version=1, actor=publisher)
    a_draft(editor)
    client = logged_in(role_user("viewer"))

    listing = client.get(CHANGELIST)
    drafts = client.get(CHANGELIST, {"status__exact": "draft"})
    rated_false = client.get(CHANGELIST, {"rating__exact": "false"})

    page = listing.content.decode()
    assert listing.context["cl"].result_count == 2
    assert "maria" in page
    assert "published" in page
    assert published.quote.text in page
    assert drafts.context["cl"].result_count == 1
    assert rated_false.context["cl"].result_count == 2


# Viewers


def test_a_viewer_is_refused_every_write() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    viewer = role_user("viewer")
    draft = a_draft(editor)
    published = verdict_publish(pk=a_draft(editor).pk, version=1, actor=publisher)
    quote = a_quote()
    client = logged_in(viewer)

    responses = [
        client.post(
            verdict_add_url(quote), {"quote": quote.pk, "rating": "true", "explanation": "x"}
        ),
        client.post(change_url(draft), change_data(draft, rating="true")),
        client.post(change_url(published), change_data(published, rating="true", note="x")),
        client.post(publish_url(draft), {"version": draft.version}),
        client.post(reverse("admin:claims_verdict_delete", args=[draft.pk]), {"post": "yes"}),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert 'name="_save"' not in client.get(change_url(draft)).content.decode()
    assert Verdict.objects.count() == 2
    assert Verdict.objects.get(pk=draft.pk).rating == "false"


def test_an_editor_deletes_a_draft_but_not_a_published_verdict() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    draft = a_draft(editor)
    published = verdict_publish(pk=a_draft(editor).pk, version=1, actor=publisher)
    client = logged_in(editor)

    deleted = client.post(reverse("admin:claims_verdict_delete", args=[draft.pk]), {"post": "yes"})
    refused = client.post(
        reverse("admin:claims_verdict_delete", args=[published.pk]), {"post": "yes"}
    )

    assert deleted.status_code == 302
    assert refused.status_code == 403
    assert list(Verdict.objects.all()) == [published]


# Publishing from the list


def publish_selected(client: Client, verdicts: list[Verdict], **extra: object):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "action": "publish_selected", "_selected_action": [v.pk for v in verdicts],
        **{f"version_{v.pk}": v.version for v in verdicts}, **extra,
    }  # fmt: skip
    return client.post(CHANGELIST, data, follow=True)


def test_a_publisher_publishes_selected_drafts_and_is_told_what_was_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FACTDB_VERDICT_FOUR_EYES = True
    editor, publisher = role_user("editor"), role_user("editor", "verdict publisher")
    ready, own = a_draft(editor), a_draft(publisher)
    unconfirmed = a_draft(editor, a_quote(confirmed=False))
    client = logged_in(publisher)

    listing = client.get(CHANGELIST).content.decode()
    response = publish_selected(client, [ready, own, unconfirmed])

    assert f'name="version_{ready.pk}" value="{ready.version}"' in listing
    published, refused = messages_of(response)
    assert published == "1 verdict published."
    assert refused.startswith("2 not changed.")
    assert "four-eyes rule" in refused
    assert "Confirm the quote first" in refused
    assert [v.status for v in Verdict.objects.order_by("pk")] == ["published", "draft", "draft"]


def test_a_stale_row_is_not_published_from_the_list() -> None:
    editor, publisher = role_user("editor"), role_user("verdict publisher")
    verdict = a_draft(editor)
    seen = Verdict.objects.get(pk=verdict.pk)
    verdict_update(pk=verdict.pk, version=verdict.version, actor=editor, changes={"rating": "true"})

    (refused,) = messages_of(publish_selected(logged_in(publisher), [seen]))

    assert "changed by someone else" in refused
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_editors_and_viewers_have_no_publish_action_and_posting_it_is_refused() -> None:
    verdict = a_draft(role_user("editor"))

    for role in ("editor", "viewer"):
        client = logged_in(role_user(role))
        assert "publish_selected" not in client.get(CHANGELIST).content.decode()
        assert client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [verdict.pk],
             f"version_{verdict.pk}": verdict.version},
        ).status_code == 403  # fmt: skip
    assert Verdict.objects.get().status == Verdict.Status.DRAFT
