"""A pack's [numbers] table compiled once into the patterns and tables the figure reader uses.

Apart from the scans that find where figures may start (`anchors`) and the cue words of a
clause, every pattern is matched at one position (`.match(text, pos)`), so reading a figure
never scans the text: the cost per figure is a handful of single attempts, most of them ruled
out by one lookup of the characters there (`Openings`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from claims.extraction.figures.anchors import AnchorScans, anchor_scans_compile
from claims.extraction.figures.phrases import (
    BLANKS,
    Openings,
    PhraseTable,
    phrase_key,
    phrase_table,
    phrase_tree,
)
from claims.extraction.figures.wordscan import WordScan, word_scan_compile
from claims.extraction.packs import PACKS_DIR, LanguagePack

# Found from `packs`, which is never compiled: a compiled module's own file lies in build/native.
UNIVERSAL_PATH = PACKS_DIR.parent / "figures" / "universal.toml"

# The tables tried after a number and before it (on reversed text), in the order of their bits.
AFTER_TABLES = (
    "time_suffixes",
    "year_suffixes",
    "scales",
    "money_scales",
    "vague_joiners",
    "range_joiners",
    "range_pair_joiners",
    "currencies",
    "currency_joiners",
    "scale_currencies",
    "point_units",
    "percents",
    "units",
    "date_joiners",
    "months_after",
    "qualifiers_after",
    "ordinal_suffixes",
    "fraction_words",
    "change_joiners",
)
BEFORE_TABLES = ("currency_prefixes", "qualifiers_before", "qualifier_fillers")

# The word before a number, on reversed text ("sdrow" for "words").
PREVIOUS_WORD = r"\.?[^\W\d_]+(?:['’\-][^\W\d_]+)*"


def after_bit(table: str) -> int:
    """The bit of `table` in `FigureLexicon.after`."""
    return 1 << AFTER_TABLES.index(table)


def before_bit(table: str) -> int:
    """The bit of `table` in `FigureLexicon.before`."""
    return 1 << BEFORE_TABLES.index(table)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)).normalize()


def _decimals(table: Mapping[str, Any]) -> dict[str, Decimal]:
    return {key: _decimal(value) for key, value in table.items()}


def _flags(words: Iterable[str], value: str = "") -> dict[str, str]:
    return dict.fromkeys(words, value)


@cache
def _universal() -> Mapping[str, Any]:
    with UNIVERSAL_PATH.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    """Everything the figure reader knows about one language, compiled."""

    code: str
    decimal_mark: str
    vulgar_fractions: Mapping[str, Decimal]
    fraction_words: PhraseTable[Decimal]
    and_a_fraction: re.Pattern[str] | None
    group_marks: frozenset[str]
    anchors: AnchorScans
    spelled: re.Pattern[str] | None
    words: Mapping[str, Decimal]
    word_multipliers: Mapping[str, Decimal]
    word_teens: Mapping[str, Decimal]
    word_joiners: frozenset[str]
    scales: PhraseTable[Decimal]
    money_scales: PhraseTable[Decimal]
    # Scales glued to a number with no currency ("20k fans"), and what makes "m" metres.
    glued_scales: PhraseTable[Decimal]
    length_words: frozenset[str]
    vague: PhraseTable[Decimal]
    vague_joiners: PhraseTable[str]
    currencies: PhraseTable[str]
    currency_prefixes: PhraseTable[str]
    # The same signs read forwards: a range's upper end repeats its sign ("Rp 1 - Rp 3 juta").
    currency_prefixes_ahead: PhraseTable[str]
    scale_currencies: PhraseTable[str]
    currency_joiners: PhraseTable[str]
    percents: PhraseTable[str]
    point_units: PhraseTable[str]
    units: PhraseTable[str]
    qualifiers_before: PhraseTable[str]
    qualifier_fillers: PhraseTable[str]
    qualifiers_after: PhraseTable[str]
    range_joiners: PhraseTable[str]
    range_pair_joiners: PhraseTable[str]
    change_joiners: PhraseTable[str]
    months_after: PhraseTable[int]
    date_joiners: PhraseTable[str]
    time_suffixes: PhraseTable[str]
    ordinal_suffixes: PhraseTable[str]
    year_suffixes: PhraseTable[str]
    word_articles: frozenset[str]
    word_determiners: frozenset[str]
    range_openers: frozenset[str]
    change_openers: frozenset[str]
    labels: frozenset[str]
    # What may stand between the numbers of a label's list: ", ", " dan ", ", and ".
    list_gap: re.Pattern[str]
    # A larger unit and the smaller one that may follow it in one figure ("1 tahun 6 bulan").
    compound_units: Mapping[str, tuple[str, Decimal]]
    # Subunits of money by their word ("cents"), with how many make one unit.
    subunits: Mapping[str, Decimal]
    place_openers: frozenset[str]
    time_prefixes: frozenset[str]
    ordinal_dot_after: frozenset[str]
    months: Mapping[str, int]
    count_stopwords: frozenset[str]
    # Words between a count and its noun: "six new plants", "nine other staff".
    count_modifiers: frozenset[str]
    # The word for one counts a noun after it ("satu tersangka"), not only a unit.
    one_counts: bool
    one_idioms: frozenset[str]  # nouns after the word for one that make an idiom ("satu sisi")
    nouns_capitalized: bool
    verb_endings: tuple[str, ...]
    first_months: re.Pattern[str] | None
    first_months_words: tuple[str, ...]
    months_before: PhraseTable[int]
    year_to_date_before: PhraseTable[str]
    kind_cues: WordScan | None
    kinds: Mapping[str, str]
    subject_verbs: WordScan | None
    period_words: frozenset[str]
    after: Openings = field(init=False)
    before: Openings = field(init=False)
    # On reversed text, at once: the previous word (group w) and the character before it (o),
    # a qualifier (q), or a filler and the qualifier before it (f, g): "more than", "a total
    # of" in "more than a total of".
    before_words: re.Pattern[str] = field(init=False)
    # The same, after a minus sign (m), a currency sign (c) and a minus before that (n): the
    # whole left context of a number in one match.
    before_context: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        after = Openings(tuple(getattr(self, name) for name in AFTER_TABLES))
        before = Openings(tuple(getattr(self, name) for name in BEFORE_TABLES))
        object.__setattr__(self, "after", after)
        object.__setattr__(self, "before", before)
        # Every group is always there; an empty table's never matches.
        never = "(?!)"
        qualifiers = self.qualifiers_before.tree or never
        fillers = self.qualifier_fillers.tree or never
        parts = [
            # The word, and the first character before it that is no space (o).
            rf"(?=[^\S\n]*(?P<w>{PREVIOUS_WORD})[ \t\u00a0\u202f]*(?P<o>[\s\S])?)?",
            rf"(?=[^\S\n]*(?P<q>{qualifiers}))?",
            # A filler is matched as its table alone would match it: no giving back.
            rf"(?=[^\S\n]*(?P<f>(?>{fillers}))[^\S\n]*(?P<g>{qualifiers}))?",
        ]
        object.__setattr__(self, "before_words", re.compile("".join(parts), re.IGNORECASE))
        signs = [
            r"(?P<m>[-−](?![^\W_]))?",
            rf"(?:[^\S\n]*(?P<c>{self.currency_prefixes.tree or never})(?(m)|(?P<n>[-−])?))?",
        ]
        context = re.compile("".join(signs + parts), re.IGNORECASE)
        object.__setattr__(self, "before_context", context)


_LEXICONS: dict[tuple[str, str | None], tuple[LanguagePack, FigureLexicon]] = {}


def figure_lexicon(pack: LanguagePack, decimal_mark: str | None = None) -> FigureLexicon:
    """The compiled lexicon of `pack`, built on first use and kept for the process.

    `decimal_mark`, when given, replaces the pack's own (a document may write "2.5%" in a
    language that writes "2,5 %").
    """
    key = (pack.code, decimal_mark)
    cached = _LEXICONS.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    numbers = pack.numbers
    if decimal_mark is not None:
        numbers = {**numbers, "decimal_mark": decimal_mark}
    lexicon = lexicon_compile(pack.code, numbers)
    _LEXICONS[key] = (pack, lexicon)
    return lexicon


def _words(table: Mapping[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    return [str(item) for item in value] if isinstance(value, list) else []


def _table(table: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = table.get(key, {})
    return dict(value) if isinstance(value, Mapping) else {}


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of `words` factored as a prefix tree, which the regex engine scans fast.

    The first letter matches in either case ("Puluhan" opening a sentence), the rest as written
    in lower case. Each case of the first letter opens its own branch: the regex engine skips
    a branch that opens with a plain character in one step.
    """
    tree: dict[str, Any] = {}
    for word in {" ".join(word.casefold().split()) for word in words if word.strip()}:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any], top: bool) -> str:
        ends = "" in node
        parts = []
        for char in sorted(key for key in node if key):
            rest = branch(node[char], top=False)
            if char == " ":
                parts.append(BLANKS + rest)
                continue
            parts.append(re.escape(char) + rest)
            if top and char.upper() != char and len(char.upper()) == 1:
                parts.append(re.escape(char.upper()) + rest)
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 and not ends else f"(?:{'|'.join(parts)})"
        return body + ("?" if ends else "")

    return branch(tree, top=True)


