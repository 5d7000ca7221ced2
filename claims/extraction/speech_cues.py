"""The `[speakers]` and `[meta]` word lists of a pack, compiled once for fast lookups.

Multi-word entries ("according to", "Menteri Luar Negeri") become phrase tables keyed by their
first word, matched against tokens with `phrase_length`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from claims.extraction.packs import pack_load, pack_places
from claims.extraction.tokens import WORD, Token

PhraseTable = dict[str, tuple[tuple[str, ...], ...]]


# Compared and hashed by identity (one per pack, made once), so caches can key on it.
@dataclass(frozen=True, slots=True, eq=False)
class SpeechCues:
    code: str
    verbs: PhraseTable
    verbs_after_quote: PhraseTable
    according_to: PhraseTable
    titles: PhraseTable
    honorifics: PhraseTable
    # Capitalised role compounds ("Bundesinnenminister", "CDU-Politikerin") end in one of these.
    title_suffixes: tuple[str, ...]
    pronouns: frozenset[str]
    pronoun_suffixes: tuple[str, ...]
    # Endings of a participle ("tweeting"): after a comma it tells what the subject did.
    participle_suffixes: tuple[str, ...]
    adverbs: frozenset[str]
    adverb_suffixes: tuple[str, ...]
    anaphora_before: frozenset[str]
    anaphora_after: frozenset[str]
    role_nouns: PhraseTable
    # Roles of people a report does not name ("the announcer", "his wife"): unless the article
    # gave someone that role, such a speaker is nobody the article names.
    unnamed_roles: frozenset[str]
    role_classes: Mapping[str, tuple[str, ...]]
    groups: frozenset[str]
    not_names: frozenset[str]
    group_determiners: frozenset[str]
    name_particles: frozenset[str]
    organization_words: frozenset[str]
    # Countries, regions and cities in this language, lower case: a name that is one is no person.
    places: frozenset[str]
    # The first and the last words of those places: most names start and end with neither.
    place_heads: frozenset[str]
    place_tails: frozenset[str]
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    place_prepositions: tuple[str, ...]
    titles_take_qualifier: bool
    # Words right before a quoted title or name ("titled", "the book", "dubbed"): such a quote
    # names a thing, whatever cue follows it.
    title_openers: frozenset[str]
    # Every noun capitalised (German): a lone capitalised word after an article or a
    # preposition is a noun ("mit den Worten"), not a name.
    lone_names_need_evidence: (
        bool  # "Presiden Rusia": a title may be followed by a place, not a name
    )
    # Words that start no name ("But Clinton", "Menurut Lavrov"): stopwords, the first words of
    # verbs and of "according to" phrases, adverbs, groups and not-names, in one set.
    function_words: frozenset[str]


def _words(entry: str) -> tuple[str, ...]:
    return tuple(word.strip(".").lower() for word in entry.split() if word.strip("."))


def phrase_table(entries: Iterable[str]) -> PhraseTable:
    """Entries keyed by their first word, longest first."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        words = _words(entry)
        if words:
            table.setdefault(words[0], []).append(words)
    return {key: tuple(sorted(set(value), key=len, reverse=True)) for key, value in table.items()}


def role_joiner(word: str, cues: SpeechCues) -> bool:
    """A lower-case word that joins a title or a role to its body, portfolio or country, or
    stands inside that name: "of", "del", "für", and the "de", "la" of "de la Culture"."""
    return (
        word in cues.function_words or word in cues.name_particles or word in cues.anaphora_before
    )


def title_compound(word: str, cues: SpeechCues) -> bool:
    """A capitalised compound whose last part is a title: "Regierungssprecher"."""
    return bool(cues.title_suffixes) and word.lower().rstrip(".").endswith(cues.title_suffixes)


