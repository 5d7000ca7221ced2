"""One spelling per article URL, so the same story reached by different links deduplicates.

`url_canonicalize(url)`:
- lowercases the scheme and host, encodes an international host as IDNA (`xn--...`), drops a
  trailing dot, the default port, any user name or password, and the fragment;
- resolves `.` and `..` path segments, percent-encodes what must be encoded with uppercase
  escapes, and decodes escapes of characters that never need one (`%7E` is `~`);
- drops a trailing slash except on the root: newsroom CMSes serve `/story/` and `/story` as the
  same article, and a dedupe key that split them would store the article twice;
- drops tracking parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `ref`, ...) and sorts the rest,
  keeping repeated keys and their order of values stable.

Only http and https URLs have a canonical form here; anything else raises `InputRejected`.
"""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import idna

from sources.reading.rejections import InputRejected

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that say how a reader arrived, never which article they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "source",
        "cmpid",
        "ocid",
        "icid",
        "ncid",
        "sr_share",
        "share",
        "smid",
        "spm",
        "xtor",
        "ito",
        "at_medium",
        "at_campaign",
        "at_source",
        "at_content",
        "wt.mc_id",
        "s_cid",
        "rss",
        "dicbo",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "ns_")

# Characters that may stand unescaped in a path segment (RFC 3986 pchar, minus "/").
_PATH_SAFE = "!$&'()*+,;=:@~-._"
_QUERY_SAFE = "!$'()*,;:@/?~-._"


def url_canonicalize(url: str) -> str:
    """The canonical spelling of an http(s) URL; see the module docstring for the rules."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise InputRejected(f"{url!r} is not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InputRejected(f"{url!r} is not a web address (http or https)")
    if not parts.hostname:
        raise InputRejected(f"{url!r} has no host")

    host = host_canonicalize(parts.hostname)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    return urlunsplit(
        (scheme, netloc, _path_canonicalize(parts.path), _query_canonicalize(parts.query), "")
    )


def host_canonicalize(host: str) -> str:
    """Lowercase ASCII host: IDNA for international names, no trailing dot."""
    host = host.strip("[]").rstrip(".").lower()
    if ":" in host or host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise InputRejected(f"{host!r} is not a valid host name") from None


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _path_canonicalize(path: str) -> str:
    if not path:
        return "/"
    # Escapes first, so that "%2E%2E" is recognised as ".." below; "%2F" stays escaped
    # because it is part of a segment, not a separator.
    segments = [quote(unquote(segment), safe=_PATH_SAFE) for segment in path.split("/")]
    normalised = posixpath.normpath("/".join(segments))
    # normpath keeps a leading "//" (POSIX) and turns "" into "."; neither is a URL path.
    return "/" + normalised.lstrip("/") if normalised != "." else "/"


def _query_canonicalize(query: str) -> str:
    if not query:
        return ""
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    ]
    kept.sort(key=lambda pair: pair[0])  # stable: repeated keys keep their order of values
    return urlencode(kept, quote_via=quote, safe=_QUERY_SAFE)