def _initials(words: Iterable[str]) -> str:
    """The first letters of `words` in both cases, as `_word_trie` matches them."""
    initials = {word.casefold().lstrip()[:1] for word in words if word.strip()}
    cased = {letter.upper() for letter in initials if len(letter.upper()) == 1}
    return "".join(sorted(initials | cased))


def _word_alternation(words: Iterable[str]) -> str:
    """Any of `words` in any case, longest first, as a prefix tree (see `phrase_tree`)."""
    entries = sorted({(word, False) for word in words if word.strip()}, key=lambda e: -len(e[0]))
    return phrase_tree(entries)


def lexicon_compile(code: str, numbers: Mapping[str, Any]) -> FigureLexicon:
    """Compile a [numbers] table (and the universal symbols) into a FigureLexicon."""
    universal = _universal()

    words = {phrase_key(k): v for k, v in _decimals(_table(numbers, "words")).items()}
    words.update(_compound_words(_table(numbers, "compound_words"), words))
    multipliers = {
        phrase_key(k): v for k, v in _decimals(_table(numbers, "word_multipliers")).items()
    }
    teens = {phrase_key(k): v for k, v in _decimals(_table(numbers, "word_teens")).items()}
    scales = _decimals(_table(numbers, "scales"))
    vague = _decimals(_table(numbers, "vague"))
    # Full scale words ("million", "juta") start a spelled number; abbreviations ("bn") do not.
    short = set(_words(numbers, "spelled_short_scales"))  # "mil": a word, not "bn" or "rb"
    scale_words = [k for k in scales if (len(k) > 3 and not k.endswith(".")) or k in short]

    spelled_words = list(words) + list(multipliers) + list(teens) + scale_words
    fractions = _decimals(_table(numbers, "fraction_words"))
    anchor_words = spelled_words + list(vague) + list(fractions)
    vulgar = {
        sign: Decimal(int(pair[0])) / Decimal(int(pair[1]))
        for sign, pair in _table(universal, "vulgar_fractions").items()
    }
    anchors = anchor_scans_compile(
        "".join(vulgar),
        rf"{_word_trie(anchor_words)}(?!\w)" if anchor_words else None,
        _initials(anchor_words),
    )

    spelled: re.Pattern[str] | None = None
    if spelled_words:
        word = rf"(?:{_word_alternation(spelled_words)})(?!\w)"
        joiners = _words(numbers, "word_joiners")
        joiner = rf"(?:{_word_alternation(joiners)}){BLANKS}" if joiners else "(?!)"
        spelled = re.compile(rf"{word}(?:(?:{BLANKS}(?:{joiner})?|-){word})*", re.IGNORECASE)

    symbols = {k: str(v) for k, v in _table(universal, "currency_symbols").items()}
    prefix_symbols = {k: str(v) for k, v in _table(universal, "currency_prefix_symbols").items()}
    codes = {c: c for c in _words(universal, "currency_codes")}
    codes.update({k: str(v) for k, v in _table(universal, "currency_code_aliases").items()})
    names = {k: str(v) for k, v in _table(numbers, "currencies").items()}
    # Upper-case names are codes: match them as written, the rest in any case.
    name_exact = {k: v for k, v in names.items() if k.isupper()}
    name_folded = {k: v for k, v in names.items() if not k.isupper()}
    currencies = phrase_table({**symbols, **codes, **name_exact}, name_folded)
    currency_prefixes = phrase_table(
        {**symbols, **prefix_symbols, **codes, **name_exact}, {}, reverse=True
    )

    percent_signs = _words(universal, "percent_signs")
    percent_words = _words(numbers, "percent_words") + _words(universal, "percent_words")
    percents = phrase_table(_flags(percent_signs), _flags(percent_words))

    unit_symbols = {k: str(v) for k, v in _table(universal, "unit_symbols").items()}
    unit_words = {k: str(v) for k, v in _table(numbers, "units").items()}
    # A figure may be joined to its unit by a hyphen: "27-kilometre", "two-year".
    units = phrase_table(unit_symbols, unit_words, lead=r"(?:[^\S\n]*|-)")

    months = {k: int(v) for k, v in _table(numbers, "months").items()}
    qualifiers = {k: str(v) for k, v in _table(numbers, "qualifiers").items()}
    stopwords = {phrase_key(w) for w in _words(numbers, "count_stopwords")}
    cues = _table(numbers, "kind_cues")
    kinds = {
        phrase_key(str(word)): kind
        for kind in ("target", "forecast")
        for word in (cues.get(kind) or [])
    }

    joiners_and_articles = _words(numbers, "word_joiners"), _words(numbers, "word_articles")
    and_a_fraction = None
    if fractions and all(joiners_and_articles):
        joiner, article = (_word_alternation(words) for words in joiners_and_articles)
        and_a_fraction = re.compile(
            rf"{BLANKS}(?:{joiner}){BLANKS}(?:{article}){BLANKS}(?P<f>{_word_alternation(fractions)})(?!\w)",
            re.IGNORECASE,
        )

    return FigureLexicon(
        code=code,
        decimal_mark=str(numbers.get("decimal_mark", ".")),
        vulgar_fractions=vulgar,
        fraction_words=phrase_table({}, fractions, lead=r"(?:[^\S\n]+|-)"),
        and_a_fraction=and_a_fraction,
        group_marks=frozenset(_words(numbers, "group_marks")),
        anchors=anchors,
        spelled=spelled,
        words=words,
        word_multipliers=multipliers,
        word_teens=teens,
        word_joiners=frozenset(phrase_key(w) for w in _words(numbers, "word_joiners")),
        # "$400-million-a-year": a hyphen may join a number to its scale word.
        scales=phrase_table({}, scales, lead=r"(?:[^\S\n]*|-)"),
        money_scales=phrase_table(_decimals(_table(numbers, "money_scales")), {}),
        glued_scales=phrase_table(_decimals(_table(numbers, "glued_scales")), {}, lead=""),
        length_words=frozenset(phrase_key(w) for w in _words(numbers, "length_words")),
        vague=phrase_table({}, vague),
        vague_joiners=phrase_table({}, _flags(_words(numbers, "vague_joiners"))),
        currencies=currencies,
        currency_prefixes=currency_prefixes,
        currency_prefixes_ahead=phrase_table(
            {**symbols, **prefix_symbols, **codes, **name_exact}, {}
        ),
        scale_currencies=phrase_table(
            {}, {k: str(v) for k, v in _table(numbers, "scale_currencies").items()}
        ),
        currency_joiners=phrase_table({}, _flags(_words(numbers, "currency_joiners"))),
        percents=percents,
        point_units=phrase_table(
            {}, {k: str(v) for k, v in _table(numbers, "point_units").items()}
        ),
        units=units,
        qualifiers_before=phrase_table({}, qualifiers, reverse=True),
        qualifier_fillers=phrase_table(
            {}, _flags(_words(numbers, "qualifier_fillers")), reverse=True
        ),
        qualifiers_after=phrase_table(
            {}, {k: str(v) for k, v in _table(numbers, "qualifiers_after").items()}
        ),
        range_joiners=phrase_table({}, _flags(_words(numbers, "range_joiners"))),
        range_pair_joiners=phrase_table({}, _flags(_words(numbers, "range_pair_joiners"))),
        change_joiners=phrase_table({}, _flags(_words(numbers, "change_joiners"))),
        months_after=phrase_table(months, {}),
        date_joiners=phrase_table({}, _flags(_words(numbers, "date_joiners"))),
        time_suffixes=phrase_table(_flags(_words(numbers, "time_suffixes")), {}),
        ordinal_suffixes=phrase_table({}, _flags(_words(numbers, "ordinal_suffixes")), lead=""),
        year_suffixes=phrase_table(_flags(_words(numbers, "year_suffixes")), {}),
        word_articles=frozenset(phrase_key(w) for w in _words(numbers, "word_articles")),
        word_determiners=frozenset(phrase_key(w) for w in _words(numbers, "word_determiners")),
        range_openers=frozenset(phrase_key(w) for w in _words(numbers, "range_openers")),
        change_openers=frozenset(phrase_key(w) for w in _words(numbers, "change_openers")),
        labels=frozenset(phrase_key(w) for w in _words(numbers, "labels")),
        list_gap=_list_gap_pattern(_words(numbers, "list_joiners")),
        compound_units={
            str(larger): (str(pair[0]), _decimal(pair[1]))
            for larger, pair in _table(universal, "compound_units").items()
        },
        subunits={
            phrase_key(word): _decimal(count) for word, count in _table(numbers, "subunits").items()
        },
        place_openers=frozenset(phrase_key(w) for w in _words(numbers, "place_openers")),
        time_prefixes=frozenset(phrase_key(w) for w in _words(numbers, "time_prefixes")),
        ordinal_dot_after=frozenset(phrase_key(w) for w in _words(numbers, "ordinal_dot_after")),
        months=months,
        count_stopwords=frozenset(stopwords),
        count_modifiers=frozenset(phrase_key(w) for w in _words(numbers, "count_modifiers")),
        one_counts=bool(numbers.get("one_counts", False)),
        one_idioms=frozenset(phrase_key(w) for w in _words(numbers, "one_idioms")),
        nouns_capitalized=bool(numbers.get("nouns_capitalized", False)),
        verb_endings=tuple(_words(numbers, "verb_endings")),
        first_months=_first_months_pattern(_words(numbers, "first_months"), words),
        first_months_words=_common_words(_words(numbers, "first_months")),
        months_before=phrase_table(months, {}, reverse=True),
        year_to_date_before=phrase_table(
            {}, _flags(_words(numbers, "year_to_date_words")), reverse=True
        ),
        kind_cues=_cue_scan(kinds),
        kinds=kinds,
        subject_verbs=_cue_scan(_words(numbers, "subject_verbs"), whole_words=True),
        period_words=frozenset(phrase_key(w) for w in _words(numbers, "period_words")),
    )


