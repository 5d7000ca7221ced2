"""Feeds to entries: the three formats, and XML attacks refused without expansion or fetching."""

from __future__ import annotations

import datetime
import time

import pytest

from sources.reading.feed_parsing import feed_parse
from sources.reading.rejections import InputRejected
from tests.sources.conftest import LoopbackServer

UTC = datetime.UTC

RSS_20 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Berita Dunia</title>
  <link>https://berita.example/dunia</link>
  <item>
    <title>Putin ke Kazakhstan</title>
    <link>https://berita.example/dunia/putin-kazakhstan-1</link>
    <guid isPermaLink="false">berita-12345</guid>
    <pubDate>Wed, 27 Nov 2024 10:15:00 +0700</pubDate>
    <description>&lt;p&gt;Kunjungan kenegaraan &amp;amp; kemitraan&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Atas undangan mitranya...</p>]]></content:encoded>
    <dc:creator>Hoang Anh</dc:creator>
  </item>
  <item>
    <title>Tanpa guid</title>
    <link>/dunia/tanpa-guid</link>
    <pubDate>not a date</pubDate>
  </item>
  <item>
    <title>Guid sebagai tautan</title>
    <guid>https://berita.example/dunia/guid-link</guid>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Новости</title>
  <link rel="self" href="https://news.example/atom.xml"/>
  <link rel="alternate" href="https://news.example/"/>
  <id>tag:news.example,2024:feed</id>
  <updated>2024-11-28T08:00:00Z</updated>
  <entry>
    <title>Путин в Астане</title>
    <link rel="alternate" type="text/html" href="/2024/11/putin-astana"/>
    <id>tag:news.example,2024:1</id>
    <published>2024-11-27T10:15:00+03:00</published>
    <updated>2024-11-27T12:00:00Z</updated>
    <author><name>Иван Петров</name></author>
    <summary type="html">&lt;p&gt;Визит&lt;/p&gt;</summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>Текст статьи</p></div>
    </content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>tag:news.example,2024:2</id>
    <updated>2024-11-28T07:00:00Z</updated>
  </entry>