def place_words(words: tuple[str, ...], cues: SpeechCues, *, leading: bool) -> int:
    """How many words at the start (`leading`) or the end of `words` name a place of the
    pack's gazetteer ("Amerika Serikat Donald Trump", "Prabowo Indonesia"); 0 for none. A
    place of up to three words is looked for, the longest first."""
    edge = (words[0] if leading else words[-1]).lower() if words else ""
    if edge not in (cues.place_heads if leading else cues.place_tails):
        return 0  # one lookup for most names
    for size in (3, 2, 1):
        if size > len(words):
            continue
        part = words[:size] if leading else words[-size:]
        if " ".join(part).lower() in cues.places:
            return size
    return 0


def phrase_length(tokens: list[Token], index: int, table: PhraseTable) -> int:
    """Number of tokens of the longest phrase of `table` starting at `tokens[index]` (0: none).

    A dot after a word ("Mr.", "Sen.") belongs to that word and is consumed with it.
    """
    token = tokens[index]
    if token.kind != WORD:
        return 0
    candidates = table.get(token.lower.rstrip("."))
    if not candidates:
        return 0
    for phrase in candidates:
        position, matched = index, 0
        for word in phrase:
            if position < len(tokens) and tokens[position].text == "." and matched:
                position += 1
            if position >= len(tokens) or tokens[position].kind != WORD:
                break
            if tokens[position].lower.rstrip(".") != word:
                break
            position += 1
            matched += 1
        if matched == len(phrase):
            if position < len(tokens) and tokens[position].text == ".":
                position += 1
            return position - index
    return 0


@cache
def speech_cues_compile(code: str) -> SpeechCues:
    """Compile the speaker tables of the pack for `code`, once."""
    pack = pack_load(code)
    table: Mapping[str, Any] = pack.speakers
    meta: Mapping[str, Any] = pack.meta

    def lowered(key: str, source: Mapping[str, Any] = table) -> frozenset[str]:
        return frozenset(str(word).lower() for word in source.get(key, ()))

    classes = table.get("role_classes", {})
    verbs = phrase_table(table.get("verbs", ()))
    according_to = phrase_table(table.get("according_to", ()))
    return SpeechCues(
        code=code,
        verbs=verbs,
        verbs_after_quote=phrase_table(table.get("verbs_after_quote", ())),
        according_to=according_to,
        titles=phrase_table([*table.get("titles", ()), *table.get("honorifics", ())]),
        honorifics=phrase_table(table.get("honorifics", ())),
        title_suffixes=tuple(str(suffix).lower() for suffix in table.get("title_suffixes", ())),
        pronouns=lowered("pronouns"),
        pronoun_suffixes=tuple(table.get("pronoun_suffixes", ())),
        participle_suffixes=tuple(
            str(suffix).lower() for suffix in table.get("participle_suffixes", ())
        ),
        adverbs=lowered("adverbs"),
        adverb_suffixes=tuple(table.get("adverb_suffixes", ())),
        anaphora_before=lowered("anaphora_before"),
        anaphora_after=lowered("anaphora_after"),
        role_nouns=phrase_table([*table.get("role_nouns", ()), *table.get("unnamed_roles", ())]),
        unnamed_roles=lowered("unnamed_roles"),
        role_classes={
            str(key).lower(): tuple(str(value).lower() for value in values)
            for key, values in classes.items()
        },
        groups=lowered("groups"),
        not_names=lowered("not_names"),
        group_determiners=lowered("group_determiners"),
        name_particles=lowered("name_particles"),
        organization_words=lowered("organization_words"),
        places=pack_places(code),
        place_heads=frozenset(place.split()[0] for place in pack_places(code)),
        place_tails=frozenset(place.split()[-1] for place in pack_places(code)),
        stopwords=lowered("stopwords", meta),
        abbreviations=frozenset(str(word) for word in meta.get("abbreviations", ())),
        place_prepositions=tuple(str(word) for word in table.get("place_prepositions", ())),
        titles_take_qualifier=bool(table.get("titles_take_qualifier", False)),
        title_openers=lowered("title_openers"),
        lone_names_need_evidence=bool(table.get("lone_names_need_evidence", False)),
        function_words=frozenset(
            lowered("stopwords", meta)
            | set(according_to)
            | set(verbs)
            | lowered("adverbs")
            | lowered("groups")
            | lowered("not_names")
        ),
    )
