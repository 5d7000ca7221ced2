"""The admin's forms: "Add articles" (pasted text, URLs and files become job items) and feeds.

An uploaded `.txt` file is one article, an `.html`/`.htm` file one web page, and a `.jsonl` /
`.ndjson` file one article per line, with the fields the ingest command reads (`url`, `title`,
`text` or `html`, `published_at`, `language`, `publication`, `byline`). A file that cannot be
read, or a JSON-lines file with a malformed line, is refused with a message naming it (and the
line), and nothing is queued.

A feed's URL is refused, with the fetcher's reason, when every poll of it would be refused, and
stored in its canonical spelling, as the API and the ingest command subscribe it.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sources.models import Feed
from sources.reading.documents import (
    JSONL_SUFFIXES,
    DocumentFailure,
    document_to_mapping,
    jsonl_read,
)
from sources.reading.rejections import InputRejected
from sources.reading.text_decoding import text_decode
from sources.services.feeds import feed_url_vet

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ArticleIngestForm(forms.Form):
    title = forms.CharField(required=False, max_length=1000, help_text="for the pasted text")
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 10, "cols": 100}),
        help_text="an article's text",
    )  # fmt: skip
    urls = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 100}),
        help_text="article URLs, one per line; a worker fetches them",
    )  # fmt: skip
    files = MultipleFileField(  # type: ignore[assignment]  # a field named like BaseForm.files
        required=False, help_text=".txt, .html or .jsonl files (JSON lines: one article a line)"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._items: list[dict[str, Any]] = []
        if cleaned.get("text", "").strip():
            self._items.append({"text": cleaned["text"], "title": cleaned.get("title", "")})
        for line in cleaned.get("urls", "").splitlines():
            if line.strip():
                self._items.append({"url": line.strip()})
        for upload in cleaned.get("files") or []:
            self._items.extend(_upload_items(upload))
        if not self._items:
            raise forms.ValidationError("Paste a text, list URLs or choose files.")
        return cleaned

    def items(self) -> list[dict[str, Any]]:
        return self._items

    def only_urls(self) -> bool:
        return all(set(item) == {"url"} for item in self._items)


class FeedAdminForm(forms.ModelForm[Feed]):
    class Meta:
        model = Feed
        # The other fields are the poller's to write (FeedAdmin.readonly_fields).
        fields = ["url", "title", "publication", "poll_interval", "is_active"]

    def clean_url(self) -> str:
        try:
            return feed_url_vet(url=self.cleaned_data["url"])
        except InputRejected as error:
            raise forms.ValidationError(str(error)) from error


def _upload_items(upload: Any) -> list[dict[str, Any]]:
    """The job items of one uploaded file; ValidationError when it cannot be read."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(f"{upload.name} is larger than 20 MB")
    name = upload.name.lower()
    if name.endswith(tuple(JSONL_SUFFIXES)):
        return _jsonl_items(upload.name, upload.read())
    is_html = name.endswith((".html", ".htm"))
    try:
        decoded = text_decode(upload.read(), markup=is_html).text
    except InputRejected as error:
        raise forms.ValidationError(f"{upload.name}: {error}") from error
    return [{"html": decoded} if is_html else {"text": decoded, "title": ""}]


def _jsonl_items(name: str, data: bytes) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for document in jsonl_read(name, data):
        if isinstance(document, DocumentFailure):
            # The whole file is refused: a half-imported file is harder to fix than a bad line.
            raise forms.ValidationError(f"{document.origin}: {document.reason}")
        items.append(document_to_mapping(document))
    if not items:
        raise forms.ValidationError(f"{name}: the file has no JSON lines")
    return items
