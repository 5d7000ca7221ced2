"""ISO 639-1 language codes: the complete set, and the one way an article's language is spelled.

`language_code_normalize(value)` turns what people and systems write ("EN", "pt-BR", "pt_BR",
" id ") into the bare two-letter code ("en", "pt", "id"), and refuses what is not an ISO 639-1
code ("klingon", "5", "eng") with an `InputRejected` naming the field `language`. A blank value
stays blank: the language is detected later.

Codes the standard has withdrawn in favour of another (`iw`, `in`, `ji`, `jw`, `mo`) are read as
their replacements: older software (Java's Locale, some feeds) still writes them.
"""

from __future__ import annotations

import re

from sources.reading.rejections import InputRejected

# The 183 codes of ISO 639-1, as the registration authority lists them, by first letter.
ISO_639_1: frozenset[str] = frozenset(
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az",
        "ba", "be", "bg", "bi", "bm", "bn", "bo", "br", "bs",
        "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy",
        "da", "de", "dv", "dz",
        "ee", "el", "en", "eo", "es", "et", "eu",
        "fa", "ff", "fi", "fj", "fo", "fr", "fy",
        "ga", "gd", "gl", "gn", "gu", "gv",
        "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
        "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu",
        "ja", "jv",
        "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky",
        "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv",
        "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my",
        "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny",
        "oc", "oj", "om", "or", "os",
        "pa", "pi", "pl", "ps", "pt",
        "qu",
        "rm", "rn", "ro", "ru", "rw",
        "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st",
        "su", "sv", "sw",
        "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty",
        "ug", "uk", "ur", "uz",
        "ve", "vi", "vo",
        "wa", "wo",
        "xh",
        "yi", "yo",
        "za", "zh", "zu",
    }
)  # fmt: skip

# Withdrawn codes and the codes that replaced them.
_WITHDRAWN: dict[str, str] = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

# A language tag as BCP 47 and POSIX locales write it: a primary subtag, then region, script
# or variant subtags after "-" or "_" ("pt-BR", "zh_Hant_TW", "en-GB-oxendict").
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_SHOWN_CHARS = 40


def language_code_normalize(value: str) -> str:
    """The ISO 639-1 code `value` names, lowercased and without subtags; "" for a blank value.

    Raises InputRejected (field "language") when `value` is not an ISO 639-1 code or a tag
    starting with one.
    """
    stripped = value.strip()
    if not stripped:
        return ""
    match = _LANGUAGE_TAG.fullmatch(stripped)
    primary = match.group(1).lower() if match else ""
    code = _WITHDRAWN.get(primary, primary)
    if code not in ISO_639_1:
        shown = stripped if len(stripped) <= _SHOWN_CHARS else stripped[:_SHOWN_CHARS] + "…"
        raise InputRejected(
            f"{shown!r} is not an ISO 639-1 language code "
            "(two letters, such as en, id or pt; pt-BR is read as pt)",
            field="language",
        )
    return code
