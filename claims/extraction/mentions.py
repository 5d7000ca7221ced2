"""Read the speaker phrase written next to a speech verb: a name, a pronoun, a role or a group.

"Duta Besar Kazakhstan untuk Rusia, Dauren Abaev, menyebut" gives the name "Dauren Abaev" with
its role; "diplomat tersebut mencatat" and "the minister said" give roles; "ucapnya" and "he said"
give pronouns; "Pers Rusia menggambarkan" and "another source said" give groups (no speaker).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claims.extraction.name_runs import RUN_WORDS_MAX, run_split
from claims.extraction.speech_cues import SpeechCues, phrase_length, place_words, role_joiner
from claims.extraction.tokens import QUOTE, WORD, Token

NAME = "name"
PRONOUN = "pronoun"
ROLE = "role"
GROUP = "group"

# How many tokens an apposition or a group phrase may span.
_APPOSITION_REACH = 40
# How many tokens the body after a role may take: "del Banco Central de la República,".
_COMPLEMENT_TOKENS = 8
_GROUP_REACH = 4
# A description before a name after the verb ("said 9/11 widow Terry Strada"): its tokens.
_DESCRIPTION_TOKENS = 6
_DESCRIPTION_PUNCT = frozenset("/-‐")
_CLAUSE_ENDS = frozenset(".,;!?")
# How many words may stand between a group subject and its speech verb.
_GROUP_VERB_REACH = 6
# How many lower-case words may stand between a possessive and the role it owns.
_OWNED_ROLE_WORDS = 3

_POSSESSIVE_ENDINGS = ("’s", "'s")
_APOSTROPHES = frozenset("’'")


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    kind: str  # NAME, PRONOUN, ROLE or GROUP
    text: str  # as written in the article
    start: int
    end: int
    name: tuple[str, ...] = ()  # the personal name, for NAME
    role: str = ""  # lower-case role phrase written with the mention
    organization: bool = False  # a NAME that reads as an organisation
    owner: str = ""  # for a ROLE someone named owns ("Clinton’s spokesman"): "Clinton"


def _span_text(text: str, tokens: list[Token], first: int, last: int) -> tuple[str, int, int]:
    start, end = tokens[first].start, tokens[last].end
    return text[start:end], start, end


def is_adverb(token: Token, cues: SpeechCues) -> bool:
    if token.kind != WORD or token.capitalized:
        return False
    lower = token.lower
    return lower in cues.adverbs or any(
        lower.endswith(suffix) and len(lower) > len(suffix) + 3 for suffix in cues.adverb_suffixes
    )


def _is_run_token(tokens: list[Token], index: int, cues: SpeechCues) -> bool:
    token = tokens[index]
    if token.kind == WORD:
        if token.capitalized:
            return True
        return token.lower in cues.name_particles and index > 0 and tokens[index - 1].capitalized
    if token.text == "." and index > 0 and tokens[index - 1].kind == WORD:
        before = tokens[index - 1].text
        return len(before) == 1 or before in cues.abbreviations or "." in before
    return False


def _run_stop(tokens: list[Token], index: int, cues: SpeechCues) -> int:
    """End of the run of name tokens from `tokens[index]`; -1 when it is longer than a name."""
    limit = min(len(tokens), index + RUN_WORDS_MAX + 1)
    stop = index
    while stop < limit and _is_run_token(tokens, stop, cues):
        stop += 1
    return -1 if stop - index > RUN_WORDS_MAX else stop


def _run_first(tokens: list[Token], index: int, cues: SpeechCues) -> int:
    """Start of the run of name tokens that ends at `tokens[index]`; -1 when longer than a name."""
    limit = max(0, index - RUN_WORDS_MAX + 1)
    first = index
    while first > limit and _is_run_token(tokens, first - 1, cues):
        first -= 1
    return -1 if first > 0 and first == limit and _is_run_token(tokens, first - 1, cues) else first


def mention_before(
    text: str, tokens: list[Token], verb: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The speaker written just before the speech verb at `tokens[verb]`."""
    index = verb - 1
    while index >= 0 and is_adverb(tokens[index], cues):
        index -= 1
    if index >= 0 and tokens[index].text == ")":
        # "Rep. Gwen Moore (D-Wis.) said"
        opening = next(
            (i for i in range(index, max(-1, index - 8), -1) if tokens[i].text == "("), -1
        )
        index = opening - 1 if opening > 0 else index
    if index < 0:
        return None
    if tokens[index].text == ",":
        return _apposition_before(text, tokens, index, cues)
    return _phrase_ending_at(text, tokens, index, cues)


