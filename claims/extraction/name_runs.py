"""Runs of capitalised words, split into the role written before a name and the name itself.

"Presiden Rusia Vladimir Putin" is one run: the title "Presiden" starts the role, "Vladimir Putin"
is the name. Which words of a long run belong to the name is decided with counts over the whole
article (a word seen alone elsewhere, like "Rusia", is not part of a name), so no country list is
needed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from claims.extraction.speech_cues import (
    SpeechCues,
    phrase_length,
    place_words,
    role_joiner,
    title_compound,
)
from claims.extraction.tokens import WORD, Token


@cache
def _upper_class() -> str:
    """A regex class of the upper-case letters of the Latin, Greek and Cyrillic scripts."""
    ranges: list[tuple[int, int]] = []
    blocks = ((0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1FFF))
    for low, high in blocks:
        for code in range(low, high + 1):
            if chr(code).isupper():
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


def _word_pattern() -> str:
    # The upper-case letter comes first and the look-behind (no letter, apostrophe or hyphen
    # before it) second: the regex engine then skips to upper-case letters in C, 2.5x faster
    # than testing the look-behind at every character.
    return rf"[{_upper_class()}](?<![\w’'\-].)\w*+(?:[’'\-‐.]\w+)*+\.?"


@cache
def _capitalized_word() -> re.Pattern[str]:
    return re.compile(_word_pattern())


@cache
def _loose_run_pattern(particles: frozenset[str]) -> re.Pattern[str]:
    """Capitalised words with what may join them: a space, or a name particle between spaces.

    Looser than the rules of `capitalized_runs` (a dot or a possessive may end a run there, and a
    particle gap may be too long), so one match holds whole runs: a match of one word is one run,
    and a longer match is split by those rules.
    """
    gap = "[ \u00a0]"
    if particles:
        words = "|".join(re.escape(word) for word in sorted(particles, key=len, reverse=True))
        gap = rf"(?:[ \u00a0]|[ ][^\S\n]*(?i:{words})[^\S\n]*[ ])"
    return re.compile(rf"{_word_pattern()}(?:{gap}{_word_pattern()})*")


_POSSESSIVE = ("’s", "'s", "’", "'")

# No name is written with more capitalised words than this: a longer run is title-case text (a
# headline), and reading it as a name would cost time in proportion to its length, again at
# every quote near it.
RUN_WORDS_MAX = 24


@dataclass(frozen=True, slots=True)
class NameRun:
    """A run of capitalised words: the role words before the name, and the name."""

    start: int
    end: int
    role: tuple[str, ...]  # title and role words, as written
    name: tuple[str, ...]  # the personal-name words (may be empty)
    name_start: int
    organization: bool  # an organisation or place word stands in the name part

    @property
    def text(self) -> str:
        return " ".join(self.role + self.name)


@dataclass(frozen=True, slots=True)
class RunShape:
    """One run apart from where it stands: its words and its split, with offsets counted from
    the start of the match it was found in."""

    words: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # neighbouring words, for `NameStatistics`
    split: NameRun


@dataclass(slots=True)
class RunScan:
    """The runs of capitalised words of a text.

    Most runs are one plain word ("Washington", "Monday"): those are kept as three parallel
    lists, without a token each, for the registry reads them in bulk. `shaped` holds the others,
    in text order, as (offset, runs of the match there): longer runs, and lone words that may
    be a title or a function word.
    """

    shaped: list[tuple[int, tuple[RunShape, ...]]]
    lone_words: list[str]
    lone_starts: list[int]
    lone_ends: list[int]


def runs_scan(text: str, start: int, cues: SpeechCues) -> RunScan:
    """Every run of capitalised words of `text[start:]`, as `capitalized_runs` reads them."""
    scan = RunScan([], [], [], [])
    # The loop runs for every capitalised word of the article: its names are bound once.
    shaped, words, starts, ends = scan.shaped, scan.lone_words, scan.lone_starts, scan.lone_ends
    for match in _loose_run_pattern(cues.name_particles).finditer(text, start):
        found = match.group()
        shapes, cut = _match_read(found, cues)
        if shapes:
            shaped.append((match.start(), shapes))
            continue
        at = match.start()
        words.append(found[: len(found) - cut] if cut else found)
        starts.append(at)
        ends.append(at + len(found) - cut)
    return scan


# Matches recur (names, titles, "The", "But"), and reading one costs far more than looking it
# up; the bound keeps memory flat however many articles a worker reads.
@lru_cache(maxsize=1 << 15)
def _match_read(found: str, cues: SpeechCues) -> tuple[tuple[RunShape, ...], int]:
    """The runs of one match of the loose pattern; or no runs and the characters to cut off
    the end when the match is one plain word (a sentence's dot, a possessive)."""
    if " " not in found and "\u00a0" not in found:
        word, _, _ = _word_trim(found, len(found), cues)
        if not may_hold_title(word, cues):
            return (), len(found) - len(word)
    shapes = []
    for run in _runs_of_match(found, cues):
        if len(run) == 1 and not may_hold_title(run[0].text, cues):
            only = run[0]
            split = NameRun(only.start, only.end, (), (only.text,), only.start, False)
        elif len(run) > RUN_WORDS_MAX:
            split = NameRun(run[0].start, run[-1].end, (), (), run[-1].end, False)
        else:
            split = run_split(run, cues)
        words = tuple(token.text for token in run)
        shapes.append(RunShape(words, tuple(pairwise(words)), split))
    return tuple(shapes), 0


def may_hold_title(word: str, cues: SpeechCues) -> bool:
    """A word that, alone, may be a title or a function word rather than a name."""
    lower = word.lower().rstrip(".")
    return (
        lower in cues.titles
        or lower in cues.stopwords
        or lower in cues.not_names
        or title_compound(word, cues)
    )


def _runs_of_match(found: str, cues: SpeechCues) -> list[list[Token]]:
    """The runs of one match of the loose pattern, as `capitalized_runs` reads them."""
    pieces = found.split(" ")
    if "\u00a0" in found or not all(piece[:1].isupper() for piece in pieces):
        return list(capitalized_runs(found, 0, len(found), cues))  # a name particle, two spaces
    # Most matches are words joined by single spaces: the pieces between the spaces are the
    # words, and a run ends after a word that loses a sentence's dot or a possessive.
    runs = []
    run: list[Token] = []
    start = 0
    for piece in pieces:
        word, end, possessive = _word_trim(piece, start + len(piece), cues)
        run.append(Token(word, start, end, WORD, word.lower()))
        if possessive or len(word) < len(piece):
            runs.append(run)
            run = []
        start += len(piece) + 1
    if run:
        runs.append(run)
    return runs


def capitalized_runs(text: str, start: int, end: int, cues: SpeechCues) -> Iterator[list[Token]]:
    """Runs of capitalised words of `text[start:end]` as word tokens (possessives cut off)."""
    run: list[Token] = []
    for match in _capitalized_word().finditer(text, start, end):
        word, word_end, possessive = _word_trim(match.group(), match.end(), cues)
        token = Token(word, match.start(), word_end, WORD, word.lower())
        if run:
            if not _joins(text, run[-1].end, token.start, cues):
                yield run
                run = []
            elif token.start - run[-1].end > 1:
                # The particle joining the two words is part of the name: "Bill de Blasio".
                gap = text[run[-1].end : token.start]
                inner = gap.strip()
                at = run[-1].end + gap.index(inner)
                run.append(Token(inner, at, at + len(inner), WORD, inner.lower()))
        run.append(token)
        if possessive:
            yield run
            run = []
    if run:
        yield run


def _word_trim(word: str, end: int, cues: SpeechCues) -> tuple[str, int, bool]:
    """The word without a sentence's dot or a possessive, its new end, and whether it was one."""
    if word.endswith(".") and not _keeps_dot(word, cues):
        word, end = word[:-1], end - 1
    possessive = word.endswith(_POSSESSIVE) and len(word) > 2
    if possessive:
        cut = 2 if word.endswith(("’s", "'s")) else 1
        word, end = word[:-cut], end - cut
    return word, end, possessive


def _keeps_dot(word: str, cues: SpeechCues) -> bool:
    bare = word[:-1]
    return len(bare) == 1 or bare in cues.abbreviations or "." in bare


def _joins(text: str, left_end: int, right_start: int, cues: SpeechCues) -> bool:
    gap = text[left_end:right_start]
    if gap in (" ", "\u00a0"):
        return True
    if len(gap) > 8 or "\n" in gap:
        return False
    inner = gap.strip()
    return gap.startswith(" ") and gap.endswith(" ") and inner.lower() in cues.name_particles


def run_split(run: list[Token], cues: SpeechCues) -> NameRun:
    """Split a run into leading role words and the name that follows them."""
    count = len(run)
    index = 0
    # Sentence-initial function words and cue words are no part of a name: "But Clinton", "The
    # Post", "Menurut Lavrov".
    while index < count and run[index].lower in cues.function_words:
        index += 1
    role_end = index
    position = index
    titles = cues.titles
    words_after = None  # words_after[i]: how many words stand at run[i] and after
    while position < count:
        token = run[position]
        # The table lookup before the call: most words of a run are no title.
        length = phrase_length(run, position, titles) if token.lower.rstrip(".") in titles else 0
        if not length and cues.title_suffixes:
            length = int(token.kind == WORD and title_compound(token.text, cues))
        if length:
            if words_after is None:
                words_after = _words_after(run)
            after = words_after[position + length]
            honorific = phrase_length(run, position, cues.honorifics) == length
            # A title inside a run needs a name after it ("Division Head Bank ... Eva Dahlia
            # Kusumawati"); at the run's start it may stand alone ("Presiden Rusia"). After an
            # honorific the next word is a name even when it looks like a title ("Mr. King").
            # A rank inside the run takes a single name ("Kapolda Metro Jaya Irjen Karyoto").
            if position == role_end or after >= 2 or (honorific and after == 1):
                position += length
                role_end = position
                if honorific and after:
                    break
                continue
        position += 1
    if role_end > index:
        role_end = _portfolio_end(run, role_end, cues)
    name = tuple(token.text for token in run[role_end:] if token.kind == WORD)
    role = tuple(token.text for token in run[index:role_end])
    body = _body_end(name, cues)
    organization = body > 0
    # "Bank Mega Syariah Eva Dahlia Kusumawati", "Jubir KPK Budi Prasetyo": a person may follow
    # the body's name. One word after it is no name: "PDI Perjuangan", "Bank Dunia".
    if organization and len(name) - body >= 2:
        role, name = role + name[:body], name[body:]
        organization = False
    name_start = run[role_end].start if role_end < count else run[-1].end
    if body and not organization:
        name_start = [token.start for token in run[role_end:] if token.kind == WORD][body]
    end = run[-1].end
    return NameRun(
        run[index].start if index < count else end,
        end,
        role,
        name,
        name_start,
        organization,
    )


def _portfolio_end(run: list[Token], role_end: int, cues: SpeechCues) -> int:
    """Past the portfolio a title's particle adds before a name of two words or more:
    "Minister van Financiën Eelco Heinen", "Ministro de Hacienda Luis Pérez"."""
    if role_end + 3 >= len(run):
        return role_end
    particle, portfolio = run[role_end], run[role_end + 1]
    if (
        particle.kind == WORD
        and not particle.capitalized
        and role_joiner(particle.lower, cues)
        and portfolio.kind == WORD
        and portfolio.capitalized
        and sum(token.kind == WORD for token in run[role_end + 2 :]) >= 2
    ):
        return role_end + 2
    return role_end


def _is_acronym(word: str) -> bool:
    """ "KPK", "DPR", "PDI"; not initials ("Lawrence B. Cummings", "G.K. Butterfield")."""
    bare = word.rstrip(".")
    return len(bare) > 1 and bare.isupper() and bare.isalpha()


def _body_end(name: tuple[str, ...], cues: SpeechCues) -> int:
    """How many leading words of `name` belong to an organisation's name: up to its last
    organisation word or acronym ("Komisi IV DPR RI"); 0 when none stands in it."""
    last = -1
    for at, word in enumerate(name):
        if word.lower().rstrip(".") in cues.organization_words or _is_acronym(word):
            last = at
    return last + 1


def _words_after(run: list[Token]) -> list[int]:
    counts = [0] * (len(run) + 1)
    for index in range(len(run) - 1, -1, -1):
        counts[index] = counts[index + 1] + (run[index].kind == WORD)
    return counts


class NameStatistics:
    """Counts of capitalised words over an article, to tell name words from place words."""

    def __init__(self, text: str, cues: SpeechCues) -> None:
        self._text = text
        self._cues = cues
        self._place_prepositions = cues.place_prepositions
        self._places: dict[str, bool] = {}
        self._after_prepositions: list[str] | None = None
        self._after_bodies: set[str] | None = None
        self._name_words: Counter[str] | None = None
        self.words: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.names: set[tuple[str, ...]] = set()
        self._lone: Counter[str] | None = None
        self._lone_words: list[str] = []

    @property
    def lone(self) -> Counter[str]:
        """How often each word is written alone, as a one-word run (counted when first asked:
        only long names ask)."""
        if self._lone is None:
            self._lone = Counter(self._lone_words)
        return self._lone

    def count(self, scan: RunScan) -> None:
        """Count the words of every run of `scan`, in bulk: `Counter` counts a list in C."""
        self._lone_words = scan.lone_words
        words = list(scan.lone_words)
        pairs: list[tuple[str, str]] = []
        for _, shapes in scan.shaped:
            for shape in shapes:
                words.extend(shape.words)
                pairs.extend(shape.pairs)
                if len(shape.split.name) >= 2:
                    self.names.add(shape.split.name)
        self.words.update(words)
        self.pairs.update(pairs)

    def name_trim(self, name: tuple[str, ...]) -> tuple[str, ...]:
        """Drop leading words of a long name that the article also uses on their own.

        "Rusia Vladimir Putin" becomes "Vladimir Putin" ("Rusia" stands alone elsewhere, after
        "ke" or "di" like a place); "Kazakh Kassym-Jomart Tokayev" becomes "Kassym-Jomart
        Tokayev" (attested alone). "Purbaya Yudhi Sadewa" stays whole: "Purbaya" stands alone
        too, but never as a place.
        """
        cues = self._cues
        while len(name) >= 3:
            head, following = name[0], name[1]
            if len(following) == 2 and following.endswith("."):
                break  # a middle initial follows a first name: "Loretta E. Lynch"
            place = place_words(name, cues, leading=True) if cues.places else 0
            if place >= 2 and len(name) - place >= 2:
                name = name[place:]  # "Amerika Serikat Donald Trump"
                continue
            independent = self.words[head] > self.pairs[(head, following)]
            if name[1:] in self.names or (independent and (place or self.place_like(head))):
                name = name[1:]
                continue
            break
        # "Menurut Prabowo Indonesia tidak": a place after a name another name of the article
        # holds ("Prabowo Subianto") ends the name.
        place = place_words(name, cues, leading=False) if cues.places and len(name) >= 2 else 0
        if place and len(name) > place and self._named_elsewhere(name[0]):
            name = name[:-place]
        return name

    def _named_elsewhere(self, word: str) -> bool:
        """`word` stands in two names of two words or more of the article."""
        if self._name_words is None:
            self._name_words = Counter(word for name in self.names for word in set(name))
        return self._name_words[word] >= 2

    def place_like(self, word: str) -> bool:
        """`word` is written as a place: after a place preposition ("ke Rusia") or as the place
        a body belongs to ("Kabupaten Agam")."""
        cached = self._places.get(word)
        if cached is None:
            cached = self._place_search(word) or self._body_qualifier(word)
            self._places[word] = cached
        return cached

    def _body_qualifier(self, word: str) -> bool:
        """True when the article writes `word` right after an organisation word, as the place
        a body belongs to ("Kabupaten Agam", "Pemkot Palembang")."""
        if self._after_bodies is None:
            bodies = self._cues.organization_words
            self._after_bodies = {
                second for first, second in self.pairs if first.lower().rstrip(".") in bodies
            }
        return word in self._after_bodies

    def _place_search(self, word: str) -> bool:
        """True when the article writes `word` right after a place preposition ("ke Rusia")."""
        if self._after_prepositions is None:
            self._after_prepositions = _after_prepositions(self._text, self._place_prepositions)
        chunks = self._after_prepositions
        # `word` holds no space, so it opens the text after a preposition when it opens the
        # chunk of non-space characters there; chunks that start with it sort right after it.
        index = bisect.bisect_left(chunks, word)
        return index < len(chunks) and chunks[index].startswith(word)


def _after_prepositions(text: str, prepositions: tuple[str, ...]) -> list[str]:
    """The non-space characters after each place preposition of the text, sorted: one pass over
    the text instead of one per word asked about, for a long article asks about many words."""
    chunks = [
        match.group(1)
        for pattern in _prepositions_patterns(prepositions)
        for match in pattern.finditer(text)
        if not match.start() or not text[match.start() - 1].isalnum()
    ]
    chunks.sort()
    return chunks


@cache
def _prepositions_patterns(prepositions: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    # One-word prepositions in one pattern, longest first. Only the preposition is consumed, so
    # "di ke Rusia" gives both "ke" and "Rusia"; two of them could overlap only by one starting
    # inside a word, where no place reading counts.
    words = sorted({word for word in prepositions if word.isalnum()}, key=len, reverse=True)
    patterns = []
    if words:
        alternatives = "|".join(re.escape(word) for word in words)
        patterns.append(re.compile(rf"(?:{alternatives})(?=[ \u00a0](\S*))"))
    # Others ("di antara") may overlap anything: matched with no width, so none is missed.
    others = sorted({word for word in prepositions if not word.isalnum()})
    patterns.extend(re.compile(rf"(?={re.escape(word)}[ \u00a0](\S*))") for word in others)
    return tuple(patterns)
