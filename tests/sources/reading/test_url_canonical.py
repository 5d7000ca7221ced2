"""Canonical article URLs: one spelling per article, so links to the same story deduplicate."""

from __future__ import annotations

import pytest

from sources.reading.rejections import InputRejected
from sources.reading.url_canonical import is_tracking_parameter, url_canonicalize


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Berita.Example/story", "https://berita.example/story"),
        ("https://berita.example:443/story", "https://berita.example/story"),
        ("http://berita.example:80/story", "http://berita.example/story"),
        ("http://berita.example:8080/story", "http://berita.example:8080/story"),
        ("https://berita.example/story#comments", "https://berita.example/story"),
        ("https://editor:secret@berita.example/story", "https://berita.example/story"),
        ("https://berita.example./story", "https://berita.example/story"),
        ("  https://berita.example/story \n", "https://berita.example/story"),
    ],
)
def test_scheme_host_port_credentials_and_fragment_are_normalised(url: str, canonical: str) -> None:
    assert url_canonicalize(url) == canonical


def test_path_case_is_kept_because_servers_may_distinguish_it() -> None:
    assert url_canonicalize("https://b.example/Dunia/Putin") == "https://b.example/Dunia/Putin"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://b.example/story/", "https://b.example/story"),
        ("https://b.example/a/b//", "https://b.example/a/b"),
        ("https://b.example", "https://b.example/"),
        ("https://b.example/", "https://b.example/"),
        ("https://b.example/?id=3", "https://b.example/?id=3"),
    ],
)
def test_trailing_slash_is_dropped_except_on_the_root(url: str, canonical: str) -> None:
    assert url_canonicalize(url) == canonical


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://b.example/a/./b/../c", "https://b.example/a/c"),
        ("https://b.example/a/%2E%2E/c", "https://b.example/c"),
        ("https://b.example/%7Euser/caf%c3%a9", "https://b.example/~user/caf%C3%A9"),
        ("https://b.example/café berita", "https://b.example/caf%C3%A9%20berita"),
        ("https://b.example/a%2Fb", "https://b.example/a%2Fb"),  # an escaped slash is data
    ],
)
def test_path_escapes_and_dot_segments_are_normalised(url: str, canonical: str) -> None:
    assert url_canonicalize(url) == canonical


def test_tracking_parameters_are_dropped_and_the_rest_sorted() -> None:
    url = (
        "https://b.example/story?utm_source=twitter&page=2&fbclid=IwAR0&UTM_Campaign=x"
        "&gclid=abc&mc_cid=1&mc_eid=2&ref=home&id=77&_ga=1.2&msclkid=9"
    )
    assert url_canonicalize(url) == "https://b.example/story?id=77&page=2"


def test_repeated_parameters_keep_the_order_of_their_values() -> None:
    assert (
        url_canonicalize("https://b.example/s?tag=b&x=1&tag=a")
        == "https://b.example/s?tag=b&tag=a&x=1"
    )


def test_query_spellings_of_the_same_value_agree() -> None:
    assert url_canonicalize("https://b.example/s?q=a+b") == url_canonicalize(
        "https://b.example/s?q=a%20b"
    )


def test_a_query_of_only_tracking_parameters_disappears() -> None:
    assert url_canonicalize("https://b.example/s?utm_medium=rss") == "https://b.example/s"


def test_international_host_is_encoded_as_idna() -> None:
    assert url_canonicalize("https://Bücher.example/ü") == "https://xn--bcher-kva.example/%C3%BC"


def test_ipv6_host_keeps_its_brackets() -> None:
    assert url_canonicalize("http://[2001:DB8::1]:8080/x") == "http://[2001:db8::1]:8080/x"


def test_canonical_form_is_stable() -> None:
    url = "HTTPS://B.example:443/a/../Story/?utm_source=x&b=2&a=1#top"
    assert url_canonicalize(url_canonicalize(url)) == url_canonicalize(url)


@pytest.mark.parametrize(
    "url", ["ftp://b.example/file", "file:///etc/passwd", "mailto:x@b.example", "b.example/story"]
)
def test_non_web_addresses_are_refused(url: str) -> None:
    with pytest.raises(InputRejected, match="not a web address"):
        url_canonicalize(url)


@pytest.mark.parametrize("url", ["https:///story", "https://b.example:99999/", "http://[::1/"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(InputRejected):
        url_canonicalize(url)


@pytest.mark.parametrize("name", ["utm_content", "fbclid", "gclid", "mc_cid", "ref", "_hsenc"])
def test_known_tracking_parameters(name: str) -> None:
    assert is_tracking_parameter(name)


@pytest.mark.parametrize("name", ["id", "page", "p", "article", "q", "story_id"])
def test_content_parameters_are_not_tracking(name: str) -> None:
    assert not is_tracking_parameter(name)


@pytest.mark.parametrize("url", ["", "   ", "\n"])
def test_empty_url_is_refused(url: str) -> None:
    with pytest.raises(InputRejected):
        url_canonicalize(url)