def sentence_subject(
    text: str, tokens: list[Token], cues: SpeechCues, verb: int
) -> SpeakerMention | None:
    """The subject at the start of a sentence ("Dean, a former chairman, poked ..."), past a
    short opening phrase ("On Monday, ..."), read in the tokens before `tokens[verb]`. A group
    is the subject only when a speech verb follows it closely."""
    sentence = tokens
    tokens = tokens[:verb]
    start = 0
    comma = next((i for i, token in enumerate(tokens[:8]) if token.text == ","), -1)
    # "Dean, a former chairman, poked" names the subject before the comma; "On Tuesday’s
    # show, ..." opens with a phrase.
    if comma >= 0 and not (
        _is_run_token(tokens, 0, cues)
        and tokens[0].lower not in cues.function_words
        and not _determiner_opening(tokens, 0, cues)
    ):
        start = comma + 1
    if start >= len(tokens):
        return None
    mention = mention_after(text, tokens, start, cues)
    if mention is not None and mention.kind == NAME and len(mention.name) == 1:
        # "Democratic presidential nominee Hillary Clinton chimed in": the capital opened a
        # role, and the name follows it.
        mention = _name_after_described_role(text, tokens, mention.end, cues) or mention
    if mention is None:
        mention = _group_opening(text, tokens, start, cues)  # "The protesters chanted"
    if mention is None or mention.kind not in (NAME, PRONOUN, GROUP):
        return None
    if mention.kind == GROUP and not _verb_follows(sentence, mention.end, cues):
        return None  # a group that only opens the sentence says nothing itself
    return mention


