"""The admin's History page of speakers and verdicts shows the trigger-kept history: who, which
action, each field old → new, newest first, paginated, with the creation line."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from claims.admin.history import EditorialHistoryAdmin, history_shown
from claims.models import Quote, ReviewStatus, Speaker, Verdict
from claims.selectors import history_of
from claims.services.edits import VersionedId
from claims.services.reviews import candidates_review
from claims.services.speakers import speaker_merge, speaker_update
from claims.services.verdicts import verdict_create
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def role_user(*roles: str, **fields: object):  # type: ignore[no-untyped-def]
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def quote_of(article, speaker, start: int = 0) -> Quote:  # type: ignore[no-untyped-def]
    return Quote.objects.create(
        article=article, speaker=speaker, text=article.text[start : start + 5], start=start,
        end=start + 5, confidence=0.9,
    )  # fmt: skip


def history_page(client: Client, model: type, pk: int, **params: str) -> str:
    url = reverse(f"admin:claims_{model._meta.model_name}_history", args=[pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_speaker_history_shows_who_which_action_and_old_to_new() -> None:
    editor = role_user("editor", username="maria")
    speaker = SpeakerFactory(name="Jane Doe", role="minister")
    speaker_update(
        pk=speaker.pk, version=speaker.version, actor=editor, changes={"role": "prime minister"}
    )

    page = history_page(logged_in(editor), Speaker, speaker.pk)

    assert "maria" in page
    assert "Speaker update" in page
    assert "<del>minister</del> → <ins>prime minister</ins>" in page
    assert "history-created" in page
    assert "Version" not in page


def test_history_lists_newest_first_and_names_the_speaker_a_merge_pointed_to() -> None:
    editor = role_user("editor", username="maria")
    survivor = SpeakerFactory(name="Jane Doe")
    merged = SpeakerFactory(name="J. Doe")
    speaker_update(pk=merged.pk, version=merged.version, actor=editor, changes={"role": "mayor"})
    merged.refresh_from_db()
    speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)

    page = history_page(logged_in(editor), Speaker, merged.pk)

    assert page.index("Speaker merge") < page.index("Speaker update")
    assert f"<ins>Jane Doe (#{survivor.pk})</ins>" in page
    survivor_page = history_page(logged_in(editor), Speaker, survivor.pk)
    assert "<del>—</del> → <ins>J. Doe</ins>" in survivor_page  # the aliases it took over


def test_history_of_a_bulk_review_names_the_user_and_action_for_each_quote() -> None:
    editor = role_user("editor", username="maria")
    article = ArticleFactory()
    quotes = [quote_of(article, None, start) for start in (0, 10)]

    candidates_review(
        model=Quote, items=[VersionedId(q.pk, q.version) for q in quotes], action="confirm",
        actor=editor,
    )  # fmt: skip

    for quote in quotes:
        (entry,) = history_shown(Quote, history_of(model=Quote, pk=quote.pk))
        assert entry.who == "maria"
        assert entry.action == "Quote confirm (bulk)"
        changes = {change.label: (change.old, change.new) for change in entry.changes}
        assert changes["Status"] == ("candidate", "confirmed")
        assert changes["Reviewer"] == ("—", f"maria (#{editor.pk})")
        assert Quote.objects.get(pk=quote.pk).status == ReviewStatus.CONFIRMED


def test_verdict_history_starts_with_its_creation_by_its_author() -> None:
    editor = role_user("editor", username="maria")
    article = ArticleFactory()
    quote = quote_of(article, None)
    verdict = verdict_create(
        actor=editor, rating="false", explanation="Wrong.", quote_id=quote.pk,
        evidence_links=["https://a.example/1", "https://b.example/2"],
    )  # fmt: skip

    page = history_page(logged_in(editor), Verdict, verdict.pk)

    assert "Verdict create" in page
    assert "maria" in page
    assert "https://a.example/1; https://b.example/2" in page
    assert "history-created" not in page  # the creation is an entry of its own
    assert "<strong>ID</strong>" not in page
    assert "<strong>Created at</strong>" not in page


def test_history_is_paginated() -> None:
    editor = role_user("editor")
    speaker = SpeakerFactory(name="Jane Doe")
    for number in range(EditorialHistoryAdmin.history_per_page + 3):
        speaker_update(
            pk=speaker.pk, version=speaker.version, actor=editor, changes={"role": f"r{number}"}
        )
        speaker.refresh_from_db()

    first = history_page(logged_in(editor), Speaker, speaker.pk)
    second = history_page(logged_in(editor), Speaker, speaker.pk, p="2")

    assert f"{EditorialHistoryAdmin.history_per_page + 3} changes" in first
    assert "<ins>r52</ins>" in first
    assert "<ins>r0</ins>" not in first
    assert "<ins>r0</ins>" in second


def test_history_needs_a_role_that_reads_speakers() -> None:
    nobody = UserFactory(is_staff=True)
    speaker = SpeakerFactory()

    response = logged_in(nobody).get(reverse("admin:claims_speaker_history", args=[speaker.pk]))

    assert response.status_code == 403


def test_a_merge_is_in_the_history_of_every_quote_it_moved() -> None:
    editor = role_user("editor", username="maria")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    article = ArticleFactory()
    quotes = [quote_of(article, merged, start) for start in (0, 10)]

    speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)

    for quote in quotes:
        page = history_page(logged_in(editor), Quote, quote.pk)
        assert "Speaker merge" in page
        assert "maria" in page
        assert f"<del>J. Doe (#{merged.pk})</del> → <ins>Jane Doe (#{survivor.pk})</ins>" in page
