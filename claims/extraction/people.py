"""The people an article names: their fullest names, aliases and roles, and where each is named.

Built once per article from its runs of capitalised words (and the editors' known speakers), the
registry answers: which person does the mention "Lavrov", "Presiden Rusia" or "the minister"
refer to at this place of the text?
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from claims.extraction.candidates import KnownSpeaker
from claims.extraction.name_runs import (
    NameRun,
    NameStatistics,
    RunScan,
    runs_scan,
)
from claims.extraction.quote_scan import QuoteSpan
from claims.extraction.speech_cues import SpeechCues, place_words, role_joiner, title_compound
from claims.extraction.tokens import Token


@dataclass(eq=False)
class Person:
    """One person of the article (mutable while the registry is built and used)."""

    name: tuple[str, ...]
    roles: list[str] = field(default_factory=list)  # lower-case role phrases
    positions: list[int] = field(default_factory=list)  # starts of mentions outside quotes
    titled: bool = False  # introduced with a title or a role
    known: bool = False  # one of the editors' verified speakers
    spoke: bool = False  # already the speaker of a quote
    key: tuple[str, ...] = field(init=False)  # the name in lower case, as the registry looks it up
    key_words: tuple[str, ...] = field(init=False)  # the words of `key`, each once

    def __post_init__(self) -> None:
        self.key = _key(self.name)
        self.key_words = tuple(dict.fromkeys(self.key))

    def role_add(self, role: str) -> None:
        """Hold `role` (once: a role named at every mention must not make lookups slower)."""
        if role not in self.roles:
            self.roles.append(role)
        self.titled = True

    @property
    def full_name(self) -> str:
        return " ".join(self.name)

    def mentioned_before(self, position: int) -> int:
        """Start of the last mention before `position`, or -1."""
        index = bisect.bisect_left(self.positions, position)
        return self.positions[index - 1] if index else -1


class PersonMention(NamedTuple):
    """Where a person is named (a tuple: one is made for every mention of every name)."""

    start: int
    end: int
    person: Person


def _key(words: Iterable[str]) -> tuple[str, ...]:
    # A name word as the registry looks it up: "F." read from a run and "F" read from sentence
    # tokens (where the dot is a token of its own) are one initial. The same expression stands
    # inline where the registry looks words up one by one: a call per word costs more.
    return tuple([word.lower().rstrip(".") for word in words])


# A name read from a run, waiting for the single words to be resolved: (offset of the run's
# match, run, name, role, and the person when the name has two words or more).
_Pending = tuple[int, NameRun, tuple[str, ...], str, Person | None]

# How many earlier mentions of a word a longer name is checked against before every candidate
# is ranked instead.
_LATEST_REACH = 64

# How many people sharing a name word are looked at for the one the article has been quoting.
_QUOTED_REACH = 8

# A capitalised word used this often on its own is a place or a body, not a surname after a title.
_PLACE_WORD_COUNT = 3


class PersonRegistry:
    """People of one article, with every place each one is named outside quotes."""

    def __init__(
        self,
        text: str,
        cues: SpeechCues,
        quotes: Sequence[QuoteSpan] = (),
        known_speakers: Iterable[KnownSpeaker] = (),
    ) -> None:
        self._cues = cues
        self.cues = cues
        self._text = text
        self._credible: dict[int, bool] = {}
        self._common: dict[str, bool] = {}
        self._by_name: dict[tuple[str, ...], Person] = {}
        self._by_word: dict[str, list[Person]] = {}
        self.mentions: list[PersonMention] = []
        self._mention_starts: list[int] = []
        # For each lower-case word, the mentions of people whose name holds it, in text order.
        self._word_mentions: dict[str, tuple[list[int], list[Person]]] = {}
        self._first_lone: dict[str, int] = {}
        # Per name read from a run: the name cleaned of places, bodies and common words, and
        # the words dropped before it; a mention of the same run is read the same way.
        self._trimmed: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._places: dict[tuple[str, ...], bool] = {}
        self._roles_read: set[tuple[str, ...]] = set()  # names looked at for a role before them
        self._lone_settled = False
        for known in known_speakers:
            self._known_add(known)
        self._build(text, quotes)

    def _known_add(self, known: KnownSpeaker) -> None:
        words = tuple(known.name.split())
        if not words:
            return
        person = self._person_get(words)
        person.known = True
        person.roles.extend(role.lower() for role in known.roles)
        for alias in known.aliases:
            alias_words = tuple(alias.split())
            if alias_words:
                self._by_name.setdefault(_key(alias_words), person)
                self._index_words(alias_words, person)

    def _person_get(self, name: tuple[str, ...]) -> Person:
        key = _key(name)
        person = self._by_name.get(key)
        if person is None:
            person = Person(name=name)
            self._by_name[key] = person
            self._index_words(name, person)
        return person

    def _index_words(self, name: tuple[str, ...], person: Person) -> None:
        for word in name:
            bucket = self._by_word.setdefault(word.lower().rstrip("."), [])
            if person not in bucket:
                bucket.append(person)

    def _build(self, text: str, quotes: Sequence[QuoteSpan]) -> None:
        cues = self._cues
        scan = runs_scan(text, _title_case_heading_end(text), cues)
        statistics = NameStatistics(text, cues)
        statistics.count(scan)
        splits = [(offset, shape.split) for offset, shapes in scan.shaped for shape in shapes]
        # A lone word's first place as such decides, as for any word, where the article is
        # searched for it in lower case (see `common_word`).
        self._first_lone = dict(
            zip(reversed(scan.lone_words), reversed(scan.lone_starts), strict=True)
        )
        # First the names of two words or more, then the single words that may refer to them:
        # "Purbaya" must find "Purbaya Yudhi Sadewa" even where the single word comes first.
        pending, promoted = self._names_read(text, splits, scan, statistics)
        self._lone_settled = True
        lone = self._lone_candidates(scan, pending, promoted)
        inside = _QuoteIndex(quotes)
        # Both lists are in text order; one sort of the two (done in C) merges them.
        entries = [
            (offset + split.start, 0, index) for index, (offset, split, *_) in enumerate(pending)
        ]
        entries.extend((scan.lone_starts[index], 1, index) for index in lone)
        entries.sort()
        for _, is_lone, index in entries:
            if is_lone:
                word, start = scan.lone_words[index], scan.lone_starts[index]
                if word.lower().rstrip(".") not in self._by_word or self.common_word(word, start):
                    continue  # a common word, or one that names no one (yet)
                found = self._resolve_words((word,), start, create=False)
                if found is not None and not inside.covers(start):
                    self._mention_add(start, scan.lone_ends[index], found)
                continue
            offset, split, name, role, person = pending[index]
            name_start = offset + split.name_start
            if person is None:
                person = self._resolve_words(name, name_start, create=bool(role))
                if person is None:
                    continue  # a lone capitalised word names no one yet
                if role:
                    person.role_add(role)
            if not inside.covers(name_start):
                self._mention_add(name_start, offset + split.end, person)

    def _names_read(
        self,
        text: str,
        splits: Sequence[tuple[int, NameRun]],
        scan: RunScan,
        statistics: NameStatistics,
    ) -> tuple[list[_Pending], set[int]]:
        """Read the names of the runs that are not plain lone words, in text order, and create
        the people of two words or more. A plain lone word right after a role ("Presiden Rusia,
        Putin") takes that role: it is read here too, and its index returned as promoted."""
        pending: list[_Pending] = []
        promoted: set[int] = set()
        previous_role: tuple[str, int] | None = None
        trimmed = self._trimmed
        for offset, split in splits:
            previous_role = self._name_read(
                text, offset, split, statistics, trimmed, previous_role, pending
            )
            if previous_role is None or previous_role[1] != offset + split.end:
                continue  # no role, or one carried from an earlier run: no word can take it now
            index = bisect.bisect_left(scan.lone_starts, previous_role[1])
            if index < len(scan.lone_starts) and scan.lone_starts[index] - previous_role[1] <= 2:
                start, end = scan.lone_starts[index], scan.lone_ends[index]
                lone = _lone_split(scan.lone_words[index], 0, end - start)
                previous_role = self._name_read(
                    text, start, lone, statistics, trimmed, previous_role, pending
                )
                promoted.add(index)
        return pending, promoted

    def _name_read(
        self,
        text: str,
        offset: int,
        split: NameRun,
        statistics: NameStatistics,
        trimmed: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]],
        previous_role: tuple[str, int] | None,
        pending: list[_Pending],
    ) -> tuple[str, int] | None:
        """Read one run found at `offset`: add its name to `pending`; return the role a
        following name may take. `trimmed` keeps, per name, what does not depend on where it
        stands: the name cleaned of place and common words, and the words dropped before it."""
        end = offset + split.end
        if not split.name:
            return (" ".join(split.role).lower(), end) if split.role else None
        name_start = offset + split.name_start
        known = trimmed.get(split.name)
        if known is None:
            kept = statistics.name_trim(split.name)
            kept = self._short_form_trim(kept, split.role, statistics, name_start)
            if not split.role:
                kept = _portfolio_drop(text, name_start, kept, self._cues)
            # The first time a name is read, its common words are asked about here, in text
            # order, as `common_word` expects; later readings reuse the answers.
            first = _slice_start(split.name, kept)
            known = (self._name_clean(kept, name_start), split.name[:first])
            trimmed[split.name] = known
        name, dropped = known
        if (
            name
            and len(name) == len(split.name)
            and _sentence_initial(text, name_start)
            and self.common_word(name[0], name_start)
        ):
            name = name[1:]  # "Though Clinton": a capital only because a sentence starts
        if len(name) >= 3 and _after_place_preposition(text, name_start, self._cues):
            name = name[1:]  # "ad Arcore Silvio Berlusconi": the place comes first
        if not name:
            return previous_role
        role = " ".join(split.role + dropped).lower()
        if previous_role and 0 <= offset + split.start - previous_role[1] <= 2:
            role = previous_role[0]  # "Duta Besar Kazakhstan untuk Rusia, Dauren Abaev,"
        if split.organization or self._place_name(name):
            # A body or a place ("Amerika Serikat"): no person; after a title, a role the
            # next name may take ("Anggota DPR RI Fraksi Partai Mawar, Galang Perdana").
            return (" ".join(split.role + split.name).lower(), end) if split.role else None
        if (
            len(name) == 1
            and split.role
            and self._cues.titles_take_qualifier
            and statistics.words[name[0]] >= _PLACE_WORD_COUNT
        ):
            # "Presiden Rusia", "Menteri Luar Negeri Kazakhstan": a role, not a name.
            return (" ".join(split.role + name).lower(), end)
        person = None
        if len(name) >= 2:
            person = self._person_get(name)
            if not role and name not in self._roles_read:  # once per name: a role is kept
                self._roles_read.add(name)
                role = _role_written_before(text, offset + split.start, self._cues)
            if role:
                person.role_add(role)
        pending.append((offset, split, name, role, person))
        return None

    def _place_name(self, name: tuple[str, ...]) -> bool:
        """`_is_place`, asked once per name: a name recurs at every mention."""
        place = self._places.get(name)
        if place is None:
            place = _is_place(name, self._cues)
            self._places[name] = place
        return place

    def _short_form_trim(
        self,
        name: tuple[str, ...],
        role: tuple[str, ...],
        statistics: NameStatistics,
        around: int,
    ) -> tuple[str, ...]:
        """Drop the leading words of a long name when the article's short mentions start
        later: "Kepala Dinas Pangan Jabar Rina Sari" is Rina Sari where "kata Rina" follows.
        The words dropped must read as no name: common words or places, or the rest of a
        body's name after an organisation word ("Bank Sejahtera Lukas Wirawan"); a word that
        stands alone itself names ("Listyo Sigit Prabowo", "kata Sigit", "kata Listyo")."""
        if len(name) < 3:
            return name
        lone = statistics.lone
        body = bool(role) and role[-1].lower().rstrip(".") in self._cues.organization_words
        for start in range(1, len(name) - 1):
            if not lone[name[start]]:
                continue
            dropped = name[:start]
            if any(lone[word] for word in dropped):
                break
            if body or all(
                self.common_word(word, around) or statistics.place_like(word) for word in dropped
            ):
                return name[start:]
            break
        return name

    def _lone_candidates(
        self, scan: RunScan, pending: Sequence[_Pending], promoted: set[int]
    ) -> list[int]:
        """Indexes of the plain lone words that may name someone: a word of a person's name,
        or of a single name that takes a role (and so becomes a person) while pending."""
        words = set(self._by_word)
        words.update(
            name[0].lower().rstrip(".")
            for _, _, name, role, _ in pending
            if len(name) == 1 and role
        )
        wanted = {word for word in set(scan.lone_words) if word.lower().rstrip(".") in words}
        return [
            index
            for index, word in enumerate(scan.lone_words)
            if word in wanted and index not in promoted
        ]

    def _mention_add(self, start: int, end: int, person: Person) -> None:
        # Mentions come in text order, so every list here is appended to.
        person.positions.append(start)
        index = bisect.bisect_left(self._mention_starts, start)
        self._mention_starts.insert(index, start)
        self.mentions.insert(index, PersonMention(start, end, person))
        for word in person.key_words:
            starts, people = self._word_mentions.setdefault(word, ([], []))
            starts.append(start)
            people.append(person)

    def _resolve_words(
        self, name: tuple[str, ...], position: int, *, create: bool
    ) -> Person | None:
        words = _key(name)
        exact = self._by_name.get(words)
        if exact is not None:
            return exact
        latest = self._latest_named(words, position)
        if latest is not None:
            return latest
        candidates = self._candidates(name)
        if candidates:
            return self._nearest(candidates, position)
        if create:
            return self._person_get(name)
        return None

    def _latest_named(self, words: tuple[str, ...], position: int) -> Person | None:
        """The person whose name holds `words` named last before `position`, or None.

        Where one was named before, it is the one `_nearest` would pick (distinct people are
        never named at the same place); found by bisection, not by ranking every candidate,
        which an article naming a thousand Smiths would make slow.
        """
        starts, people = self._word_mentions.get(words[-1], ((), ()))
        index = bisect.bisect_left(starts, position) - 1
        stop = max(-1, index - _LATEST_REACH)
        while index > stop:
            if _contains_in_order(people[index].key, words):
                return people[index]
            index -= 1
        return None

    def _candidates(self, name: tuple[str, ...]) -> list[Person]:
        """People whose name holds every word of `name`, in order."""
        words = _key(name)
        found = []
        for person in self._by_word.get(words[-1], ()):
            if _contains_in_order(person.key, words):
                found.append(person)
        return found

    def _nearest(self, candidates: Sequence[Person], position: int) -> Person:
        def rank(person: Person) -> tuple[int, int, int]:
            last = person.mentioned_before(position)
            return (last, len(person.positions), len(person.name))

        return max(candidates, key=rank)

    def name_resolve(self, name: Sequence[str], position: int) -> Person:
        """The person a name mention refers to, creating one when the article had none."""
        known = self._trimmed.get(tuple(name))
        words = (
            (known[0] if known else ()) or self._name_clean(tuple(name), position) or tuple(name)
        )
        if len(words) == 1:
            quoted = self._quoted_holder(words[0])
            if quoted is not None:
                return quoted
        person = self._resolve_words(words, position, create=True)
        assert person is not None
        return person

    def _quoted_holder(self, word: str) -> Person | None:
        """Of the people whose name holds `word`, the one the article has been quoting, when
        the word names more than one ("Prabowo": President Prabowo Subianto, and police chief
        Listyo Sigit Prabowo named last); None when it names one, or several or none quoted."""
        people = self._by_word.get(word.lower().rstrip("."), ())
        if len(people) < 2 or len(people) > _QUOTED_REACH:
            return None
        quoted = [person for person in people if person.spoke]
        return quoted[0] if len(quoted) == 1 else None

    def role_resolve(self, role: str, position: int) -> Person | None:
        """The person last introduced with `role` (or a narrower role) before `position`."""
        role = role.lower()
        heads = {role, *self._cues.role_classes.get(role, ())}
        best: Person | None = None
        best_at = -1
        for person in self._by_name.values():
            if not person.roles:
                continue
            if any(_role_matches(held, heads) for held in person.roles):
                last = person.mentioned_before(position)
                if last > best_at or (best is None and last < 0 and person.known):
                    best, best_at = person, last
        return best

    def credible(self, person: Person) -> bool:
        """Named so that a reader takes it for a person, not a place, a body or a thing: a known
        or titled person, a speaker, or a name of two words whose last word the article never
        writes in lower case ("Keamanan Kolektif" is no person: "keamanan" is a common word)."""
        if person.known or person.spoke:
            return True
        if _is_place(person.name, self._cues):
            return False
        cached = self._credible.get(id(person))
        if cached is None:
            around = person.positions[0] if person.positions else 0
            plain = not self.common_word(person.name[-1], around)
            cached = plain and (person.titled or len(person.name) >= 2)
            self._credible[id(person)] = cached
        return cached

    def common_word(self, word: str, around: int) -> bool:
        """True when the article also writes `word` in lower case: a common word, no name.

        Long articles are searched around the first place the word is asked about, in text
        order while the registry is built. Plain lone words are asked about lazily, so their
        first place as a lone word stands in for the question they would have asked.
        """
        cached = self._common.get(word)
        if cached is None:
            first = self._first_lone.get(word)
            if first is not None and (self._lone_settled or first < around):
                around = first
            cached = _lowercase_used(self._text, word, around)
            self._common[word] = cached
        return cached

    def _name_clean(self, name: tuple[str, ...], around: int) -> tuple[str, ...]:
        """Cut the common words off the end of a name: "Obama Speech" is "Obama"."""
        while name and self.common_word(name[-1], around):
            name = name[:-1]
        return name

    def mentions_between(self, start: int, end: int) -> list[PersonMention]:
        low = bisect.bisect_left(self._mention_starts, start)
        high = bisect.bisect_left(self._mention_starts, end)
        return self.mentions[low:high]

    def people(self) -> list[Person]:
        return list(self._by_name.values())