def _compound_words(table: Mapping[str, Any], words: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The numbers a language writes as one word, spelled out from its pack's recipe: tens
    and units ("zweiundvierzig", "quarantadue") and a unit before a scale ("dreihundert")."""
    units = [phrase_key(str(word)) for word in table.get("units", ())]
    tens = [phrase_key(str(word)) for word in table.get("tens", ())]
    joiner = str(table.get("joiner", ""))
    elide = {phrase_key(str(word)) for word in table.get("elide_before", ())}
    finals = {phrase_key(str(k)): str(v) for k, v in dict(table.get("final_forms", {})).items()}
    joiners = {phrase_key(str(k)): str(v) for k, v in dict(table.get("unit_joiners", {})).items()}
    out: dict[str, Decimal] = {}
    for unit in units:
        if unit not in words:
            continue
        for ten in tens:
            if ten not in words:
                continue
            if table.get("units_first", False):
                word = f"{unit}{joiners.get(unit, joiner)}{ten}"
            else:
                head = ten[:-1] if unit in elide and ten[-1:] in "aeiou" else ten
                word = f"{head}{joiner}{finals.get(unit, unit)}"
            out.setdefault(word, words[ten] + words[unit])
        for scale, value in dict(table.get("scales", {})).items():
            if words[unit] > 1:
                out.setdefault(f"{unit}{phrase_key(str(scale))}", words[unit] * _decimal(value))
    return out


def _list_gap_pattern(joiners: list[str]) -> re.Pattern[str]:
    """The gap between two numbers of a list: a comma, a joiner word, or both."""
    words = rf"(?:{_word_alternation(joiners)})" if joiners else "(?!)"
    return re.compile(rf"[^\S\n]*(?:,[^\S\n]*(?:{words}{BLANKS})?|{words}{BLANKS})", re.IGNORECASE)


def _first_months_pattern(
    templates: list[str], words: Mapping[str, Decimal]
) -> re.Pattern[str] | None:
    """ "the first nine months": `{n}` stands for a small number in digits or words."""
    if not templates:
        return None
    small = [w for w, v in words.items() if 1 <= v <= 12]
    number = rf"(?P<n>\d{{1,2}}|{_word_alternation(small)})" if small else r"(?P<n>\d{1,2})"
    bodies = []
    for index, template in enumerate(templates):
        before, _, after = template.partition("{n}")
        parts = []
        if before.strip():
            parts.append(_word_alternation([before.strip()]) + BLANKS)
        parts.append(number.replace("(?P<n>", f"(?P<n{index}>"))
        if after.strip():
            parts.append(BLANKS + _word_alternation([after.strip()]))
        bodies.append("(?<!\\w)" + "".join(parts) + r"(?!\w)")
    return re.compile("|".join(bodies), re.IGNORECASE)


def _common_words(templates: list[str]) -> tuple[str, ...]:
    """Words every template shares ("months"): a cheap test before the template patterns run."""
    sets = [{w.casefold() for w in t.split() if w != "{n}"} for t in templates]
    if not sets:
        return ()
    common = set.intersection(*sets)
    return tuple(sorted(common or set.union(*sets)))


def _cue_scan(words: Iterable[str], whole_words: bool = False) -> WordScan | None:
    """Cue words found anywhere in a clause; without `whole_words` they may take suffixes
    ("anggarannya", "targeted")."""
    words = [word for word in words if word.strip()]
    if not words:
        return None
    end = r"(?!\w)" if whole_words else ""
    return word_scan_compile(f"{_word_trie(words)}{end}", _initials(words))
