"""The admin's "Add articles" form: pasted text, URLs and uploaded files become job items."""

from __future__ import annotations

from typing import Any

from django import forms

from sources.reading.rejections import InputRejected
from sources.reading.text_decoding import text_decode

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
        required=False, help_text=".txt or .html files"
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
            self._items.append(_upload_item(upload))
        if not self._items:
            raise forms.ValidationError("Paste a text, list URLs or choose files.")
        return cleaned

    def items(self) -> list[dict[str, Any]]:
        return self._items

    def only_urls(self) -> bool:
        return all(set(item) == {"url"} for item in self._items)


def _upload_item(upload: Any) -> dict[str, Any]:
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(f"{upload.name} is larger than 20 MB")
    is_html = upload.name.lower().endswith((".html", ".htm"))
    try:
        decoded = text_decode(upload.read(), markup=is_html).text
    except InputRejected as error:
        raise forms.ValidationError(f"{upload.name}: {error}") from error
    return {"html": decoded} if is_html else {"text": decoded, "title": ""}
