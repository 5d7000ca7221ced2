"""RSS 2.0 (and 0.9x), Atom 1.0 and RSS 1.0 (RDF) feeds to entries, safely.

`feed_parse(data)` parses with defusedxml and refuses any document type declaration: feeds
never need one, and it is what entity-expansion bombs ("billion laughs") and external entity or
DTD references (which would make the parser read files or fetch URLs) are built from. Nothing is
ever expanded or fetched; such a feed gets a clear error instead, as does malformed XML.
(feedparser was not used: it reads DOCTYPEs and falls back to a lenient parser on bad XML.)

Entries keep their summary and content as the feed gives them, HTML included; the caller
extracts text (`html_text`) or fetches `link`.
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from sources.reading.rejections import InputRejected, size_describe
from sources.reading.text_decoding import text_decode

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_03 = "{http://purl.org/atom/ns#}"
RSS_10 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 1000

_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. `entry_id` is its guid/id, else its link, else a hash of its text."""

    entry_id: str
    link: str | None
    title: str
    published_at: datetime.datetime | None
    summary: str
    content: str
    author: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed: `feed_format` is `rss`, `atom` or `rdf`; entries in document order."""

    feed_format: str
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]


def feed_parse(
    data: bytes,
    *,
    base_url: str | None = None,
    max_bytes: int = MAX_FEED_BYTES,
    max_entries: int = MAX_ENTRIES,
) -> ParsedFeed:
    """Parse feed bytes; relative links resolve against `base_url` (the feed's URL).

    Raises `InputRejected` for an empty, oversized, malformed or unsafe feed, or XML that is
    not a feed. At most `max_entries` entries are returned (the first ones).
    """
    if len(data) > max_bytes:
        raise InputRejected(
            f"the feed is {size_describe(len(data))}; the limit is {size_describe(max_bytes)}"
        )
    if not data.strip():
        raise InputRejected("the feed is empty")
    root = _xml_parse(data)
    if root.tag == "rss" or root.tag.endswith("}rss"):
        return _rss_parse(root, base_url=base_url, max_entries=max_entries)
    if root.tag in (f"{ATOM}feed", f"{ATOM_03}feed"):
        return _atom_parse(root, base_url=base_url, max_entries=max_entries)
    if root.tag == f"{RDF}RDF":
        return _rdf_parse(root, base_url=base_url, max_entries=max_entries)
    raise InputRejected(
        f"this is XML but not an RSS or Atom feed (the root element is <{_local_name(root.tag)}>)"
    )


def _xml_parse(data: bytes) -> Element:
    try:
        return _xml_parse_defused(data)
    except InputRejected:
        raise
    except ParseError as error:
        if "unknown encoding" not in str(error):
            raise InputRejected(f"the feed is not well-formed XML ({error})") from None
    except ValueError as error:
        if "multi-byte encodings" not in str(error):
            raise
    # expat knows only UTF-8/16, Latin-1 and ASCII natively; decode other declared encodings
    # (Shift_JIS, GBK, ...) with Python's codecs and parse the UTF-8 re-encoding.
    text = text_decode(data, markup=True).text
    utf8 = _XML_DECLARATION.sub(b"", text.encode("utf-8"), count=1)
    try:
        return _xml_parse_defused(utf8)
    except ParseError as error:
        raise InputRejected(f"the feed is not well-formed XML ({error})") from None


def _xml_parse_defused(data: bytes) -> Element:
    try:
        root: Element = SafeElementTree.fromstring(data, forbid_dtd=True)
    except DTDForbidden as refusal:
        if (refusal.name or "").lower() == "html":
            raise InputRejected("this is a web page (HTML), not a feed") from None
        if refusal.sysid or refusal.pubid:
            reference = refusal.sysid or refusal.pubid
            raise InputRejected(
                f"refused: the feed refers to an external DTD ({reference}); "
                "feeds do not need one, and it is not fetched"
            ) from None
        raise InputRejected(
            "refused: the feed declares a DTD of its own; feeds do not need one, and its "
            "entities are how XML bombs work"
        ) from None
    except EntitiesForbidden as refusal:
        raise InputRejected(f"refused: the feed declares the XML entity {refusal.name!r}") from None
    except ExternalReferenceForbidden as refusal:
        raise InputRejected(
            f"refused: the feed refers to an external resource ({refusal.sysid})"
        ) from None
    return root


def _rss_parse(root: Element, *, base_url: str | None, max_entries: int) -> ParsedFeed:
    channel = root.find("channel")
    if channel is None:
        raise InputRejected("the RSS feed has no <channel>")
    feed_link = _absolute(_text(channel.find("link")), base_url)
    entries = [
        _entry_make(
            entry_id=_text(item.find("guid")),
            link=_absolute(
                _text(item.find("link")) or _permalink_guid(item), feed_link or base_url
            ),
            title=_text(item.find("title")),
            published=_date_parse(
                _text(item.find("pubDate")) or _text(item.find(f"{DUBLIN_CORE}date"))
            ),
            summary=_text(item.find("description")),
            content=_text(item.find(f"{CONTENT}encoded")),
            author=_text(item.find("author")) or _text(item.find(f"{DUBLIN_CORE}creator")),
        )
        for item in islice(channel.iter("item"), max_entries)
    ]
    return ParsedFeed("rss", _text(channel.find("title")), feed_link, tuple(entries))


def _atom_parse(root: Element, *, base_url: str | None, max_entries: int) -> ParsedFeed:
    namespace = ATOM if root.tag == f"{ATOM}feed" else ATOM_03
    feed_link = _absolute(_atom_link(root, namespace), base_url)
    entries = []
    for entry in islice(root.iter(f"{namespace}entry"), max_entries):
        author = entry.find(f"{namespace}author/{namespace}name")
        published = (
            _text(entry.find(f"{namespace}published"))
            or _text(entry.find(f"{namespace}issued"))
            or _text(entry.find(f"{namespace}updated"))
            or _text(entry.find(f"{namespace}modified"))
        )
        entries.append(
            _entry_make(
                entry_id=_text(entry.find(f"{namespace}id")),
                link=_absolute(_atom_link(entry, namespace), feed_link or base_url),
                title=_text(entry.find(f"{namespace}title")),
                published=_date_parse(published),
                summary=_markup(entry.find(f"{namespace}summary")),
                content=_markup(entry.find(f"{namespace}content")),
                author=_text(author),
            )
        )
    return ParsedFeed("atom", _text(root.find(f"{namespace}title")), feed_link, tuple(entries))


def _rdf_parse(root: Element, *, base_url: str | None, max_entries: int) -> ParsedFeed:
    channel = root.find(f"{RSS_10}channel")
    feed_link = None
    title = ""
    if channel is not None:
        feed_link = _absolute(_text(channel.find(f"{RSS_10}link")), base_url)
        title = _text(channel.find(f"{RSS_10}title"))
    entries = [
        _entry_make(
            entry_id=item.get(f"{RDF}about", ""),
            link=_absolute(_text(item.find(f"{RSS_10}link")), feed_link or base_url),
            title=_text(item.find(f"{RSS_10}title")),
            published=_date_parse(_text(item.find(f"{DUBLIN_CORE}date"))),
            summary=_text(item.find(f"{RSS_10}description")),
            content=_text(item.find(f"{CONTENT}encoded")),
            author=_text(item.find(f"{DUBLIN_CORE}creator")),
        )
        for item in islice(root.iter(f"{RSS_10}item"), max_entries)
    ]
    return ParsedFeed("rdf", title, feed_link, tuple(entries))


def _entry_make(
    *,
    entry_id: str,
    link: str | None,
    title: str,
    published: datetime.datetime | None,
    summary: str,
    content: str,
    author: str,
) -> FeedEntry:
    if not entry_id:
        entry_id = link or _content_key(title, summary, content)
    return FeedEntry(
        entry_id=entry_id,
        link=link,
        title=title,
        published_at=published,
        summary=summary,
        content=content,
        author=author,
    )


def _content_key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _permalink_guid(item: Element) -> str:
    """An RSS guid is the item's URL unless it says isPermaLink="false"."""
    guid = item.find("guid")
    if guid is None or guid.get("isPermaLink", "true").lower() == "false":
        return ""
    value = _text(guid)
    return value if value.startswith(("http://", "https://")) else ""


def _atom_link(element: Element, namespace: str) -> str:
    links = element.findall(f"{namespace}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return next((link.get("href", "") for link in links if link.get("href")), "")


def _markup(element: Element | None) -> str:
    """Atom text constructs: type="xhtml" content is child elements, the others are text."""
    if element is None:
        return ""
    if len(element):
        return "".join(tostring(child, encoding="unicode") for child in element).strip()
    return _text(element)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _absolute(link: str, base: str | None) -> str | None:
    if not link:
        return None
    return urljoin(base, link) if base else link


def _date_parse(value: str) -> datetime.datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) to an aware datetime; None if unreadable."""
    if not value:
        return None
    moment: datetime.datetime | None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
