"""The exact-duplicate key of an article: SHA-256 of its text in a normal form."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(text: str) -> str:
    """Equal for texts that differ only in Unicode normal form or in runs of whitespace."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
