"""An editor's day in a real browser: Debian's headless Chromium through the admin on a live
server, the way an editor clicks, with the database checked after each step.

Screenshots of every step land in /tmp/factdb-screens/ (see conftest.py).
"""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Locator, Page, expect

from claims.models import NumericClaim, Quote, ReviewStatus, Speaker, Verdict
from claims.selectors import history_of
from sources.models import Article
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

# The roles are the groups a data migration creates; a transactional test (as a live server
# needs) empties every table after it, so they are made again here when an earlier one did.
pytestmark = pytest.mark.django_db(transaction=True)
ROLES = importlib.import_module("claims.migrations.0007_editorial_roles").ROLES

PASSWORD = "s3cret-pass"  # tests.factories.UserFactory's
# The ship before the quotes is one character to Python (offsets are code points) and two to
# JavaScript: a span fixed by selecting words after it lands where the editor selected only
# if the page counts the way the database does.
TEXT = (
    'The port \U0001f6a2 will reopen in May. "We have the money for the new cranes," said Ana '
    'Lima, the harbour master. Her deputy was less sure: "Nothing is signed yet," said Rui '
    'Costa. "Exports fell 12 percent last year and we expect a recovery," Lima added. "The '
    'cranes arrive in June," Lima told reporters.'
)


def _roles_present() -> None:
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def _editor():  # type: ignore[no-untyped-def]
    """A staff member with the editor and verdict publisher roles, and nothing else."""
    _roles_present()
    user = UserFactory(username="maria", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["editor", "verdict publisher"]))
    return user


def _quote(
    article: Article, words: str, speaker: Speaker | None, mention: str, confidence: float
) -> Quote:
    start = article.text.index(words)
    return Quote.objects.create(
        article=article, start=start, end=start + len(words), text=words, speaker=speaker,
        speaker_mention=mention, confidence=confidence, language="en",
    )  # fmt: skip


def _log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def _row(page: Page, pk: int) -> Locator:
    """The changelist row of the item `pk`, found by its checkbox."""
    return page.locator("#result_list tbody tr").filter(
        has=page.locator(f'input.action-select[value="{pk}"]')
    )


def _action_run(page: Page, pks: list[int], action: str) -> None:
    """Tick the rows, choose the bulk action, press Go."""
    for pk in pks:
        _row(page, pk).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def _select_words(page: Page, words: str) -> None:
    """Drag the mouse over `words` in the article's text, from after the last word back to
    the first, as an editor does (a drag that starts on a marked, linked word drags the link
    instead of selecting)."""
    page.locator("#article-text").scroll_into_view_if_needed()
    ends = page.evaluate(_CHARACTER_BOXES_JS, words)
    assert ends is not None, f"“{words}” is not in the article's text on the page"
    first, last = ends
    page.mouse.move(last["right"] + 0.5, last["middle"])
    page.mouse.down()
    page.mouse.move(first["left"] + 1, first["middle"], steps=12)
    page.mouse.up()


# The boxes of the first and last characters of `words` in #article-text, in the viewport.
_CHARACTER_BOXES_JS = """(words) => {
  const container = document.getElementById("article-text");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const pieces = [];
  let text = "";
  while (walker.nextNode()) {
    pieces.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = text.indexOf(words);
  if (at < 0) return null;
  const box = (offset) => {
    const [node, from] = pieces.filter(([, start]) => start <= offset).pop();
    const range = document.createRange();
    range.setStart(node, offset - from);
    range.setEnd(node, offset - from + 1);
    const rect = range.getClientRects()[0];
    return {left: rect.left, right: rect.right, middle: rect.top + rect.height / 2};
  };
  return [box(at), box(at + words.length - 1)];
}"""


