"""Remove page furniture that survives text extraction, in plain text from any source.

Extractors (and editors pasting from a browser) leave lines that are not the article:

- ad slots and placeholders: `[iklan_2]`, `[ads]`, `[quangcao]`, a lone `ADVERTISEMENT`;
- comment counters: `Komentar (0)`, `Comments (12)`, `12 comments`, `Bình luận (3)`;
- "read also" links: `Baca juga: ...`, `Read also: ...`, `Lesen Sie auch: ...`, `Xem thêm: ...`;
- photo captions ending in a credit: `Putin dan Tokayev, 27 November. (Sumber: RIA Novosti) |`,
  `... (Photo: Reuters)`, and lone credit lines such as `Foto: ANTARA/Hafidz Mubarak`;
- a trailing `Sumber:/Source:/Fuente:/Quelle:/Fonte:/Nguồn:/Source : <URL>` line, which names the
  upstream article this one was translated or republished from: its URL is returned as
  `upstream_url` and the line removed.

Rules are whole-line and keyword-based across several languages, never fitted to one page: a
line is removed only when all of it is furniture, so sentences that merely mention a source
("... according to data (Source: IMF)") are kept. `removed_lines` lists what went, for
auditing and tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words for "source" and "photo" in the languages newsrooms here publish and translate from.
_SOURCE_WORDS = (
    r"sumber|source|sources|fuente|quelle|fonte|nguồn|nguon|источник|kaynak|bron|źródło|zdroj"
    r"|forrás|πηγή|المصدر|来源|출처|出典|sursa|kilde|källa|lähde"
)
_PHOTO_WORDS = (
    r"foto|fotos|photo|photos|picture|pictures|image|images|credit|crédit|crédito|créditos"
    r"|bild|bilder|ảnh|hình|фото|fotoğraf|zdjęcie|kuva|写真|图|사진|gambar|imagen|immagine"
)
_READ_ALSO_PHRASES = (
    r"baca juga|baca pula|lihat juga|simak juga|read also|read more|also read|see also"
    r"|related|more on this|recommended|lesen sie auch|mehr zum thema|lire aussi|à lire aussi"
    r"|voir aussi|lee también|leer también|ver también|leia também|veja também|leggi anche"
    r"|vedi anche|xem thêm|đọc thêm|читайте также|смотрите также|ayrıca okuyun|lees ook"
    r"|czytaj też|czytaj także"
)
# Words that, alone on a line or with a count, can only be a comment counter.
_COMMENT_WORDS = (
    r"komentar|comments?|kommentare?|commentaires?|comentarios?|comentários?|commenti"
    r"|bình luận|комментари[ийя]|yorum(?:lar)?|reacties|komentarze|kommentit"
)
_AD_WORDS = (
    r"iklan|ads?|advert\w*|advertisement|advertorial|sponsored|banner|quảng cáo|quangcao"
    r"|qc|anzeige|werbung|publicidad|publicité|pubblicità|publicidade|реклама|reklam\w*"
)

_AD_PLACEHOLDER = re.compile(rf"\[\s*(?:{_AD_WORDS})(?:[ _\-]*\d+)?\s*\]", re.IGNORECASE)
_TEMPLATE_PLACEHOLDER = re.compile(r"\[[a-z]+(?:_[a-z0-9]+)*_\d+\]")  # [iklan_2], [ads_box_1]
_AD_LINE = re.compile(
    rf"(?:-+\s*)?(?:{_AD_WORDS}|scroll to continue with content|continue reading below)"
    rf"(?:\s*-+)?\s*",
    re.IGNORECASE,
)
_COMMENT_COUNTER = re.compile(
    rf"(?:\d+\s+(?:{_COMMENT_WORDS})|(?:{_COMMENT_WORDS})\s*(?:\(\s*\d+\s*\)|:\s*\d+|\d+)?)"
    r"\s*[|·•]?\s*",
    re.IGNORECASE,
)
_READ_ALSO = re.compile(rf"(?:{_READ_ALSO_PHRASES})\s*(?::|-|–|—|»|>)", re.IGNORECASE)
_READ_ALSO_LINE_LIMIT = 300

# "(Sumber: RIA Novosti) |" at the end of a line: the shape of a photo caption's credit.
_CREDIT_AT_END = re.compile(
    rf"\((?:{_SOURCE_WORDS}|{_PHOTO_WORDS})\s*:\s*[^()\n]{{1,120}}\)\s*(?P<pipe>\|)?\s*$",
    re.IGNORECASE,
)
_PHOTO_CREDIT_AT_END = re.compile(
    rf"\((?:{_PHOTO_WORDS})\s*:\s*[^()\n]{{1,120}}\)\s*\|?\s*$", re.IGNORECASE
)
_LONE_PHOTO_CREDIT = re.compile(rf"(?:{_PHOTO_WORDS})\s*:\s*\S.{{0,100}}", re.IGNORECASE)
_CAPTION_LINE_LIMIT = 400

# "Sumber: https://...", "Source : Reuters, https://...": the whole line names one URL.
_UPSTREAM_SOURCE = re.compile(
    rf"(?:{_SOURCE_WORDS})\s*:\s*(?:[^\n]{{1,80}}?[\s,–—-]\s*)?(?P<url>https?://[^\s<>\"]+?)"
    r"[.,;)]?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BoilerplateCleaned:
    """The article text without furniture, the upstream URL if one was named, what was removed."""

    text: str
    upstream_url: str | None
    removed_lines: tuple[str, ...]


def boilerplate_strip(text: str) -> BoilerplateCleaned:
    """Remove furniture lines (see the module docstring); keep every other line as it was."""
    kept: list[str] = []
    removed: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            kept.append(line)
            continue
        cleaned = _placeholders_strip(line)
        if not cleaned.strip() or furniture_line_is(cleaned):
            removed.append(line)
        else:
            kept.append(cleaned)

    upstream_url = None
    last_content = _last_content_index(kept)
    if last_content is not None:
        match = _UPSTREAM_SOURCE.fullmatch(kept[last_content].strip())
        if match:
            upstream_url = match.group("url")
            removed.append(kept.pop(last_content))

    return BoilerplateCleaned(
        text=_blank_runs_collapse("\n".join(kept)).strip(),
        upstream_url=upstream_url,
        removed_lines=tuple(removed),
    )


def furniture_line_is(line: str) -> bool:
    """Whether the whole line is page furniture rather than article text."""
    stripped = line.strip()
    if _AD_LINE.fullmatch(stripped) or _COMMENT_COUNTER.fullmatch(stripped):
        return True
    if len(stripped) <= _READ_ALSO_LINE_LIMIT and _READ_ALSO.match(stripped):
        return True
    return _caption_is(stripped)


def _caption_is(line: str) -> bool:
    if len(line) > _CAPTION_LINE_LIMIT:
        return False
    credit = _CREDIT_AT_END.search(line)
    # A "(Source: X)" credit alone could end a sentence of the article; a trailing "|"
    # (the caption/credit separator of CMS templates) or a photo word makes it a caption.
    if credit and (credit.group("pipe") or _PHOTO_CREDIT_AT_END.search(line)):
        return True
    return bool(_LONE_PHOTO_CREDIT.fullmatch(line)) and len(line) <= 120


def _placeholders_strip(line: str) -> str:
    """The line without `[iklan_2]`-style placeholders; unchanged when it has none."""
    without = _TEMPLATE_PLACEHOLDER.sub(" ", _AD_PLACEHOLDER.sub(" ", line))
    if without == line:
        return line
    return re.sub(r"[ \t]{2,}", " ", without).strip()


def _last_content_index(lines: list[str]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index
    return None


def _blank_runs_collapse(text: str) -> str:
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