# How far from a name its surname is looked for in lower case.
_LOWERCASE_REACH = 20_000


def _lowercase_used(text: str, word: str, around: int) -> bool:
    lower = word.lower()
    if lower == word:
        return not word[:1].isupper()
    start, stop = max(0, around - _LOWERCASE_REACH), min(len(text), around + _LOWERCASE_REACH)
    found = text.find(lower, start, stop)
    while found >= 0:
        before = text[found - 1] if found else " "
        after_at = found + len(lower)
        after = text[after_at] if after_at < len(text) else " "
        # A word of running text, not a piece of a URL or a hyphenated compound.
        if (before.isspace() or before in "(\"'“‘") and not (after.isalnum() or after in "-/_@"):
            return True
        found = text.find(lower, found + 1, stop)
    return False


def _contains_in_order(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    position = 0
    for word in needle:
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False
    return True


def _role_matches(held: str, heads: set[str]) -> bool:
    """A held role ("duta besar kazakhstan untuk rusia") answers to a head ("duta besar")."""
    for head in heads:
        if held == head or held.startswith(head + " ") or f" {head}" in f" {held} ":
            return True
    return False


# How far before a name its role is looked for, and how many words a role has at most.
_ROLE_BEFORE_CHARS = 60
_ROLE_WORDS_MAX = 4
# An abbreviation in brackets between a role and its name: "jaksa penuntut umum (JPU) Ni Putu".
_ROLE_ABBREVIATION_CHARS = 12
_BLANKS = " \u00a0"


def _role_written_before(text: str, start: int, cues: SpeechCues) -> str:
    """The role written in lower case right before a name ("jaksa penuntut umum Ni Putu",
    "Obama adviser David Axelrod"): from its role noun to the name; "" when there is none."""
    window = _line_before(text, start)
    if not window or window[-1] not in _BLANKS:
        return ""
    before = _abbreviation_drop(window[:-1])
    words: list[str] = []
    for word in reversed(before.split()):
        if len(words) == _ROLE_WORDS_MAX or not (word.isalpha() and word.islower()):
            break
        words.append(word)
    words.reverse()
    for at, word in enumerate(words):
        if word in cues.role_nouns and word not in cues.unnamed_roles:
            return " ".join(words[at:])
    return ""


def _portfolio_drop(
    text: str, start: int, name: tuple[str, ...], cues: SpeechCues
) -> tuple[str, ...]:
    """`name` (of three words or more, written at `start`) without its first word when that is
    the portfolio or country of a title written before it: "ministro da Fazenda Fernando
    Haddad", "Bundesminister für Wirtschaft Robert Habeck"."""
    return name[1:] if len(name) >= 3 and _portfolio_before(text, start, cues) else name


def _portfolio_before(text: str, start: int, cues: SpeechCues) -> bool:
    """A title and a preposition stand right before `start`: "presidente de Brasil"."""
    window = _line_before(text, start)
    words = window.split()
    if len(words) < 2 or window[-1:] not in _BLANKS:
        return False
    title, preposition = words[-2], words[-1]
    if not (preposition.islower() and role_joiner(preposition, cues)):
        return False
    # Titles only: "the lawyer of Juan Pérez García" names whose lawyer, and keeps the name.
    return title.lower().rstrip(".,") in cues.titles or title_compound(title, cues)


def _line_before(text: str, start: int) -> str:
    """The text before `start` on its line, as far as a role before a name may reach."""
    low = max(0, start - _ROLE_BEFORE_CHARS)
    return text[max(low, text.rfind("\n", low, start) + 1) : start]


def _abbreviation_drop(before: str) -> str:
    """`before` without a bracketed abbreviation at its end (" (JPU)")."""
    if not before.endswith(")"):
        return before
    opening = before.rfind("(", 0, len(before) - 1)
    inside = before[opening + 1 : -1]
    if (
        opening >= 1
        and before[opening - 1] in _BLANKS
        and 1 <= len(inside) <= _ROLE_ABBREVIATION_CHARS
        and ")" not in inside
    ):
        return before[: opening - 1]
    return before


def _slice_start(name: tuple[str, ...], part: tuple[str, ...]) -> int:
    """Where the contiguous `part` of `name` starts (0 when it is not found)."""
    for start in range(len(name) - len(part) + 1):
        if name[start : start + len(part)] == part:
            return start
    return 0


def _is_place(name: tuple[str, ...], cues: SpeechCues) -> bool:
    """The whole name is a place of the pack's gazetteer: "Amerika Serikat", "Jakarta"."""
    return bool(cues.places) and place_words(name, cues, leading=True) == len(name)


def _lone_split(word: str, start: int, end: int) -> NameRun:
    """The split of a run of one plain word: all name, no role."""
    return NameRun(start, end, (), (word,), start, False)


def _after_place_preposition(text: str, position: int, cues: SpeechCues) -> bool:
    before = text[max(0, position - 8) : position]
    if not before[-1:].isspace():
        return False
    words = before.split()
    return bool(words) and words[-1] in cues.place_prepositions


def _sentence_initial(text: str, position: int) -> bool:
    before = text[max(0, position - 4) : position].rstrip(" \u00a0\t")
    return not before or before[-1] in ".!?\n\"“‘'(—–:"


def _title_case_heading_end(text: str) -> int:
    """End of the first line when it is a title-case headline ("Hillary Clinton Was Headed To
    ER"), whose capitals say nothing about names; 0 otherwise."""
    end = text.find("\n")
    if end < 0:
        return 0
    words = text[:end].split()
    if len(words) < 3:
        return 0
    capitalized = sum(1 for word in words if word[:1].isupper())
    # Title case capitalises every long word; a sentence full of names and titles ("Wakil
    # Direktur ... AKBP Tri Panungko, memimpin rilis itu.") keeps its verbs in lower case.
    plain = sum(1 for word in words if len(word) >= 4 and word.isalpha() and word.islower())
    return end if capitalized * 3 >= len(words) * 2 and plain <= 1 else 0


class _QuoteIndex:
    def __init__(self, quotes: Sequence[QuoteSpan]) -> None:
        self._starts = [span.start for span in quotes]
        self._ends = [span.end for span in quotes]

    def covers(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]


def tokens_text(tokens: list[Token]) -> str:
    return " ".join(token.text for token in tokens)
