"""An editor's day in a real browser: Debian's headless Chromium through the admin on a live
server, the way an editor clicks, with the database checked after each step.

Screenshots of every step land in /tmp/factdb-screens/ (see conftest.py).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.models import Quote, ReviewStatus, Speaker
from sources.models import Article
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

# The roles come from a data migration; a transactional test flushes the tables after it, so
# the database is restored from its serialized state before this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "s3cret-pass"  # tests.factories.UserFactory's
TEXT = (
    'The port will reopen in May. "We have the money for the new cranes," said Ana Lima, '
    'the harbour master. Her deputy was less sure: "Nothing is signed yet," said Rui Costa. '
    '"Exports fell 12 percent last year and we expect a recovery," Lima added.'
)


def _editor():  # type: ignore[no-untyped-def]
    """A staff member with the editor and verdict publisher roles, and nothing else."""
    user = UserFactory(username="maria", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["editor", "verdict publisher"]))
    return user


def _quote(article: Article, words: str, speaker: Speaker | None, mention: str = "") -> Quote:
    start = article.text.index(words)
    return Quote.objects.create(
        article=article, start=start, end=start + len(words), text=words, speaker=speaker,
        speaker_mention=mention, confidence=0.8, language="en",
    )  # fmt: skip


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_an_editor_logs_in_through_the_form_and_opens_the_quotes(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor()
    assert editor.groups.count() == 2, "the roles' groups exist (restored from the migration)"
    article = ArticleFactory(text=TEXT, title="Port to reopen")
    lima = SpeakerFactory(name="Ana Lima")
    quote = _quote(article, "We have the money for the new cranes,", lima, "Ana Lima")

    page.goto("/admin/")
    screenshot("login-page")
    assert "/admin/login/" in page.url, "the admin asks who you are first"
    _log_in(page, "maria")
    screenshot("admin-index")
    page.goto("/admin/claims/quote/")
    screenshot("quote-list")

    row = page.locator("#result_list tbody tr", has_text="We have the money for the new cranes")
    assert row.count() == 1
    assert "Ana Lima" in row.inner_text()
    assert page.locator("#user-tools").inner_text().upper().find("MARIA") >= 0
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.CANDIDATE
    assert quote.version == 1