def test_an_editor_logs_in_through_the_form_and_opens_the_quotes(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor()
    assert not editor.is_superuser
    article = ArticleFactory(text=TEXT, title="Port to reopen")
    lima = SpeakerFactory(name="Ana Lima")
    quote = _quote(article, "We have the money for the new cranes,", lima, "Ana Lima", 0.9)

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


def test_an_editor_reviews_fixes_merges_and_rates_in_the_admin(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor()
    article = ArticleFactory(text=TEXT, title="Port to reopen", language="en")
    ana = SpeakerFactory(name="Ana Lima")
    lima = SpeakerFactory(name="Lima")  # the same person, as the engine met her later
    costa = SpeakerFactory(name="Rui Costa")
    cranes = _quote(article, "We have the money", ana, "Ana Lima", 0.95)  # cut short
    signed = _quote(article, "Nothing is signed yet,", costa, "Rui Costa", 0.9)
    exports = _quote(
        article, "Exports fell 12 percent last year and we expect a recovery,", None, "Lima", 0.7
    )
    june = _quote(article, "The cranes arrive in June,", None, "Lima", 0.6)

    _log_in(page, "maria")

    # The queue; one click confirms a quote.
    page.goto("/admin/claims/quote/")
    screenshot("queue")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    _row(page, cranes.pk).locator("button.review-confirm").click()
    expect(page.locator("ul.messagelist")).to_contain_text("confirmed")
    screenshot("confirmed-one")
    cranes.refresh_from_db()
    assert cranes.status == ReviewStatus.CONFIRMED
    assert cranes.reviewer == editor
    assert cranes.reviewed_at is not None
    assert cranes.version == 2

    # One click rejects another.
    _row(page, signed.pk).locator("button.review-reject").click()
    expect(page.locator("ul.messagelist")).to_contain_text("rejected")
    screenshot("rejected-one")
    signed.refresh_from_db()
    assert signed.status == ReviewStatus.REJECTED
    assert signed.reviewer == editor
    assert signed.version == 2
    cranes.refresh_from_db()
    assert cranes.status == ReviewStatus.CONFIRMED, "the other decision stands"
    rows = page.locator("#result_list tbody tr")  # what is left to decide comes first, surest first
    expect(rows.nth(0)).to_contain_text("Exports fell 12 percent")
    expect(rows.nth(1)).to_contain_text("The cranes arrive in June")

    # Two quotes get their speaker: the bulk action, its page, a known speaker chosen by name.
    _action_run(page, [exports.pk, june.pk], "speaker_reassign")
    expect(page.locator("#content-main.speaker-reassign")).to_contain_text("The cranes arrive")
    page.locator("#id_speaker + .select2 .select2-selection").click()  # the autocomplete
    page.locator(".select2-search__field").fill("Lima")
    page.get_by_role("option", name="Lima", exact=True).click()
    screenshot("reassign-page")
    page.click("input[type=submit][value='Reassign the speaker']")
    expect(page.locator("ul.messagelist")).to_contain_text("2 quotes given the new speaker")
    screenshot("reassigned")
    for quote in (exports, june):
        quote.refresh_from_db()
        assert quote.speaker == lima
        assert quote.edited_by == editor
        assert quote.version == 2

    # The span cut short is fixed by selecting its words in the article.
    _row(page, cranes.pk).locator(f'a[href$="#c-q-{cranes.pk}"]').click()
    expect(page.locator("#article-text")).to_contain_text("We have the money for the new cranes")
    screenshot("article-review")
    words = "We have the money for the new cranes"
    start = TEXT.index(words)
    found_at = (cranes.start, cranes.end)
    _select_words(page, words)
    expect(page.locator("#selection-status")).to_contain_text(
        f"Selected characters {start}–{start + len(words)}"
    )
    screenshot("words-selected")
    page.locator(f"#c-q-{cranes.pk} .use-selection").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Span fixed")
    screenshot("span-fixed")
    cranes.refresh_from_db()
    assert (cranes.start, cranes.end) == (start, start + len(words))
    assert cranes.text == words
    assert (cranes.found_start, cranes.found_end) == found_at
    assert cranes.edited_by == editor
    assert cranes.status == ReviewStatus.CONFIRMED
    assert cranes.version == 3

    # "Lima" is Ana Lima: merged, with the confirmation page.
    page.goto("/admin/claims/speaker/")
    _action_run(page, [ana.pk, lima.pk], "merge_into")
    expect(page.locator("#merge-speakers")).to_contain_text("Ana Lima")
    page.check(f"#chosen_{ana.pk}")
    screenshot("merge-page")
    page.click("input[type=submit][value=Merge]")
    expect(page.locator("ul.messagelist")).to_contain_text("Merged 1 speaker (Lima) into Ana Lima")
    screenshot("merged")
    lima.refresh_from_db()
    ana.refresh_from_db()
    assert lima.merged_into == ana
    assert "Lima" in ana.aliases
    for quote in (exports, june):
        quote.refresh_from_db()
        assert quote.speaker == ana
        assert quote.version == 3
    assert set(Quote.objects.filter(speaker=ana)) == {cranes, exports, june}

    # A verdict on the confirmed quote, from the quote's page; then published.
    page.goto(f"/admin/claims/quote/{cranes.pk}/change/")
    screenshot("quote-page")
    page.get_by_role("link", name="Add a verdict").click()
    expect(page.locator(".verdict-rates")).to_contain_text(words)
    page.select_option("#id_rating", "mostly_true")
    page.fill("#id_explanation", "The budget holds the cranes; the tender is not signed yet.")
    page.fill(
        "#id_evidence_links",
        "https://port.example/budget-2026\n\n  https://port.example/tender  \n",
    )
    screenshot("verdict-form")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist")).to_contain_text("saved as a draft")
    verdict = Verdict.objects.get(quote=cranes)
    assert verdict.author == editor
    assert verdict.rating == Verdict.Rating.MOSTLY_TRUE
    assert verdict.evidence_links == [
        "https://port.example/budget-2026",
        "https://port.example/tender",
    ]
    assert verdict.status == Verdict.Status.DRAFT
    page.click("input[name=_publish]")
    expect(page.locator("ul.messagelist")).to_contain_text("Published")
    screenshot("verdict-published")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_by == editor
    assert verdict.published_at is not None

    # The history: every change, by whom, under which action.
    def done(model: type, pk: int) -> list[tuple[str, str | None]]:
        return [(entry.action, entry.username) for entry in history_of(model=model, pk=pk)]

    assert done(Quote, cranes.pk) == [("quote.confirm", "maria"), ("quote.fix_span", "maria")]
    assert done(Quote, signed.pk) == [("quote.reject", "maria")]
    for quote in (exports, june):
        assert done(Quote, quote.pk) == [
            ("quote.reassign_speaker (bulk)", "maria"),
            ("speaker.merge", "maria"),
        ]
    assert done(Speaker, lima.pk) == [("speaker.merge", "maria")]
    assert done(Speaker, ana.pk) == [("speaker.merge", "maria")]
    assert done(Verdict, verdict.pk) == [("verdict.create", "maria"), ("verdict.publish", "maria")]

    page.goto(f"/admin/claims/quote/{cranes.pk}/change/")
    page.locator(".object-tools").get_by_role("link", name="History").click()
    entries = page.locator("tr.history-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("maria")
    expect(entries.nth(0)).to_contain_text("Quote fix span")
    expect(entries.nth(0)).to_contain_text("We have the money for the new cranes")
    expect(entries.nth(1)).to_contain_text("Quote confirm")
    screenshot("quote-history")
    page.goto(f"/admin/claims/speaker/{lima.pk}/history/")
    expect(page.locator("tr.history-entry")).to_contain_text("Speaker merge")
    expect(page.locator("tr.history-entry")).to_contain_text("maria")
    screenshot("speaker-history")


def test_two_editors_on_one_quote_the_stale_page_is_refused_and_nothing_is_lost(
    page: Page, new_page, screenshot
) -> None:  # type: ignore[no-untyped-def]
    maria = _editor()
    joao = UserFactory(username="joao", is_staff=True)
    joao.groups.add(Group.objects.get(name="editor"))
    article = ArticleFactory(text=TEXT, title="Port to reopen", language="en")
    costa = SpeakerFactory(name="Rui Costa")
    signed = _quote(article, "Nothing is signed yet,", costa, "Rui Costa", 0.9)
    exports = _quote(
        article, "Exports fell 12 percent last year and we expect a recovery,", None, "Lima", 0.7
    )
    other = new_page()
    _log_in(page, "maria")
    _log_in(other, "joao")
    for each in (page, other):  # both open the queue, and the item's page, before anyone acts
        each.goto("/admin/claims/quote/")
    item_page = new_page()
    _log_in(item_page, "joao")
    item_page.goto(f"/admin/claims/quote/{exports.pk}/change/")

    _row(page, signed.pk).locator("button.review-confirm").click()
    expect(page.locator("ul.messagelist")).to_contain_text("confirmed")
    _row(other, signed.pk).locator("button.review-reject").click()  # from the stale queue
    expect(other.locator("ul.messagelist .error")).to_contain_text("changed by someone else")
    expect(_row(other, signed.pk)).to_contain_text("confirmed")  # the queue as it is now
    screenshot("stale-click-refused", of=other)
    signed.refresh_from_db()
    assert signed.status == ReviewStatus.CONFIRMED
    assert signed.reviewer == maria
    assert signed.version == 2
    assert [(e.action, e.username) for e in history_of(model=Quote, pk=signed.pk)] == [
        ("quote.confirm", "maria")
    ]

    # The item's page, opened before maria rejected the quote, is sent back fresh.
    _row(page, exports.pk).locator("button.review-reject").click()
    expect(page.locator("ul.messagelist")).to_contain_text("rejected")
    item_page.select_option("#id_status", "confirmed")
    item_page.click("input[name=_save]")
    expect(item_page.locator("ul.messagelist .error")).to_contain_text("changed by someone else")
    expect(item_page.locator("#id_status")).to_have_value("rejected")
    expect(item_page.locator("input[name=version]")).to_have_value("2")
    screenshot("stale-form-sent-back-fresh", of=item_page)
    exports.refresh_from_db()
    assert exports.status == ReviewStatus.REJECTED
    assert exports.reviewer == maria
    assert exports.version == 2


def test_a_viewer_reads_the_queue_but_has_no_buttons_and_a_forged_decision_is_refused(
    page: Page, screenshot
) -> None:  # type: ignore[no-untyped-def]
    _roles_present()
    viewer = UserFactory(username="vera", is_staff=True)
    viewer.groups.add(Group.objects.get(name="viewer"))
    article = ArticleFactory(text=TEXT, title="Port to reopen", language="en")
    signed = _quote(article, "Nothing is signed yet,", None, "Rui Costa", 0.9)

    _log_in(page, "vera")
    page.goto("/admin/claims/quote/")
    screenshot("viewer-queue")
    expect(page.locator("#result_list tbody tr")).to_contain_text(["Nothing is signed yet"])
    expect(page.locator("button.review-confirm")).to_have_count(0)
    expect(page.locator("select[name=action]")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"/admin/claims/quote/{signed.pk}/review/confirm/",
        form={"version": "1"},
        headers={"X-CSRFToken": token},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "CSRF" not in forged.text()
    signed.refresh_from_db()
    assert signed.status == ReviewStatus.CANDIDATE
    assert signed.version == 1


def test_an_editor_corrects_a_figure_and_confirms_it_in_one_save(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor()
    article = ArticleFactory(text=TEXT, title="Port to reopen", language="en")
    start = TEXT.index("12 percent")
    figure = NumericClaim.objects.create(
        article=article, start=start, end=start + len("12 percent"), surface="12 percent",
        value=Decimal("1.2"), unit="", subject="exports", confidence=0.8, language="en",
    )  # fmt: skip

    _log_in(page, "maria")
    page.goto(f"/admin/claims/numericclaim/{figure.pk}/change/")
    expect(page.locator(".field-in_context")).to_contain_text("Exports fell 12 percent")
    page.fill("#id_value", "12")
    page.fill("#id_unit", "percent")
    page.fill("#id_period", "2025")
    page.select_option("#id_status", "confirmed")
    screenshot("figure-corrected")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist .success")).to_be_visible()
    screenshot("figure-saved")

    figure.refresh_from_db()
    assert figure.value == Decimal("12")
    assert figure.unit == "percent"
    assert figure.period == "2025"
    assert figure.status == ReviewStatus.CONFIRMED
    assert figure.reviewer == editor
    assert figure.edited_by == editor
    assert [(e.action, e.username) for e in history_of(model=NumericClaim, pk=figure.pk)] == [
        ("numeric_claim.correct", "maria"),
        ("numeric_claim.confirm", "maria"),
    ]
