"""The one exception type for input FactDB refuses, with a message meant for the person who sent it.

Every pure ingestion module (fetching, decoding, HTML and feed parsing) raises `InputRejected` or a
subclass when the input itself is the problem. Callers (API views, admin forms, commands, tasks) can
show `str(error)` to the user as it is and must not retry: the same input fails the same way.
"""

from __future__ import annotations

_MB = 1024 * 1024


class InputRejected(ValueError):
    """The input cannot be ingested; `str(self)` says why in words a newsroom user understands.

    `field` names the input field at fault, when one is (`"language"`, `"url"`), so an API can
    point at it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def size_describe(size_in_bytes: int) -> str:
    """`10.5 MB`, `300 KB`, `12 bytes`: sizes as people read them (binary units, short names)."""
    if size_in_bytes >= _MB:
        megabytes = size_in_bytes / _MB
        return f"{megabytes:.1f} MB".replace(".0 MB", " MB")
    if size_in_bytes >= 1024:
        return f"{size_in_bytes // 1024} KB"
    return f"{size_in_bytes} bytes"


def count_describe(count: int, noun: str) -> str:
    """`12,345 characters`, `10.5 million characters`: large counts as people read them."""
    if count >= 1_000_000:
        millions = f"{count / 1_000_000:.1f}".removesuffix(".0")
        return f"{millions} million {noun}"
    return f"{count:,} {noun}"
