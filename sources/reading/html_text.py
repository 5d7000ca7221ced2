"""A web page's article: main text and metadata, extracted with trafilatura.

`html_extract(html, url=...)` returns an `ArticleDocument`: the main text (navigation, footers,
related links and comments left out), title, byline, publication time, canonical URL and the
language the page declares. Text that survives extraction but is still furniture (ad slots,
comment counters, captions, "read also" lines) is `boilerplate.boilerplate_strip`'s job.

Pages larger than `max_chars` are refused before parsing, or with `trim_oversized=True` cut to
`max_chars` first (the article is nearly always near the top; lxml closes the cut-off tags).
Pages with more than `max_elements` elements are refused after parsing: extraction time grows
with the number of elements, not characters (measured: 8 MB of inline script extracts in
0.1 s, a 7 MB page of 240,000 link elements takes 7 s and 500 MB).

A fragment (`<p>Exports grew to <b>$12 billion</b>.</p>`, as an editor pastes it or an API
client sends it) is read too. When trafilatura finds no main text in a page of at most
`FRAGMENT_MAX_ELEMENTS` elements, the text is the page's own: block elements and `<br>` become
line breaks; scripts, styles and page furniture (`<nav>`, `<footer>`, `<aside>`, forms) are left
out. Bigger pages without main text are still refused: their own text is menus and link lists.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from sources.reading.rejections import InputRejected, count_describe

MAX_HTML_CHARS = 10_000_000
MAX_HTML_ELEMENTS = 50_000  # busy news pages have 5,000-20,000
# Up to this many elements a page without main text is read as a fragment (its own text).
FRAGMENT_MAX_ELEMENTS = 200

# htmldate's output format: with a time and offset when the page states them.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_PARAMS = {
    "outputformat": _DATE_FORMAT,
    "original_date": True,
    # Only dates the page marks up as such: a date mentioned in the story is not the
    # publication date, and a missing date is better than a wrong one.
    "extensive_search": False,
}
_SHORT_TEXT_CHARS = 200
_WHITESPACE = re.compile(r"\s+")
# What a fragment's own text leaves out: never shown, or page furniture rather than article.
_SKIPPED_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "form",
        "button", "select", "textarea", "iframe", "object", "embed", "svg", "canvas",
    }
)  # fmt: skip
# Elements a browser lays out on lines of their own.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_LANGUAGE_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    "//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')='content-language']"
    "/@content",
    "//meta[@property='og:locale']/@content",
    "//meta[translate(@name,'LANGUAGE','language')='language']/@content",
)


@dataclass(frozen=True, slots=True)
class ArticleDocument:
    """What a page says about its article. Empty strings or None where the page says nothing."""

    text: str
    title: str
    byline: str
    published_at: datetime.datetime | None
    canonical_url: str | None
    declared_language: str | None  # ISO 639 code from <html lang>, Content-Language, og:locale
    site_name: str


def html_extract(
    html: str,
    *,
    url: str | None = None,
    max_chars: int = MAX_HTML_CHARS,
    trim_oversized: bool = False,
    max_elements: int = MAX_HTML_ELEMENTS,
    default_timezone: datetime.tzinfo = datetime.UTC,
) -> ArticleDocument:
    """Extract the article from `html` (already decoded; see `text_decoding`).

    `url` is where the page came from; it helps resolve the canonical link. A publication time
    without a UTC offset is taken to be in `default_timezone`. Raises `InputRejected` for an
    empty or oversized page, one with too many elements, or one with no article text.
    """
    if not html or html.isspace():
        raise InputRejected("the page is empty")
    if len(html) > max_chars:
        if not trim_oversized:
            raise InputRejected(
                f"the page is {count_describe(len(html), 'characters')} long; "
                f"the limit is {count_describe(max_chars, 'characters')}"
            )
        html = html[:max_chars]
    # NUL characters make lxml stop reading; they never belong in a page.
    html = html.replace("\x00", "")

    # trafilatura takes a lone element ("<p>…</p>") for something other than HTML.
    tree = load_html(html, max_size=max_chars + 1)
    if tree is None:
        tree = _fragment_parse(html)
    if tree is None:
        raise InputRejected("the page could not be read as HTML")
    element_count = sum(1 for _ in tree.iter())
    if element_count > max_elements:
        raise InputRejected(
            f"the page has {count_describe(element_count, 'HTML elements')}; "
            f"the limit is {count_describe(max_elements, 'elements')}"
        )
    declared_language = _declared_language(tree)
    document = _trafilatura_extract(tree, url=url, favor_precision=False)
    text = _text_of(document)
    if document is not None and len(text) < _SHORT_TEXT_CHARS:
        # A short result may be all there is (a brief), or navigation picked up from a page
        # with no article; precision mode keeps the first and drops the second.
        confirmed = _trafilatura_extract(tree, url=url, favor_precision=True)
        text = _text_of(confirmed)
    if not text and element_count <= FRAGMENT_MAX_ELEMENTS:
        text = _own_text(tree)
        if text and document is None:
            document = extract_metadata(tree, url, _DATE_PARAMS)
    if document is None or not text:
        raise InputRejected("no article text was found on the page")
    title = (document.title or "").strip()
    return ArticleDocument(
        text=_title_line_drop(text, title),
        title=title,
        byline=(document.author or "").strip(),
        published_at=_published_at(document.date, default_timezone=default_timezone),
        canonical_url=document.url or url,
        declared_language=declared_language,
        site_name=(document.sitename or "").strip(),
    )


def _trafilatura_extract(
    tree: HtmlElement, *, url: str | None, favor_precision: bool
) -> Document | None:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        date_extraction_params=_DATE_PARAMS,
    )
    # Without as_dict=True (deprecated) bare_extraction returns a Document or None.
    assert document is None or isinstance(document, Document)
    return document


def _text_of(document: Document | None) -> str:
    return (document.text or "").strip() if document is not None else ""


def _fragment_parse(html: str) -> HtmlElement | None:
    """`html` parsed as a whole document (`<html><body>…`) however little of one it is."""
    parser = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        try:
            return document_fromstring(html, parser=parser)
        except ValueError:  # a str that declares its own encoding: lxml wants bytes then
            return document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.LxmlError, ValueError):
        return None


def _own_text(tree: HtmlElement) -> str:
    """The text of `tree`'s elements as a browser lays it out: one line per block, spaces
    collapsed, blank lines dropped; what is never article text is left out."""
    pieces: list[str] = []
    # Walked with a stack rather than recursion: nesting depth is the page's to choose.
    stack: list[tuple[etree._Element, bool]] = [(tree, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: comment
        if closing:
            if tag in _BLOCK_TAGS:
                pieces.append("\n")
            if element is not tree and element.tail:
                pieces.append(_spaces_collapse(element.tail))
            continue
        stack.append((element, True))
        if tag is None or tag in _SKIPPED_TAGS:
            continue
        if tag == "br" or tag in _BLOCK_TAGS:
            pieces.append("\n")
        if element.text:
            pieces.append(_spaces_collapse(element.text))
        stack.extend((child, False) for child in reversed(element))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _spaces_collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def _title_line_drop(text: str, title: str) -> str:
    """The text without a first line repeating the title (an <h1> inside <article>)."""
    first_line, _, rest = text.partition("\n")
    if title and rest and _words_folded(first_line) == _words_folded(title):
        return rest.lstrip("\n")
    return text


def _words_folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _declared_language(tree: HtmlElement) -> str | None:
    for xpath in _LANGUAGE_XPATHS:
        for value in tree.xpath(xpath):
            match = _LANGUAGE_TAG.fullmatch(str(value).strip())
            if match:
                return match.group(1).lower()
    return None


def _published_at(
    value: str | None, *, default_timezone: datetime.tzinfo
) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=default_timezone)
    return moment