</feed>""".encode()

RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/rss">
    <title>Old Wire</title>
    <link>https://old.example/</link>
  </channel>
  <item rdf:about="https://old.example/story/1">
    <title>Story one</title>
    <link>https://old.example/story/1</link>
    <description>First story</description>
    <dc:date>2024-11-27T10:15:00Z</dc:date>
    <dc:creator>Wire Desk</dc:creator>
  </item>
</rdf:RDF>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""


def test_rss_20_entries_are_read() -> None:
    feed = feed_parse(RSS_20, base_url="https://berita.example/rss.xml")
    assert (feed.feed_format, feed.title, feed.link) == (
        "rss",
        "Berita Dunia",
        "https://berita.example/dunia",
    )
    first, second, third = feed.entries
    assert first.entry_id == "berita-12345"
    assert first.link == "https://berita.example/dunia/putin-kazakhstan-1"
    assert first.title == "Putin ke Kazakhstan"
    assert first.published_at == datetime.datetime(2024, 11, 27, 3, 15, tzinfo=UTC)
    assert first.summary == "<p>Kunjungan kenegaraan &amp; kemitraan</p>"
    assert first.content == "<p>Atas undangan mitranya...</p>"
    assert first.author == "Hoang Anh"
    # No guid: the link is the id; relative links resolve against the channel link.
    assert second.entry_id == second.link == "https://berita.example/dunia/tanpa-guid"
    assert second.published_at is None
    # A guid that is a permalink doubles as the link.
    assert third.link == "https://berita.example/dunia/guid-link"


def test_atom_entries_are_read() -> None:
    feed = feed_parse(ATOM)
    assert (feed.feed_format, feed.title, feed.link) == ("atom", "Новости", "https://news.example/")
    first, second = feed.entries
    assert first.entry_id == "tag:news.example,2024:1"
    assert first.link == "https://news.example/2024/11/putin-astana"
    assert first.published_at == datetime.datetime(2024, 11, 27, 7, 15, tzinfo=UTC)
    assert first.author == "Иван Петров"
    assert first.summary == "<p>Визит</p>"
    assert "Текст статьи" in first.content
    assert second.published_at == datetime.datetime(2024, 11, 28, 7, 0, tzinfo=UTC)
    assert second.link is None


def test_rss_10_entries_are_read() -> None:
    feed = feed_parse(RSS_10)
    assert (feed.feed_format, feed.title) == ("rdf", "Old Wire")
    (entry,) = feed.entries
    assert entry.entry_id == entry.link == "https://old.example/story/1"
    assert entry.summary == "First story"
    assert entry.author == "Wire Desk"
    assert entry.published_at == datetime.datetime(2024, 11, 27, 10, 15, tzinfo=UTC)


def test_entry_without_id_or_link_gets_a_stable_content_key() -> None:
    feed_bytes = b"<rss><channel><item><title>T</title><description>D</description></item>"
    feed_bytes += b"</channel></rss>"
    first = feed_parse(feed_bytes).entries[0].entry_id
    assert first.startswith("sha256:")
    assert feed_parse(feed_bytes).entries[0].entry_id == first


def test_feed_in_a_legacy_encoding_is_decoded() -> None:
    feed_bytes = '<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>Новости'
    feed_bytes += "</title></channel></rss>"
    assert feed_parse(feed_bytes.encode("cp1251")).title == "Новости"


def test_feed_in_an_encoding_expat_lacks_is_decoded() -> None:
    feed_bytes = '<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>大統領の訪問'
    feed_bytes += "</title></channel></rss>"
    assert feed_parse(feed_bytes.encode("shift_jis")).title == "大統領の訪問"


def test_entries_are_capped() -> None:
    items = b"".join(b"<item><guid>%d</guid></item>" % number for number in range(50))
    feed = feed_parse(b"<rss><channel>" + items + b"</channel></rss>", max_entries=10)
    assert [entry.entry_id for entry in feed.entries] == [str(number) for number in range(10)]


# --- refusals -----------------------------------------------------------------------------


def test_billion_laughs_is_refused_without_expansion() -> None:
    started = time.perf_counter()
    with pytest.raises(InputRejected, match="declares a DTD of its own"):
        feed_parse(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0


def test_external_dtd_is_refused_and_never_fetched(http_server: LoopbackServer) -> None:
    http_server.respond(
        "/evil.dtd", body=b'<!ENTITY x "pwned">', headers={"Content-Type": "text/xml"}
    )
    dtd_url = http_server.url("/evil.dtd")
    feed_bytes = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd_url}">'
        "<rss><channel><title>&x;</title></channel></rss>"
    ).encode()
    with pytest.raises(InputRejected, match="refers to an external DTD") as refusal:
        feed_parse(feed_bytes)
    assert dtd_url in str(refusal.value)
    assert http_server.requests == []


def test_external_entity_to_a_local_file_is_refused() -> None:
    feed_bytes = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""
    with pytest.raises(InputRejected, match=r"^refused: the feed declares a DTD"):
        feed_parse(feed_bytes)


def test_public_netscape_doctype_is_refused_too() -> None:
    feed_bytes = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"></rss>'
    )
    with pytest.raises(InputRejected, match="external DTD"):
        feed_parse(feed_bytes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<rss><channel><title>Unclosed</channel></rss>", "not well-formed XML"),
        (b"<rss><channel><item><title>a & b</title></item></channel></rss>", "not well-formed"),
        (b"just some text", "not well-formed XML"),
        (b"\xff\xfe\x00garbage", "not well-formed XML"),
        (b'<?xml version="1.0"?><rss><channel>', "not well-formed XML"),
    ],
)
def test_malformed_xml_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputRejected, match=message):
        feed_parse(data)


def test_web_page_instead_of_a_feed_is_named() -> None:
    with pytest.raises(InputRejected, match=r"^this is a web page \(HTML\), not a feed$"):
        feed_parse(b"<!DOCTYPE html><html><head><title>x</title></head></html>")


def test_xml_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(
        InputRejected, match=r"not an RSS or Atom feed \(the root element is <svg>\)"
    ):
        feed_parse(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')


def test_rss_without_channel_is_refused() -> None:
    with pytest.raises(InputRejected, match="no <channel>"):
        feed_parse(b"<rss version='2.0'></rss>")


@pytest.mark.parametrize("data", [b"", b"   \n  "])
def test_empty_feed_is_refused(data: bytes) -> None:
    with pytest.raises(InputRejected, match=r"^the feed is empty$"):
        feed_parse(data)


def test_oversized_feed_is_refused_before_parsing() -> None:
    with pytest.raises(InputRejected, match="the feed is 2 MB; the limit is 1 MB"):
        feed_parse(b" " * (2 * 1024 * 1024), max_bytes=1024 * 1024)


def test_invalid_bytes_in_a_utf8_feed_are_refused() -> None:
    feed_bytes = b'<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>caf\xe9</title>'
    with pytest.raises(InputRejected, match="not well-formed XML"):
        feed_parse(feed_bytes + b"</channel></rss>")