def _name_after_described_role(
    text: str, tokens: list[Token], position: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The name after the lower-case words of a role that end at a role noun, from the token
    starting at `position`: "(Democratic) presidential nominee Hillary Clinton"."""
    index = next((i for i, token in enumerate(tokens) if token.start >= position), len(tokens))
    last = index
    while last < min(len(tokens), index + 3) and tokens[last].kind == WORD:
        if tokens[last].capitalized:
            break
        last += 1
    if last == index or last >= len(tokens) or not tokens[last].capitalized:
        return None
    role = _role_ending_at(tokens, last - 1, cues)
    return _name_after_role(text, tokens, last, role, cues) if role else None


def _group_opening(
    text: str, tokens: list[Token], start: int, cues: SpeechCues
) -> SpeakerMention | None:
    """A group noun within the first few words from `tokens[start]`: "The local analysts"."""
    for index in range(start, min(len(tokens), start + _GROUP_REACH)):
        token = tokens[index]
        if token.kind != WORD:
            return None
        if token.lower in cues.groups:
            phrase, begin, end = _span_text(text, tokens, start, index)
            return SpeakerMention(GROUP, phrase, begin, end)
    return None


def _verb_follows(tokens: list[Token], position: int, cues: SpeechCues) -> bool:
    """A speech verb within a few words after `position` ("Banyak analis politik lokal
    mempertanyakan", "Protesters marching through the streets chanted")."""
    first = next((i for i, token in enumerate(tokens) if token.start >= position), len(tokens))
    for index in range(first, min(len(tokens), first + _GROUP_VERB_REACH)):
        if tokens[index].kind != WORD:
            return False
        if tokens[index].lower.rstrip(".") in cues.verbs and phrase_length(
            tokens, index, cues.verbs
        ):
            return True
    return False


def _phrase_ending_at(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    token = tokens[index]
    if token.kind != WORD and not _is_run_token(tokens, index, cues):
        return None
    lower = token.lower
    if lower in cues.pronouns:
        return SpeakerMention(PRONOUN, token.text, token.start, token.end)
    if _is_run_token(tokens, index, cues):
        first = _run_first(tokens, index, cues)
        return _name_mention(text, tokens, first, index + 1, cues) if first >= 0 else None
    if lower in cues.anaphora_after and index > 0:
        role = _role_ending_at(tokens, index - 1, cues)
        if role:
            start = index - len(role.split())
            phrase, begin, end = _span_text(text, tokens, start, index)
            return SpeakerMention(ROLE, phrase, begin, end, role=role)
    role = _role_ending_at(tokens, index, cues)
    held = role or _unnamed_role_noun(tokens[index], cues)
    if held:
        owned = _owned_role(text, tokens, index - len(held.split()) + 1, index, held, cues)
        if owned is not None:
            return owned  # "Clinton’s spokesman said", "Scott’s niece shouted"
    if role and cues.anaphora_before:
        for back in range(index - len(role.split()), max(-1, index - 6), -1):
            word = tokens[back]
            if word.kind != WORD:
                break
            if word.lower in cues.anaphora_before:
                phrase, begin, end = _span_text(text, tokens, back, index)
                return SpeakerMention(ROLE, phrase, begin, end, role=role)
    if _group_ending_at(tokens, index, cues):
        return SpeakerMention(GROUP, token.text, token.start, token.end)
    return None


def _role_ending_at(tokens: list[Token], index: int, cues: SpeechCues) -> str:
    for length in (3, 2, 1):
        first = index - length + 1
        if first < 0 or tokens[first].lower.rstrip(".") not in cues.role_nouns:
            continue  # no role noun phrase starts there
        if all(tokens[i].kind == WORD for i in range(first, index + 1)):
            found = phrase_length(tokens, first, cues.role_nouns)
            # The matcher takes a dot after the last word as an abbreviation's ("Sen."): at a
            # sentence's end ("said the senator.") it is the full stop.
            dotted = index + 1 < len(tokens) and tokens[index + 1].text == "."
            if found == length or (dotted and found == length + 1):
                return " ".join(tokens[i].lower for i in range(first, index + 1))
    return ""


def _group_ending_at(tokens: list[Token], index: int, cues: SpeechCues) -> bool:
    """A group phrase ends at `tokens[index]`: a group word, or a determiner with a noun after
    it ("some analysts", "a senior official"); not "a" alone ("- a charge that ..."), nor a
    group word modifying another noun ("campaign message")."""
    for back in range(index, max(-1, index - _GROUP_REACH), -1):
        token = tokens[back]
        if token.kind != WORD:
            return False
        if back == index and token.lower in cues.groups:
            return True
        if back < index and token.lower in cues.group_determiners:
            return True
    return False


def _group_ahead(tokens: list[Token], index: int, stop: int, cues: SpeechCues) -> int:
    """Index of the last word of a group phrase starting at `tokens[index]`, or -1: a group
    word, or a determiner and the words after it up to a speech verb ("another source said";
    not "a charge that", whose noun is a speech verb)."""
    determiner = -1
    last = -1
    for ahead in range(index, min(stop, index + _GROUP_REACH)):
        lower = tokens[ahead].lower
        if lower in cues.groups:
            return ahead
        if lower in cues.group_determiners:
            determiner = ahead
        elif lower.rstrip(".") in cues.verbs:
            break
        last = ahead
    return last if 0 <= determiner < last else -1


def _name_mention(
    text: str, tokens: list[Token], first: int, stop: int, cues: SpeechCues
) -> SpeakerMention | None:
    if _possessive(tokens, stop - 1):
        # "Clinton’s spokesman said", "On Tuesday’s show", and "Pence said Trump’s tweet was
        # “to mock”" too: the owner of a word is not the speaker.
        return None
    run = list(tokens[first:stop])
    if (
        cues.lone_names_need_evidence
        and stop - first == 1
        and _after_function_word(tokens, first, cues)
    ):
        return None  # "mit den Worten": a noun
    split = run_split(run, cues)
    head = next((token for token in run if token.kind == WORD), None)
    if head is None:
        return None
    words = [token.lower for token in run if token.kind == WORD]
    if words and (words[0] in cues.groups or (len(words) > 1 and words[-1] in cues.groups)):
        phrase, begin, end = _span_text(text, tokens, first, stop - 1)
        return SpeakerMention(GROUP, phrase, begin, end)
    if not split.name and not split.role:
        return None
    if (
        not split.name
        and len(run) == 1
        and (first == 0 or tokens[first - 1].kind != WORD)
        and stop < len(tokens)
        and tokens[stop].text == ","
    ):
        # "Dean, a former party chairman, poked": a title word standing alone before an
        # apposition is a surname (Howard Dean), not a role.
        only = run[0]
        return SpeakerMention(NAME, only.text, only.start, only.end, name=(only.text,))
    phrase_end = run[-1].end
    phrase_start = split.start if split.start < phrase_end else run[0].start
    phrase = text[phrase_start:phrase_end]
    role = " ".join(split.role).lower()
    if not split.name:
        return SpeakerMention(ROLE, phrase, phrase_start, phrase_end, role=role)
    if split.organization and role:
        # "Anggota Komisi IV DPR RI": a title of a body, held by someone the run does not name.
        role = " ".join(split.role + split.name).lower()
        return SpeakerMention(ROLE, phrase, phrase_start, phrase_end, role=role)
    return SpeakerMention(
        NAME,
        phrase,
        phrase_start,
        phrase_end,
        name=split.name,
        role=role,
        organization=split.organization
        or any(word.lower() in cues.organization_words for word in split.name)
        or (bool(cues.places) and place_words(split.name, cues, leading=True) == len(split.name)),
    )


def _after_function_word(tokens: list[Token], index: int, cues: SpeechCues) -> bool:
    """A lower-case article or preposition stands before `tokens[index]` (a speech verb may:
    "sagte Merkel")."""
    if index == 0:
        return False
    before = tokens[index - 1]
    if before.kind != WORD or before.capitalized:
        return False
    lower = before.lower
    return lower in cues.anaphora_before or (lower in cues.stopwords and lower not in cues.verbs)


def _possessive(tokens: list[Token], index: int) -> bool:
    """`tokens[index]` is a possessive: "Clinton’s", or "Jones’" (its apostrophe a token)."""
    lower = tokens[index].lower
    if lower.endswith(_POSSESSIVE_ENDINGS):
        return True
    following = index + 1
    return (
        lower.endswith("s")
        and following < len(tokens)
        and tokens[following].text in _APOSTROPHES
        and tokens[following].start == tokens[index].end
    )


def _owner_end(tokens: list[Token], index: int) -> int:
    """The index of the possessive ending at `tokens[index]` ("Clinton’s", or "Jones" before
    its apostrophe token), or -1."""
    if index >= 0 and tokens[index].text in _APOSTROPHES:
        index -= 1
    return index if index >= 0 and _possessive(tokens, index) else -1


def _owned_role(
    text: str, tokens: list[Token], first: int, last: int, role: str, cues: SpeechCues
) -> SpeakerMention | None:
    """The role `tokens[first:last + 1]` when a possessive name owns it, past a few lower-case
    words: "Clinton’s spokesman", "Obama’s former campaign strategist"."""
    index = first - 1
    while index >= 0 and first - index <= _OWNED_ROLE_WORDS and _lower_word(tokens[index]):
        index -= 1
    owner = _owner_end(tokens, index)
    if owner < 0 or not _is_run_token(tokens, owner, cues):
        return None
    start = max(_run_first(tokens, owner, cues), 0)
    phrase, begin, end = _span_text(text, tokens, start, last)
    name = text[tokens[start].start : tokens[owner].end]
    for ending in _POSSESSIVE_ENDINGS:
        name = name.removesuffix(ending)
    return SpeakerMention(ROLE, phrase, begin, end, role=role, owner=name)


def _role_owned_after(
    text: str, tokens: list[Token], owner: int, cues: SpeechCues
) -> SpeakerMention | None:
    """After a verb, the role a possessive name at `tokens[owner]` owns, or the name given it
    in an apposition: "said Clinton’s spokesman", "said Clinton’s spokesman, Brian Fallon"."""
    first = owner + 1
    if first < len(tokens) and tokens[first].text in _APOSTROPHES:
        first += 1
    for last in range(first, min(len(tokens), first + _OWNED_ROLE_WORDS + 1)):
        if not _lower_word(tokens[last]):
            return None
        role = _role_ending_at(tokens, last, cues) or _unnamed_role_noun(tokens[last], cues)
        if not role or last + 1 - len(role.split()) < first:
            continue
        if last + 2 < len(tokens) and tokens[last + 1].text == ",":
            # ", Brian Fallon", ", state Del. Marcia Price,"
            named = _name_after_role(
                text, tokens, last + 2, role, cues
            ) or mention_after_description(text, tokens, last + 2, cues)
            if named is not None:
                return named
        return _owned_role(text, tokens, last + 1 - len(role.split()), last, role, cues)
    return None


def _unnamed_role_noun(token: Token, cues: SpeechCues) -> str:
    """A noun of someone an article seldom names ("niece", "neighbor"), when no role noun."""
    return token.lower if token.lower in cues.unnamed_roles else ""


def _lower_word(token: Token) -> bool:
    return token.kind == WORD and not token.capitalized


def _trailing_name(
    text: str, tokens: list[Token], first: int, stop: int, cues: SpeechCues
) -> SpeakerMention | None:
    """A name of two words or more ending `tokens[first:stop]`: "state Del. Marcia Price"."""
    last = stop - 1
    if last < first or not _is_run_token(tokens, last, cues):
        return None
    start = _run_first(tokens, last, cues)
    if start < first:
        return None
    named = _name_mention(text, tokens, start, stop, cues)
    if named is None or named.kind != NAME or named.organization or len(named.name) < 2:
        return None
    return named


def _apposition_before(
    text: str, tokens: list[Token], comma: int, cues: SpeechCues
) -> SpeakerMention | None:
    """ "ROLE, NAME, said" or "NAME, a DESCRIPTION, said": the comma before the verb ends it."""
    previous = comma - 1
    while previous >= 0 and comma - previous < _APPOSITION_REACH:
        token = tokens[previous]
        if token.kind == QUOTE or token.text in ".!?;:":
            break
        if token.text == ",":
            break
        previous -= 1
    segment_first = previous + 1
    if segment_first >= comma:
        return None
    if all(_is_run_token(tokens, i, cues) for i in range(segment_first, comma)):
        mention = _name_mention(text, tokens, segment_first, comma, cues)
        if (
            mention is not None
            and mention.kind == NAME
            and len(mention.name) == 1
            and ("-" in mention.name[0] or len(mention.name[0]) <= 3)
            and previous > 0
        ):
            # "Mitch McConnell, R-Ky., said": the state label is no name.
            before = _phrase_ending_at(text, tokens, previous - 1, cues)
            if before is not None and before.kind == NAME:
                return before
        if mention is None or mention.kind != NAME:
            return mention
        if previous >= 0 and tokens[previous].text == ",":
            role = _role_before(tokens, previous)
            if role:
                return replace(mention, role=role)
        return mention
    if previous >= 0 and tokens[previous].text == ",":
        # "Kenneth Baer, a former official who runs Crosscut Strategies, said"
        description = " ".join(tokens[i].lower for i in range(segment_first, comma))
        mention = _phrase_ending_at(text, tokens, previous - 1, cues) if previous > 0 else None
        if mention is not None and mention.kind == NAME:
            return replace(mention, role=description)
        if mention is not None and mention.kind == ROLE:
            # "Scott’s niece, state Del. Marcia Price, shouted": the apposition names the role.
            named = _trailing_name(text, tokens, segment_first, comma, cues)
            if named is not None:
                return replace(named, role=mention.role)
        return mention
    return _phrase_ending_at(text, tokens, comma - 1, cues)


def _role_before(tokens: list[Token], comma: int) -> str:
    words: list[str] = []
    index = comma - 1
    while index >= 0 and len(words) < 12:
        token = tokens[index]
        if token.kind != WORD:
            break
        words.append(token.lower)
        index -= 1
    return " ".join(reversed(words))


def _name_after_role(
    text: str, tokens: list[Token], first: int, role: str, cues: SpeechCues
) -> SpeakerMention | None:
    """The name written right after a lower-case role noun, with that role."""
    if first >= len(tokens) or not tokens[first].capitalized:
        return None
    stop = _run_stop(tokens, first, cues)
    if stop < 0:
        return None
    named = _name_mention(text, tokens, first, stop, cues)
    if named is None or named.kind != NAME or named.organization:
        return None
    return SpeakerMention(NAME, named.text, named.start, named.end, name=named.name, role=role)


def mention_after(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The speaker written right after a speech verb: "said Caddell", "kata diplomat itu"."""
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind != WORD and not _is_run_token(tokens, index, cues):
        return None
    if token.lower in cues.pronouns:
        return SpeakerMention(PRONOUN, token.text, token.start, token.end)
    # A lower-case particle ("selon la ministre") starts no name, nor a capitalised
    # determiner before a lower-case word ("La présidente du groupe").
    if (
        _is_run_token(tokens, index, cues)
        and (token.kind != WORD or token.capitalized)
        and not _determiner_opening(tokens, index, cues)
    ):
        return _name_run_after(text, tokens, index, cues)
    if (
        token.lower in cues.anaphora_before
        and index + 1 < len(tokens)
        and _is_run_token(tokens, index + 1, cues)
    ):
        stop = _run_stop(tokens, index + 1, cues)
        if stop < 0:
            return None
        if not (stop < len(tokens) and _role_ending_at(tokens, stop, cues)):
            return _name_mention(
                text, tokens, index + 1, stop, cues
            )  # "said the Rev. Peter Wherry"
    return _role_or_group_after(text, tokens, index, cues)


def _determiner_opening(tokens: list[Token], index: int, cues: SpeechCues) -> bool:
    """`tokens[index]` is a determiner opening a phrase of lower-case words ("La présidente
    du groupe"), not the first word of a name ("Le Pen")."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        tokens[index].lower in cues.anaphora_before
        and following is not None
        and following.kind == WORD
        and not following.capitalized
    )


def _name_run_after(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The name in the run of name tokens from `tokens[index]`, or the role a name there owns
    ("said Clinton's spokesman")."""
    stop = _run_stop(tokens, index, cues)
    if stop < 0:
        return None
    if _possessive(tokens, stop - 1):
        return _role_owned_after(text, tokens, stop - 1, cues)
    return _name_mention(text, tokens, index, stop, cues)


def _role_or_group_after(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    """A role or a group in the few words from `tokens[index]`: "said the senator", "said the
    New York businessman", "kata diplomat tersebut", "said some analysts"."""
    stop = index
    while stop < len(tokens) and stop - index < 6 and tokens[stop].kind == WORD:
        stop += 1
    described = _described_name_after(text, tokens, index, stop, cues)
    if described is not None:
        return described
    role = _role_after(text, tokens, index, stop, cues)
    if role is not None and role.kind == NAME:
        return role
    group_end = _group_ahead(tokens, index, stop, cues) if role is None else -1
    if group_end >= 0:
        phrase, begin, end = _span_text(text, tokens, index, group_end)
        role = SpeakerMention(GROUP, phrase, begin, end)
    if role is not None:
        after_role = _index_after(tokens, role.end, index)
        comma = after_role if after_role == stop else _body_complement_end(tokens, after_role, cues)
        # "said a spokeswoman for Acme, Jo Berg", "disse o presidente do Banco Central, Gabriel
        # Galípolo": the name after the comma holds the role.
        named = _comma_name(text, tokens, comma, cues) if comma is not None else None
        if named is not None:
            return replace(named, role=role.text.lower())
    return role


def _body_complement_end(tokens: list[Token], first: int, cues: SpeechCues) -> int | None:
    """Index of the comma that ends the body a role belongs to, written from `tokens[first]`:
    "del Banco de España,", "dell'Inps,", "of the Federal Reserve,"; None when no such body
    (a capitalised word after a function word) ends at a comma there."""
    named = False
    for index in range(first, min(len(tokens), first + _COMPLEMENT_TOKENS)):
        token = tokens[index]
        if token.text == ",":
            return index if named else None
        if token.kind != WORD:
            return None
        elided = _elided_capital(token)
        if token.capitalized or elided:
            if index == first and not elided:
                return None  # a name right after the role is the role's own: handled before
            named = True
        elif not role_joiner(token.lower, cues):
            return None
    return None


def _elided_capital(token: Token) -> bool:
    """A function word elided onto a capitalised word: "dell'Inps", "d’Italie"."""
    for apostrophe in _APOSTROPHES:
        head, found, tail = token.text.rpartition(apostrophe)
        if found and head and tail[:1].isupper():
            return True
    return False


def _described_name_after(
    text: str, tokens: list[Token], index: int, stop: int, cues: SpeechCues
) -> SpeakerMention | None:
    """A name after an article and a few lower-case words that end the clause: "said a
    grinning Ruiz.", "said the ever-cautious Moss,"; not "said the New York businessman"."""
    if tokens[index].lower not in cues.anaphora_before and tokens[index].lower not in ("a", "an"):
        return None
    first = index + 1
    while first < stop and not tokens[first].capitalized:
        lower = tokens[first].lower
        if lower in cues.function_words or lower in cues.role_nouns or lower in cues.groups:
            return None
        first += 1
    if first == index + 1 or first >= stop or first - index > 3:
        return None
    last = _run_stop(tokens, first, cues)
    if last < 0 or (last < len(tokens) and tokens[last].text not in _CLAUSE_ENDS):
        return None
    named = _name_mention(text, tokens, first, last, cues)
    if named is None or named.kind != NAME or named.organization:
        return None
    return named


def _comma_name(
    text: str, tokens: list[Token], comma: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The personal name written after the comma at `tokens[comma]`, of two words or ending its
    clause ("..., Yakup Hasibuan, di", "..., Berg."), or None."""
    if comma + 1 >= len(tokens) or tokens[comma].text != ",":
        return None
    after = tokens[comma + 1]
    if not after.capitalized or after.lower in cues.function_words:
        return None
    stop = _run_stop(tokens, comma + 1, cues)
    if stop < 0:
        return None
    named = _name_mention(text, tokens, comma + 1, stop, cues)
    if named is None or named.kind != NAME or named.organization:
        return None
    closed = stop >= len(tokens) or tokens[stop].text in _CLAUSE_ENDS
    return named if len(named.name) >= 2 or closed else None


def _role_after(
    text: str, tokens: list[Token], index: int, stop: int, cues: SpeechCues
) -> SpeakerMention | None:
    """The longest role phrase from `tokens[index]` to before `tokens[stop]` that a determiner
    marks ("the senator", "diplomat tersebut"), with the name written after it if any."""
    opening = tokens[index].lower
    for last in range(stop - 1, index - 1, -1):
        role = _role_ending_at(tokens, last, cues)
        if not role:
            continue
        following = tokens[last + 1].lower if last + 1 < len(tokens) else ""
        if opening not in cues.anaphora_before and following not in cues.anaphora_after:
            # No determiner: a name right after the role still makes it one ("kata hakim Ni
            # Luh Suastini", "said agency director Karen Moss"); else a shorter phrase may.
            named = _name_after_role(text, tokens, last + 1, role, cues)
            if named is not None and (len(named.name) >= 2 or role.split()[0] in cues.titles):
                return _apposed_name(text, tokens, named, last + 1, cues)
            if last + 1 - index == len(role.split()) and (
                last + 1 >= len(tokens) or tokens[last + 1].text in _CLAUSE_ENDS
            ):
                # "lanjut jaksa.": the role alone ends the clause, as a determiner would.
                phrase, begin, end = _span_text(text, tokens, index, last)
                return SpeakerMention(ROLE, phrase, begin, end, role=role)
            continue
        named = _name_after_role(text, tokens, last + 1, role, cues)
        if named is not None:
            # "dijo el presidente Gustavo Petro", "a déclaré le ministre Dupont"
            return _apposed_name(text, tokens, named, last + 1, cues)
        end_index = last + 1 if following in cues.anaphora_after else last
        phrase, begin, end = _span_text(text, tokens, index, end_index)
        return SpeakerMention(ROLE, phrase, begin, end, role=role)
    return None


def _apposed_name(
    text: str, tokens: list[Token], named: SpeakerMention, first: int, cues: SpeechCues
) -> SpeakerMention:
    """The name after a comma when the role's name is whose role it is ("kata pengacara
    Jokowi, Yakup Hasibuan,"): the person written after the comma holds the role."""
    apposed = _comma_name(text, tokens, _index_after(tokens, named.end, first), cues)
    if apposed is None:
        return named
    return replace(apposed, role=f"{named.role} {' '.join(named.name).lower()}".strip())


def _index_after(tokens: list[Token], position: int, index: int) -> int:
    """Index of the first token from `tokens[index]` on that starts at `position` or later."""
    while index < len(tokens) and tokens[index].start < position:
        index += 1
    return index


def mention_after_description(
    text: str, tokens: list[Token], index: int, cues: SpeechCues
) -> SpeakerMention | None:
    """A name after a short lower-case description, ending the clause: "said 9/11 widow Terry
    Strada.", "said longtime aide Huma Abedin,". Words of the pack's function lists ("said at
    a rally in Ohio") end the description."""
    stop = min(len(tokens), index + _DESCRIPTION_TOKENS)
    first = index
    while first < stop:
        token = tokens[first]
        if token.capitalized:
            break
        if token.kind == WORD:
            if token.lower in cues.function_words or token.lower in cues.pronouns:
                return None
        elif token.text not in _DESCRIPTION_PUNCT:
            return None
        first += 1
    if first == index or first >= stop:
        return None
    last = _run_stop(tokens, first, cues)
    if last < 0 or (last < len(tokens) and tokens[last].text not in _CLAUSE_ENDS):
        return None
    named = _name_mention(text, tokens, first, last, cues)
    if named is None or named.kind != NAME or named.organization:
        return None
    role = " ".join(token.lower for token in tokens[index:first] if token.kind == WORD)
    return SpeakerMention(NAME, named.text, named.start, named.end, name=named.name, role=role)
