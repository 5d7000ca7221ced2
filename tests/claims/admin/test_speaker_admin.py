"""Speakers in the admin: the change form saves through speaker_update against the version the
editor saw, the "Merge into…" action confirms who stays and what moves, and a speaker's page
lists what it said across articles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims.models import NumericClaim, Quote, Speaker
from claims.services.speakers import speaker_merge, speaker_update
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_speaker_changelist")


def role_user(*roles: str, **fields: object):  # type: ignore[no-untyped-def]
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def change_url(speaker: Speaker) -> str:
    return reverse("admin:claims_speaker_change", args=[speaker.pk])


def form_data(speaker: Speaker, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": speaker.name, "aliases": "\n".join(speaker.aliases), "role": speaker.role,
        "role_seen_at": "", "organisation": speaker.organisation, "country": speaker.country,
        "wikidata_id": speaker.wikidata_id, "version": speaker.version,
    }  # fmt: skip
    data.update(changes)
    return data


def said_by(speaker: Speaker, article=None, start: int = 0) -> tuple[Quote, NumericClaim]:  # type: ignore[no-untyped-def]
    article = article or ArticleFactory()
    quote = Quote.objects.create(
        article=article, speaker=speaker, text=article.text[start : start + 5], start=start,
        end=start + 5, confidence=0.9,
    )  # fmt: skip
    claim = NumericClaim.objects.create(
        article=article, speaker=speaker, surface=article.text[start + 6 : start + 9], value=12,
        start=start + 6, end=start + 9, confidence=0.8,
    )  # fmt: skip
    return quote, claim


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def merge_post(client: Client, speakers: list[Speaker], **choice: object):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "action": "merge_into", "merge_confirmed": "yes",
        "_selected_action": [s.pk for s in speakers],
        **{f"version_{s.pk}": s.version for s in speakers},
    }  # fmt: skip
    data.update(choice)
    return client.post(CHANGELIST, data, follow=True)


# The change form


def test_editor_saves_a_correction_through_the_service_with_history() -> None:
    editor = role_user("editor")
    speaker = SpeakerFactory(name="Jane Doe", aliases=["J. Doe"])

    response = logged_in(editor).post(
        change_url(speaker), form_data(speaker, role="minister", aliases="J. Doe\r\nDoe\r\n\r\n")
    )

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.role == "minister"
    assert speaker.aliases == ["J. Doe", "Doe"]
    assert speaker.version == 2
    assert speaker.events.last().pgh_context.metadata == {  # type: ignore[attr-defined]
        "user": editor.pk,
        "action": "speaker.update",
    }


def test_a_stale_form_is_refused_with_a_message_and_the_fresh_form() -> None:
    editor, other = role_user("editor"), role_user("editor")
    speaker = SpeakerFactory(name="Jane Doe")
    seen = form_data(speaker, role="mayor")
    speaker_update(pk=speaker.pk, version=speaker.version, actor=other, changes={"role": "judge"})

    response = logged_in(editor).post(change_url(speaker), seen, follow=True)

    assert response.redirect_chain == [(change_url(speaker), 302)]
    assert any("changed by someone else" in message for message in messages_of(response))
    speaker.refresh_from_db()
    assert speaker.role == "judge"
    page = response.content.decode()
    assert 'value="judge"' in page
    assert f'name="version" value="{speaker.version}"' in page


def test_a_duplicate_name_says_to_merge_instead() -> None:
    editor = role_user("editor")
    SpeakerFactory(name="Jane Doe")
    speaker = SpeakerFactory(name="Jane D.")

    response = logged_in(editor).post(change_url(speaker), form_data(speaker, name="jane  doe"))

    assert response.status_code == 200
    assert "Another speaker already has this name; merge the two instead." in (
        response.content.decode()
    )
    assert "speaker_unique" not in response.content.decode()
    speaker.refresh_from_db()
    assert speaker.name == "Jane D."


def test_a_bad_wikidata_id_is_explained_on_the_form() -> None:
    editor = role_user("editor")
    speaker = SpeakerFactory(name="Jane Doe")

    response = logged_in(editor).post(change_url(speaker), form_data(speaker, wikidata_id="7747"))

    assert response.status_code == 200
    assert "A Wikidata id is Q followed by digits" in response.content.decode()


def test_merged_into_is_a_link_not_a_field() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)
    merged.refresh_from_db()

    page = logged_in(editor).get(change_url(merged)).content.decode()

    assert f'<a href="{change_url(survivor)}">Jane Doe</a>' in page
    assert 'name="merged_into"' not in page
    response = logged_in(editor).post(change_url(merged), form_data(merged, merged_into=""))
    merged.refresh_from_db()
    assert response.status_code == 302
    assert merged.merged_into == survivor


def test_the_list_searches_aliases_and_filters_merged_speakers() -> None:
    editor = role_user("viewer")
    SpeakerFactory(name="Joko Widodo", aliases=["Jokowi"])
    SpeakerFactory(name="Prabowo Subianto")

    found = logged_in(editor).get(CHANGELIST, {"q": "jokowi"})
    people = logged_in(editor).get(CHANGELIST, {"merged": "no"})

    assert found.context["cl"].result_count == 1
    assert "Joko Widodo" in found.content.decode()
    assert people.context["cl"].result_count == 2


# The speaker's page


def test_speaker_page_lists_quotes_and_claims_across_articles_with_links() -> None:
    editor = role_user("viewer")
    speaker = SpeakerFactory(name="Jane Doe")
    first, second = ArticleFactory(title="First story"), ArticleFactory(title="Second story")
    quote, claim = said_by(speaker, first)
    said_by(speaker, second)
    said_by(SpeakerFactory(name="Someone Else"))

    page = logged_in(editor).get(change_url(speaker)).content.decode()

    assert "Quotes (2)" in page
    assert "Numeric claims (2)" in page
    assert reverse("admin:sources_article_change", args=[first.pk]) in page
    assert reverse("admin:sources_article_change", args=[second.pk]) in page
    assert reverse("admin:claims_quote_change", args=[quote.pk]) in page
    assert reverse("admin:claims_numericclaim_change", args=[claim.pk]) in page
    assert "candidate" in page


def test_speaker_page_is_paginated() -> None:
    editor = role_user("viewer")
    speaker = SpeakerFactory(name="Jane Doe")
    article = ArticleFactory(text="x" * 1000)
    for number in range(30):
        Quote.objects.create(
            article=article, speaker=speaker, text="xxxxx", start=number * 10,
            end=number * 10 + 5, confidence=0.5,
        )  # fmt: skip

    first = logged_in(editor).get(change_url(speaker)).content.decode()
    second = logged_in(editor).get(change_url(speaker), {"quotes_page": "2"}).content.decode()

    assert first.count('class="speaker-quote"') == 25
    assert "page 1 of 2" in first
    assert second.count('class="speaker-quote"') == 5


# Merging


def test_merge_action_shows_who_could_stay_and_what_would_move() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    said_by(merged)
    said_by(merged)

    response = logged_in(editor).post(
        CHANGELIST, {"action": "merge_into", "_selected_action": [survivor.pk, merged.pk]}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the speaker who stays" in page
    assert f'name="version_{merged.pk}" value="{merged.version}"' in page
    rows = {row["speaker"].name: (row["quotes"], row["claims"]) for row in response.context["rows"]}
    assert rows == {"Jane Doe": (0, 0), "J. Doe": (2, 2)}
    assert Speaker.objects.get(pk=merged.pk).merged_into is None  # nothing happened yet


def test_confirming_the_merge_moves_quotes_and_keeps_aliases() -> None:
    editor = role_user("editor")
    survivor = SpeakerFactory(name="Jane Doe", aliases=["Doe"])
    merged = SpeakerFactory(name="J. Doe", aliases=["Janie"])
    third = SpeakerFactory(name="Jane M. Doe")
    quotes = [said_by(merged)[0], said_by(third)[0]]

    response = merge_post(logged_in(editor), [survivor, merged, third], chosen=survivor.pk)

    assert response.status_code == 200
    (message,) = messages_of(response)
    assert message.startswith("Merged 2 speakers (J. Doe, Jane M. Doe) into Jane Doe:")
    assert "2 quotes and 2 numeric claims moved" in message
    assert {q.speaker_id for q in Quote.objects.filter(pk__in=[q.pk for q in quotes])} == {
        survivor.pk
    }
    survivor.refresh_from_db()
    assert survivor.aliases == ["Doe", "J. Doe", "Janie", "Jane M. Doe"]
    assert Speaker.objects.get(pk=merged.pk).merged_into_id == survivor.pk
    page = logged_in(editor).get(change_url(survivor)).content.decode()
    assert "Quotes (2)" in page  # what the merged said is listed under the survivor


def test_merging_into_another_speaker_chosen_by_search() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")

    merge_post(logged_in(editor), [merged], other=survivor.pk)

    assert Speaker.objects.get(pk=merged.pk).merged_into_id == survivor.pk


def test_merge_refusals_are_shown_in_words() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    elsewhere = SpeakerFactory(name="Jane Elsewhere")
    speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)
    merged.refresh_from_db()
    client = logged_in(editor)

    itself = messages_of(merge_post(client, [survivor], chosen=survivor.pk))
    into_merged = messages_of(merge_post(client, [elsewhere], other=merged.pk))

    assert itself == ["Not merged: Jane Doe: A speaker cannot be merged into itself."]
    assert into_merged == [
        f"Not merged: Jane Elsewhere: J. Doe was itself merged into speaker {survivor.pk}: "
        "merge into that one instead."
    ]
    assert Speaker.objects.get(pk=elsewhere.pk).merged_into is None


def test_a_loop_cannot_be_made() -> None:
    editor = role_user("editor")
    first, second = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    speaker_merge(pk=second.pk, into=first.pk, version=second.version, actor=editor)
    first.refresh_from_db()
    second.refresh_from_db()

    (message,) = messages_of(merge_post(logged_in(editor), [first], other=second.pk))

    assert "merge into that one instead" in message
    assert Speaker.objects.get(pk=first.pk).merged_into is None


def test_a_merge_from_a_stale_page_is_refused() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    seen = Speaker.objects.get(pk=merged.pk)
    speaker_update(pk=merged.pk, version=merged.version, actor=editor, changes={"role": "mayor"})

    (message,) = messages_of(merge_post(logged_in(editor), [survivor, seen], chosen=survivor.pk))

    assert "changed by someone else" in message
    assert Speaker.objects.get(pk=merged.pk).merged_into is None


def test_the_merge_page_asks_again_without_a_survivor() -> None:
    editor = role_user("editor")
    first, second = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")

    response = merge_post(logged_in(editor), [first, second])

    assert "Choose the speaker who stays: one of the selected ones" in response.content.decode()
    assert Speaker.objects.filter(merged_into__isnull=False).count() == 0


# Viewers read only


def test_a_viewer_sees_no_merge_action_and_no_save_button() -> None:
    viewer = role_user("viewer")
    speaker = SpeakerFactory(name="Jane Doe")

    changelist = logged_in(viewer).get(CHANGELIST).content.decode()
    page = logged_in(viewer).get(change_url(speaker)).content.decode()

    assert "merge_into" not in changelist
    assert 'name="_save"' not in page
    assert 'name="name"' not in page


def test_a_viewer_cannot_post_a_change_or_a_merge() -> None:
    viewer = role_user("viewer")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="J. Doe")
    client = logged_in(viewer)

    change = client.post(change_url(merged), form_data(merged, role="mayor"))
    merge = client.post(
        CHANGELIST,
        {"action": "merge_into", "merge_confirmed": "yes", "_selected_action": [merged.pk],
         f"version_{merged.pk}": merged.version, "other": survivor.pk},
    )  # fmt: skip
    add = client.get(reverse("admin:claims_speaker_add"))

    assert change.status_code == 403
    assert merge.status_code == 403
    assert add.status_code == 403
    assert Speaker.objects.get(pk=merged.pk).merged_into is None
    assert Speaker.objects.get(pk=merged.pk).role == ""


def test_choosing_who_stays_by_search_offers_people_not_merged_names() -> None:
    editor = role_user("editor")
    survivor, merged = SpeakerFactory(name="Jane Doe"), SpeakerFactory(name="Jane D.")
    speaker_merge(pk=merged.pk, into=survivor.pk, version=merged.version, actor=editor)

    response = logged_in(editor).get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "speaker", "field_name": "merged_into",
         "term": "jane"},
    )  # fmt: skip
    listed = logged_in(editor).get(CHANGELIST, {"q": "jane"})

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Jane Doe"]
    assert listed.context["cl"].result_count == 2
