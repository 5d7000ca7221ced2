"""Bulk synthetic data for the scale benchmarks: publications, speakers, articles, their
extraction state, quotes and numeric claims, loaded with COPY FROM STDIN.

    data = scale_data_ensure(ScaleSizes(articles=100_000, candidates=2_000_000), write=print)

The text is generated first and the spans are picked inside it, so every candidate holds the
words at its offsets (the statement-level span triggers check each COPY). Nothing that guards
data is turned off: constraints, foreign keys and triggers all run. After the load the tables
are vacuumed and analysed, as autovacuum would do soon after a bulk load (the machine's
server may run with autovacuum off, which would leave the planner blind).

A database is written only when it holds no articles, speakers or candidates, or was made by
this module: a JSON marker in the database's comment records the sizes loaded and whether
the load completed. A completed load of the same sizes is reused as it is; any other
benchmark database is emptied and loaded again. A database with data of its own is refused.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import psycopg
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from psycopg import sql

from claims.extraction.engine import EXTRACTOR_VERSION
from claims.models import NumericClaim, Quote, Speaker, speaker_name_key
from sources.models import Article, Publication

MARKER_MADE_BY = "factdb benchmarks.scale_data"
BENCH_USERNAME = "bench-editor"
_BATCH_ARTICLES = 1_000  # articles (with their candidates) per transaction
OLDER_EXTRACTOR_VERSION = "0.1.0"
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_SPAN_DAYS = 700  # articles are spread over the two years after _EPOCH

Write = Callable[[str], Any]


class ScaleDataRefused(Exception):
    """The database holds data this module did not make: it is left alone."""


@dataclass(frozen=True, slots=True)
class ScaleSizes:
    articles: int = 100_000
    candidates: int = 2_000_000  # quotes and numeric claims, the big article's included
    big_article_candidates: int = 5_000
    quotes: int | None = None  # of the candidates; default: as the writer draws (about 45 %)
    speakers: int | None = None  # default: one per hundred candidates, at least ten
    publications: int = 36
    seed: int = 1

    def speaker_count(self) -> int:
        return self.speakers if self.speakers is not None else max(10, self.candidates // 100)

    def problems(self) -> list[str]:
        found = []
        if self.articles < 2:
            found.append("--articles must be at least 2 (one of them is the big article)")
        if self.big_article_candidates < 1:
            found.append("--big-article-candidates must be at least 1")
        if self.candidates < self.big_article_candidates:
            found.append("--candidates must be at least --big-article-candidates")
        if self.quotes is not None and not 0 <= self.quotes <= self.candidates:
            found.append("--quotes must be between 0 and the number of candidates")
        if self.speaker_count() < 2 or self.publications < 1:
            found.append("--speakers must be at least 2 and publications at least 1")
        return found

    def quote_share(self) -> float:
        """The chance that a candidate placed in the text is a quote rather than a figure."""
        return 0.45 if self.quotes is None else self.quotes / max(1, self.candidates)

    @classmethod
    def of_counts(cls, *, quotes: int, claims: int, **others: Any) -> ScaleSizes:
        """Sizes given as quotes and numeric claims instead of their total."""
        return cls(candidates=quotes + claims, quotes=quotes, **others)

    def as_marker(self) -> dict[str, int]:
        # Without an unset quote count, so markers of loads made before it existed still match.
        marker = {**asdict(self), "speakers": self.speaker_count()}
        if self.quotes is None:
            del marker["quotes"]
        return marker


@dataclass(frozen=True, slots=True)
class ScaleData:
    """What was loaded, and the records a benchmark needs to address."""

    database: str
    sizes: dict[str, int]
    big_article_id: int
    sample_article_id: int
    busiest_speaker_id: int
    big_article_quote_id: int
    editor_id: int
    load_seconds: float | None  # None: an earlier load of the same sizes was reused
    counts: dict[str, int] = field(default_factory=dict)


# --- the languages the text looks like ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Language:
    code: str
    country: str
    common: str  # frequent words, so a text reads as the language at a glance
    syllables: str  # for made-up content words
    said: tuple[str, ...]
    decimal_comma: bool
    thousands: str
    units: tuple[tuple[str, str], ...]  # (word after the number, unit stored)
    money: tuple[str, str, tuple[tuple[str, int], ...]]  # ({n} {scale} template, unit, scales)
    more_than: str
    about: str
    between: str  # "{a} ... {b}"
    given_names: str
    cities: str
    roles: str


_LANGUAGES = (
    _Language(
        "id", "ID",
        "yang dan di ke dari untuk dengan pada ini itu tidak akan juga sudah telah dalam oleh "
        "karena bahwa tahun pemerintah warga kota menurut lebih masih bisa harus baru para",
        "ba be bi ka ke ku ma me mu na ne ni pa pe ra ri sa se si ta te ti la lu ga ngan kan "
        "lah an ang ar",
        ("kata", "ujar", "ucap", "tutur"), True, ".",
        (("persen", "percent"), ("orang", "count"), ("ton", "t"), ("kilometer", "km")),
        ("Rp{n} {scale}", "IDR", (("juta", 10**6), ("miliar", 10**9), ("triliun", 10**12))),
        "lebih dari", "sekitar", "antara {a} hingga {b}",
        "Budi Siti Agus Dewi Rina Joko Sri Bambang Yudi Wahyu Ratna Hendra Indah Fajar Putri "
        "Andi Nur Eko Lestari Teguh",
        "Jakarta Surabaya Bandung Medan Makassar Semarang Padang Denpasar",
        "Menteri Keuangan|Gubernur|juru bicara|Kepala Dinas Kesehatan|anggota DPR|Bupati",
    ),
    _Language(
        "en", "GB",
        "the of and to in that for on with as was by it from at this be has have are not more "
        "than year government city people after over new",
        "ton ber ing ham ley ford son der man wick ash el ric bur shaw well wood",
        ("said", "told reporters", "added"), False, ",",
        (("percent", "percent"), ("people", "count"), ("tonnes", "t"), ("miles", "mi")),
        ("${n} {scale}", "USD", (("million", 10**6), ("billion", 10**9))),
        "more than", "about", "between {a} and {b}",
        "James Mary John Sarah David Emma Michael Olivia Peter Grace Thomas Alice Daniel Laura "
        "Mark Helen Paul Ruth Simon Jane",
        "London Manchester Leeds Glasgow Bristol Cardiff Belfast York",
        "Chancellor|minister|spokesperson|chief executive|MP|mayor",
    ),
    _Language(
        "es", "ES",
        "el la de que y en los las del se por un una con para es al lo como más año gobierno "
        "ciudad según también pero",
        "ca ño ra mi go ta lle do ri sa ve ná zó bre cio",
        ("dijo", "afirmó", "señaló"), True, ".",
        (("por ciento", "percent"), ("personas", "count"), ("toneladas", "t"),
         ("kilómetros", "km")),
        ("{n} {scale} de dólares", "USD", (("millones", 10**6), ("mil millones", 10**9))),
        "más de", "alrededor de", "entre {a} y {b}",
        "José María Juan Carmen Luis Ana Carlos Lucía Javier Elena Miguel Sofía Pedro Laura "
        "Jorge Marta Pablo Isabel Diego Paula",
        "Madrid Barcelona Sevilla Valencia Bilbao Málaga Zaragoza Murcia",
        "ministra|alcalde|portavoz|presidente regional|diputado|consejera",
    ),
    _Language(
        "fr", "FR",
        "le la les de des et en un une du que qui dans pour pas sur au plus par avec année "
        "gouvernement ville selon été aussi",
        "ba lé ri mon tou ché va ron é que çon beau lieu vil",
        ("a déclaré", "a affirmé", "a ajouté"), True, "\u202f",
        (("pour cent", "percent"), ("personnes", "count"), ("tonnes", "t"),
         ("kilomètres", "km")),
        ("{n} {scale} d'euros", "EUR", (("millions", 10**6), ("milliards", 10**9))),
        "plus de", "environ", "entre {a} et {b}",
        "Jean Marie Pierre Camille Louis Chloé Michel Léa Nicolas Manon Éric Inès François "
        "Julie Antoine Claire Hugo Anaïs Paul Sophie",
        "Paris Lyon Marseille Toulouse Lille Nantes Bordeaux Strasbourg",
        "ministre|maire|porte-parole|préfet|député|présidente de région",
    ),
    _Language(
        "de", "DE",
        "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch "
        "es an werden aus hat dass Jahr Regierung Stadt laut über",
        "berg mann stein ha rüb ße lin dorf wal ke ü bach hau sen",
        ("sagte", "erklärte", "betonte"), True, ".",
        (("Prozent", "percent"), ("Menschen", "count"), ("Tonnen", "t"),
         ("Kilometer", "km")),
        ("{n} {scale} Euro", "EUR", (("Millionen", 10**6), ("Milliarden", 10**9))),
        "mehr als", "rund", "zwischen {a} und {b}",
        "Hans Anna Peter Julia Thomas Lena Michael Sophie Andreas Laura Stefan Marie Jürgen "
        "Katrin Klaus Sabine Uwe Jana Jörg Ute",
        "Berlin Hamburg München Köln Frankfurt Stuttgart Leipzig Dresden",
        "Ministerin|Bürgermeister|Sprecher|Landrat|Abgeordnete|Vorsitzender",
    ),
    _Language(
        "pt", "BR",
        "o a de que e do da em um para com não uma os no se na por mais as dos como mas ao "
        "ano governo cidade segundo também",
        "ção ra lho nha to ma be ri ão sa vei ga ru",
        ("disse", "afirmou", "declarou"), True, ".",
        (("por cento", "percent"), ("pessoas", "count"), ("toneladas", "t"),
         ("quilômetros", "km")),
        ("R${n} {scale}", "BRL", (("milhões", 10**6), ("bilhões", 10**9))),
        "mais de", "cerca de", "entre {a} e {b}",
        "João Maria José Ana Antônio Francisca Carlos Juliana Paulo Márcia Lucas Fernanda "
        "Pedro Patrícia Rafael Aline Marcos Camila Bruno Luana",
        "São Paulo|Rio de Janeiro|Brasília|Salvador|Fortaleza|Recife|Curitiba|Manaus",
        "ministra|prefeito|porta-voz|governador|deputada|secretário",
    ),
    _Language(
        "it", "IT",
        "il di che e la per un in è non una sono le del della con si da anno governo città "
        "secondo più anche ma",
        "ro ma gio ti lla ne cci ra vo sé tà ghe",
        ("ha detto", "ha dichiarato", "ha aggiunto"), True, ".",
        (("per cento", "percent"), ("persone", "count"), ("tonnellate", "t"),
         ("chilometri", "km")),
        ("{n} {scale} di euro", "EUR", (("milioni", 10**6), ("miliardi", 10**9))),
        "più di", "circa", "tra {a} e {b}",
        "Giuseppe Maria Giovanni Anna Antonio Francesca Mario Chiara Luca Giulia Marco Sara "
        "Andrea Elena Paolo Laura Stefano Silvia Matteo Alessia",
        "Roma Milano Napoli Torino Palermo Genova Bologna Firenze",
        "ministra|sindaco|portavoce|assessore|senatrice|presidente",
    ),
)  # fmt: skip
_LANGUAGE_WEIGHTS = (40, 25, 10, 8, 7, 6, 4)  # a newsroom reading mostly Indonesian and English
_EMOJI = ("📈", "🙂", "🇮🇩", "𝕏")  # outside the BMP: offsets count code points, not UTF-16


@dataclass(slots=True)
class _Vocabulary:
    """One language's ready-made pieces, drawn once; articles are assembled from them."""

    language: _Language
    sentences: list[str]
    quotes: list[str]
    figure_before: list[str]
    figure_after: list[str]
    subjects: list[str]
    cities: list[str]
    roles: list[str]
    rare: list[str]  # words a quote may end with, each in a few dozen quotes: selective search


def _vocabulary(language: _Language, rng: random.Random, pool: int) -> _Vocabulary:
    common = language.common.split()
    syllables = language.syllables.split()
    made_up = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(1_500)}
    )

    def words(low: int, high: int) -> list[str]:
        return [
            rng.choice(common) if rng.random() < 0.4 else rng.choice(made_up)
            for _ in range(rng.randint(low, high))
        ]

    def sentence(low: int, high: int) -> str:
        chosen = words(low, high)
        return " ".join([chosen[0].capitalize(), *chosen[1:]])

    plain = [sentence(8, 22) + "." for _ in range(pool)]
    for index in range(0, pool, 97):  # one sentence in a hundred ends with an emoji
        plain[index] = plain[index][:-1] + " " + _EMOJI[index % len(_EMOJI)] + "."
    separator = "|" if "|" in language.cities else " "
    return _Vocabulary(
        language=language,
        sentences=plain,
        quotes=[sentence(6, 25) for _ in range(pool)],
        figure_before=[sentence(3, 10) for _ in range(pool)],
        figure_after=[" ".join(words(2, 8)) for _ in range(pool)],
        subjects=[" ".join(words(1, 3)) for _ in range(pool // 4)],
        cities=language.cities.split(separator),
        roles=language.roles.split("|"),
        rare=sorted(
            {
                "".join(rng.choice(syllables) for _ in range(rng.randint(4, 6)))
                for _ in range(pool * 4)
            }
        ),
    )


# --- speakers ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Speaker:
    id: int
    name: str
    aliases: tuple[str, ...]
    language: int  # index into _LANGUAGES
    merged_into: int | None


def _speakers(count: int, first_id: int, rng: random.Random) -> list[_Speaker]:
    """`count` speakers with distinct names across the languages; one in a hundred merged."""
    names: dict[str, int] = {}
    family_pools = []
    for language in _LANGUAGES:
        syllables = language.syllables.split()
        family_pools.append(
            sorted(
                {
                    "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(400)
                }
            )
        )
    attempts = 0
    while len(names) < count:
        attempts += 1
        index = rng.choices(range(len(_LANGUAGES)), weights=_LANGUAGE_WEIGHTS)[0]
        given = rng.choice(_LANGUAGES[index].given_names.split())
        family = rng.choice(family_pools[index])
        name = f"{given} {family}" if attempts < count * 20 else f"{given} {family} {attempts}"
        names.setdefault(name, index)
    speakers = []
    for number, (name, index) in enumerate(names.items()):
        given, family = name.split(" ", 1)
        aliases = (family, f"{given[0]}. {family}") if rng.random() < 0.7 else ()
        merged = None
        if number % 100 == 99:  # merged into an earlier, surviving speaker
            merged = first_id + rng.randrange(0, number - 1)
            while (merged - first_id) % 100 == 99:
                merged -= 1
        speakers.append(_Speaker(first_id + number, name, aliases, index, merged))
    return speakers


# --- articles and the spans in them -----------------------------------------------------


class _QuoteSpan(NamedTuple):
    start: int
    end: int
    words: str
    speaker: int | None
    mention: str
    kind: str


class _ClaimSpan(NamedTuple):
    start: int
    end: int
    surface: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    subject: str
    period: str
    kind: str
    speaker: int | None


@dataclass(slots=True)
class _Article:
    text: str
    title: str
    language: int
    quotes: list[_QuoteSpan]
    claims: list[_ClaimSpan]


class _ArticleWriter:
    """Assembles articles from the vocabularies, remembering where each quote and figure is."""

    def __init__(
        self,
        speakers: Sequence[_Speaker],
        rng: random.Random,
        pool: int,
        *,
        quote_share: float = 0.45,
    ) -> None:
        self.rng = rng
        self.quote_share = quote_share
        self.vocabularies = [_vocabulary(language, rng, pool) for language in _LANGUAGES]
        self.quoted = [s for s in speakers if s.merged_into is None]  # merges moved the quotes

    def article(self, number: int, salt: str, candidates: int, *, transcript: bool) -> _Article:
        rng = self.rng
        index = rng.choices(range(len(_LANGUAGES)), weights=_LANGUAGE_WEIGHTS)[0]
        vocabulary = self.vocabularies[index]
        length = rng.randint(2_000, 6_000)
        parts = [f"{rng.choice(vocabulary.cities).upper()} — "]
        position = len(parts[0])
        quotes: list[_QuoteSpan] = []
        claims: list[_ClaimSpan] = []
        in_paragraph = 0
        while position < length or len(quotes) + len(claims) < candidates:
            need = candidates - len(quotes) - len(claims)
            left = max(1, (length - position) // 110)
            chance = 1.0 if transcript else min(1.0, max(0.3, need / left))
            if rng.random() >= chance:
                piece = rng.choice(vocabulary.sentences)
            elif rng.random() < self.quote_share:
                piece = self._quote(vocabulary, position, quotes)
            else:
                piece = self._figure(vocabulary, position, claims)
            in_paragraph += 1
            if in_paragraph >= rng.randint(3, 5):
                piece += "\n"
                in_paragraph = 0
            else:
                piece += " "
            parts.append(piece)
            position += len(piece)
        footer = f"\n({salt}-{number})"
        text = "".join(parts).rstrip() + footer
        if len(quotes) + len(claims) > candidates:  # an engine finds some of them only
            kept = set(rng.sample(range(len(quotes) + len(claims)), candidates))
            claims = [c for i, c in enumerate(claims, len(quotes)) if i in kept]
            quotes = [q for i, q in enumerate(quotes) if i in kept]
        title = rng.choice(vocabulary.sentences)[:90].rstrip(" .")
        return _Article(text, title, index, quotes, claims)

    def _quote(self, vocabulary: _Vocabulary, position: int, out: list[_QuoteSpan]) -> str:
        rng = self.rng
        words = rng.choice(vocabulary.quotes)
        if rng.random() < 0.5:  # the sentence pool repeats; a rare word makes a quote findable
            words = f"{words} {rng.choice(vocabulary.rare)}"
        said = rng.choice(vocabulary.language.said)
        speaker: _Speaker | None = None
        if rng.random() < 0.85:
            # A few speakers are quoted very often, most rarely, as in the news.
            speaker = self.quoted[int(len(self.quoted) * rng.random() ** 3)]
            use_alias = speaker.aliases and rng.random() < 0.3
            mention = rng.choice(speaker.aliases) if use_alias else speaker.name
        else:
            mention = ""
        who = mention or rng.choice(vocabulary.roles)
        speaker_id = speaker.id if speaker else None
        if rng.random() < 0.8:
            start = position + 1
            out.append(_QuoteSpan(start, start + len(words), words, speaker_id, mention, "direct"))
            return f"“{words},” {said} {who}."
        before = rng.choice(vocabulary.figure_before)
        start = position + len(before) + 2
        out.append(_QuoteSpan(start, start + len(words), words, speaker_id, mention, "partial"))
        return f"{before} “{words}”, {said} {who}."

    def _figure(self, vocabulary: _Vocabulary, position: int, out: list[_ClaimSpan]) -> str:
        rng = self.rng
        language = vocabulary.language
        surface, value, value_max, unit, qualifier = _figure_written(language, rng)
        before = rng.choice(vocabulary.figure_before)
        after = rng.choice(vocabulary.figure_after)
        start = position + len(before) + 1
        subject = rng.choice(vocabulary.subjects) if rng.random() < 0.6 else ""
        period = rng.choice(("2023", "2024", "2024-01/2024-09", "", "", "2025"))
        kind = rng.choice(("actual", "actual", "actual", "target", "forecast", ""))
        speaker = self.quoted[int(len(self.quoted) * rng.random() ** 3)].id
        end = start + len(surface)
        out.append(
            _ClaimSpan(start, end, surface, value, value_max, unit, qualifier, subject, period,
                       kind, speaker if rng.random() < 0.2 else None)
        )  # fmt: skip
        return f"{before} {surface} {after}."


def _number_written(value: Decimal, language: _Language, decimals: int) -> str:
    whole, _, fraction = f"{value:,.{decimals}f}".partition(".")
    whole = whole.replace(",", language.thousands)
    if not fraction:
        return whole
    return whole + ("," if language.decimal_comma else ".") + fraction


def _figure_written(
    language: _Language, rng: random.Random
) -> tuple[str, Decimal, Decimal | None, str, str]:
    """A figure as the language writes it: (surface, value, value_max, unit, qualifier)."""
    roll = rng.random()
    if roll < 0.3:  # money with a scale word
        template, unit, scales = language.money
        scale_word, scale = rng.choice(scales)
        amount = Decimal(rng.randint(10, 9_999)) / 10
        written = template.format(n=_number_written(amount, language, 1), scale=scale_word)
        if rng.random() < 0.2:
            return f"{language.more_than} {written}", amount * scale, None, unit, "more_than"
        return written, amount * scale, None, unit, "exact"
    word, unit = rng.choice(language.units)
    if unit == "percent":
        low = Decimal(rng.randint(1, 999)) / 10
        decimals = 1
    else:
        low = Decimal(rng.randint(10, 90_000))
        decimals = 0
    number = _number_written(low, language, decimals)
    if roll < 0.4:
        high = low + Decimal(rng.randint(1, 50))
        upper = _number_written(high, language, decimals)
        written = language.between.format(a=number, b=upper) + f" {word}"
        return written, low, high, unit, "range"
    if roll < 0.5:
        return f"{language.more_than} {number} {word}", low, None, unit, "more_than"
    if roll < 0.6:
        return f"{language.about} {number} {word}", low, None, unit, "approximate"
    return f"{number} {word}", low, None, unit, "exact"


# --- COPY text format -------------------------------------------------------------------


def _text(value: str) -> str:
    """A value in COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _array(values: Sequence[str]) -> str:
    inner = ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return _text("{" + inner + "}")


def _nullable(value: object) -> str:
    return "\\N" if value is None else str(value)


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def _copy(table: str, columns: Sequence[str], lines: Iterator[str] | list[str]) -> None:
    """COPY the lines (tab-separated, newline-ended) into `table`, in chunks of a few MB."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        chunk: list[str] = []
        size = 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size > 4_000_000:
                copy.write("".join(chunk).encode())
                chunk, size = [], 0
        if chunk:
            copy.write("".join(chunk).encode())


_ARTICLE_COLUMNS = (
    "id", "publication_id", "canonical_url", "original_url", "title", "byline", "published_at",
    "language", "text", "content_hash", "simhash", "simhash_band0", "simhash_band1",
    "simhash_band2", "simhash_band3", "created_at", "updated_at",
)  # fmt: skip
_EXTRACTION_COLUMNS = (
    "article_id", "status", "attempts", "last_error", "extractor_version", "queued_at",
    "claimed_at", "extracted_at", "updated_at",
)  # fmt: skip
_CANDIDATE_COLUMNS = (
    "article_id", "speaker_id", "speaker_mention", "start", "end", "found_start", "found_end",
    "confidence", "language", "extractor_version", "status", "reviewer_id", "reviewed_at",
    "created_at", "updated_at", "version",
)  # fmt: skip
_QUOTE_COLUMNS = (*_CANDIDATE_COLUMNS, "text", "kind")
_CLAIM_COLUMNS = (
    *_CANDIDATE_COLUMNS, "surface", "value", "value_max", "unit", "qualifier", "subject",
    "period", "kind",
)  # fmt: skip
_SPEAKER_COLUMNS = (
    "id", "name", "name_key", "aliases", "role", "role_seen_at", "organisation", "country",
    "wikidata_id", "merged_into_id", "created_at", "updated_at", "version",
)  # fmt: skip


# --- the database: its marker, its guard, the load ---------------------------------------


def _content_tables() -> list[str]:
    """Every table of the sources and claims apps (their history tables included)."""
    models = [
        *apps.get_app_config("sources").get_models(),
        *apps.get_app_config("claims").get_models(),
    ]
    return sorted({model._meta.db_table for model in models})


def database_name() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        return str(cursor.fetchone()[0])


def marker_read() -> dict[str, Any] | None:
    """The benchmark's marker on the current database, if this module made it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    try:
        marker = json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None
    return marker if isinstance(marker, dict) and marker.get("made_by") == MARKER_MADE_BY else None


def _marker_write(marker: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}")
            .format(sql.Identifier(database_name()), sql.Literal(json.dumps(marker)))
            .as_string(connection.connection)
        )


def foreign_data() -> dict[str, int]:
    """Rows in the database's editorial tables, by table, when none of it is the benchmark's:
    articles, publications, speakers, quotes, claims. Empty when it is safe to write."""
    if marker_read() is not None:
        return {}
    existing = set(connection.introspection.table_names())
    found = {}
    for model in (Article, Publication, Speaker, Quote, NumericClaim):
        table = model._meta.db_table
        if table not in existing:
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT 1000) AS sample")
                .format(sql.Identifier(table))
                .as_string(connection.connection)
            )
            rows = int(cursor.fetchone()[0])
        if rows:
            found[model._meta.verbose_name_plural.__str__()] = rows
    return found


def scale_data_ensure(sizes: ScaleSizes, *, write: Write, reload: bool = False) -> ScaleData:
    """The data of `sizes` in the current database: reused when a completed load of the same
    sizes is there (unless `reload`), else loaded afresh. Raises ScaleDataRefused when the
    database holds data of its own."""
    name = database_name()
    foreign = foreign_data()
    if foreign:
        held = ", ".join(
            f"{count:,}{'+' * (count >= 1000)} {what}" for what, count in foreign.items()
        )
        raise ScaleDataRefused(
            f"database {name!r} holds data this benchmark did not make ({held}): refusing to "
            "write into it. Give the benchmark a database of its own (--database NAME creates "
            "it on the same server) or point DATABASE_URL at an empty database."
        )
    call_command("migrate", interactive=False, verbosity=0)
    marker = marker_read()
    same = marker is not None and marker.get("sizes") == sizes.as_marker()
    if marker and marker.get("complete") and same and not reload:
        loaded_at = marker["loaded_at"]
        write(f"database {name!r}: reusing the benchmark data loaded at {loaded_at} (--reload)")
        return _data_from_marker(name, marker, load_seconds=None)
    state = "made by this benchmark, emptied and loaded again" if marker else "empty"
    write(f"database {name!r} is {state}: loading {_sizes_said(sizes)} …")
    _marker_write({"made_by": MARKER_MADE_BY, "complete": False, "sizes": sizes.as_marker()})
    started = time.perf_counter()
    if marker:
        _tables_empty()
    loaded = _load(sizes, write)
    seconds = time.perf_counter() - started
    marker = {
        "made_by": MARKER_MADE_BY,
        "complete": True,
        "sizes": sizes.as_marker(),
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_seconds": round(seconds, 1),
        **loaded,
    }
    _marker_write(marker)
    write(f"loaded in {seconds:.1f} s")
    return _data_from_marker(name, marker, load_seconds=seconds)


def _sizes_said(sizes: ScaleSizes) -> str:
    return (
        f"{sizes.articles:,} articles, {sizes.candidates:,} candidates (one article with "
        f"{sizes.big_article_candidates:,}), {sizes.speaker_count():,} speakers, "
        f"{sizes.publications} publications"
    )


def _data_from_marker(
    name: str, marker: dict[str, Any], *, load_seconds: float | None
) -> ScaleData:
    return ScaleData(
        database=name,
        sizes=marker["sizes"],
        big_article_id=marker["big_article_id"],
        sample_article_id=marker["sample_article_id"],
        busiest_speaker_id=marker["busiest_speaker_id"],
        big_article_quote_id=marker["big_article_quote_id"],
        editor_id=_editor_ensure(),
        load_seconds=load_seconds,
        counts=marker.get("counts", {}),
    )


def _tables_empty() -> None:
    tables = sql.SQL(", ").join(sql.Identifier(t) for t in _content_tables())
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # a test's: the load's deferred key checks are due
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE")
            .format(tables)
            .as_string(connection.connection)
        )


def _editor_ensure() -> int:
    """The benchmark's editor: staff, in the editor group (migration claims 0007)."""
    user, _ = User.objects.get_or_create(username=BENCH_USERNAME, defaults={"is_staff": True})
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="editor"))
    return user.pk


def _id_block(model: type[Any], count: int) -> int:
    """Reserve `count` ids of `model`'s identity column; return the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f"(SELECT coalesce(max(id), 0) FROM {connection.ops.quote_name(table)}) + %s)",
            [table, count],
        )
        last = int(cursor.fetchone()[0])
    return last - count + 1


def _load(sizes: ScaleSizes, write: Write) -> dict[str, Any]:
    rng = random.Random(sizes.seed)
    editor = _editor_ensure()
    publications = _publications_load(sizes.publications)
    speakers = _speakers(sizes.speaker_count(), _id_block(Speaker, sizes.speaker_count()), rng)
    with transaction.atomic():
        _copy(Speaker._meta.db_table, _SPEAKER_COLUMNS, _speaker_lines(speakers, rng))
    writer = _ArticleWriter(speakers, rng, pool=3_000, quote_share=sizes.quote_share())
    first_article = _id_block(Article, sizes.articles)
    big_index = sizes.articles // 2
    per_article = _candidates_per_article(sizes, rng)
    salt = f"s{sizes.seed}"
    started = time.perf_counter()
    totals = {"quotes": 0, "numeric_claims": 0, "text_characters": 0}
    tenths_said = 0
    for batch_start in range(0, sizes.articles, _BATCH_ARTICLES):
        numbers = range(batch_start, min(sizes.articles, batch_start + _BATCH_ARTICLES))
        articles = [
            writer.article(n, salt, per_article[n], transcript=n == big_index) for n in numbers
        ]
        batch_started = time.perf_counter()
        with transaction.atomic():
            _articles_copy(articles, first_article + batch_start, publications, editor, rng, totals)
        if big_index in numbers:
            # Mostly the span triggers: each candidate's check reads the whole long text again.
            seconds = time.perf_counter() - batch_started
            made = articles[big_index - batch_start]
            found = len(made.quotes) + len(made.claims)
            write(
                f"  the big article ({len(made.text):,} characters, {found:,} candidates) and "
                f"its batch: {seconds:.1f} s"
            )
        done = numbers.stop
        if done * 10 // sizes.articles > tenths_said:
            tenths_said = done * 10 // sizes.articles
            write(
                f"  {done:,}/{sizes.articles:,} articles, "
                f"{totals['quotes'] + totals['numeric_claims']:,} candidates "
                f"({time.perf_counter() - started:.0f} s)"
            )
    _tables_maintain(write)
    big = first_article + big_index
    big_quote = Quote.objects.filter(article_id=big).order_by("start").values_list("id", flat=True)
    busiest = writer.quoted[0].id
    return {
        "big_article_id": big,
        "sample_article_id": first_article + sizes.articles - 1,
        "busiest_speaker_id": busiest,
        "big_article_quote_id": big_quote.first() or 0,
        "counts": {**totals, "articles": sizes.articles, "speakers": len(speakers)},
    }


def _candidates_per_article(sizes: ScaleSizes, rng: random.Random) -> list[int]:
    """How many candidates each article gets: the big one its own number, the others share
    the rest, varying around the mean in pairs so the total is exact."""
    others = sizes.articles - 1
    rest = sizes.candidates - sizes.big_article_candidates
    mean, extra = divmod(rest, others)
    counts = [mean + (1 if n < extra else 0) for n in range(others)]
    for n in range(0, others - 1, 2):
        swing = rng.randint(0, min(counts[n], counts[n + 1]) * 3 // 4)
        counts[n] += swing
        counts[n + 1] -= swing
    counts.insert(sizes.articles // 2, sizes.big_article_candidates)
    return counts


def _publications_load(count: int) -> list[tuple[int, int]]:
    """`count` publications; returns (id, language index) of each."""
    made = []
    for number in range(count):
        index = number % len(_LANGUAGES)
        language = _LANGUAGES[index]
        city = language.cities.split("|" if "|" in language.cities else " ")[number % 3]
        title = ("Daily", "Post", "Times", "Herald", "Tribune", "Courier")[number % 6]
        made.append(
            Publication(
                name=f"{city} {title} {number + 1}",
                domain=f"news{number + 1}.{language.code}.bench.example",
                country=language.country,
                language=language.code,
            )
        )
    created = Publication.objects.bulk_create(made)
    return [(p.pk, i % len(_LANGUAGES)) for i, p in enumerate(created)]


def _speaker_lines(speakers: Sequence[_Speaker], rng: random.Random) -> Iterator[str]:
    created = _timestamp(_EPOCH - timedelta(days=_SPAN_DAYS + 30))
    for speaker in speakers:
        language = _LANGUAGES[speaker.language]
        role = rng.choice(language.roles.split("|")) if rng.random() < 0.6 else ""
        wikidata = f"Q{1_000_000 + speaker.id}" if rng.random() < 0.2 else ""
        yield "\t".join((
            str(speaker.id), _text(speaker.name), _text(speaker_name_key(speaker.name)),
            _array(speaker.aliases), _text(role), "\\N", "", language.country, wikidata,
            _nullable(speaker.merged_into), created, created, "1",
        )) + "\n"  # fmt: skip


def _articles_copy(
    articles: Sequence[_Article],
    first_id: int,
    publications: Sequence[tuple[int, int]],
    editor: int,
    rng: random.Random,
    totals: dict[str, int],
) -> None:
    by_language: dict[int, list[int]] = {}
    for publication, index in publications:
        by_language.setdefault(index, []).append(publication)
    article_lines, extraction_lines, quote_lines, claim_lines = [], [], [], []
    for offset, article in enumerate(articles):
        article_id = first_id + offset
        language = _LANGUAGES[article.language]
        created = _EPOCH + timedelta(
            days=_SPAN_DAYS * (article_id % 100_000) / 100_000, seconds=rng.randint(0, 3_600)
        )
        stamp, later = _timestamp(created), _timestamp(created + timedelta(hours=20))
        simhash = rng.getrandbits(64) - 2**63
        bands = [str((simhash >> (16 * b)) & 0xFFFF) for b in range(4)]
        choices = by_language.get(article.language) or [publications[0][0]]
        publication = choices[article_id % len(choices)]
        digest = hashlib.sha256(article.text.encode()).hexdigest()
        article_lines.append("\t".join((
            str(article_id), str(publication),
            f"https://news.bench.example/{language.code}/{created:%Y/%m}/{article_id}",
            "", _text(article.title), "", _timestamp(created - timedelta(hours=1)),
            language.code, _text(article.text), digest, str(simhash), *bands, stamp, stamp,
        )) + "\n")  # fmt: skip
        version = _extractor_version_of(article_id)
        extraction_lines.append(
            f"{article_id}\textracted\t1\t\t{version}\t{stamp}\t{stamp}\t{stamp}\t{stamp}\n"
        )
        for quote in article.quotes:
            head = _candidate_head(
                article_id, quote, language.code, version, editor, later, stamp, rng
            )
            quote_lines.append(f"{head}\t{_text(quote.words)}\t{quote.kind}\n")
        for claim in article.claims:
            head = _candidate_head(
                article_id, claim, language.code, version, editor, later, stamp, rng
            )
            claim_lines.append("\t".join((
                head, _text(claim.surface), str(claim.value), _nullable(claim.value_max),
                claim.unit, claim.qualifier, _text(claim.subject), claim.period, claim.kind,
            )) + "\n")  # fmt: skip
        totals["text_characters"] += len(article.text)
    _copy(Article._meta.db_table, _ARTICLE_COLUMNS, article_lines)
    _copy("claims_articleextraction", _EXTRACTION_COLUMNS, extraction_lines)
    _copy(Quote._meta.db_table, _QUOTE_COLUMNS, quote_lines)
    _copy(NumericClaim._meta.db_table, _CLAIM_COLUMNS, claim_lines)
    totals["quotes"] += len(quote_lines)
    totals["numeric_claims"] += len(claim_lines)


def _extractor_version_of(article_id: int) -> str:
    """One article in ten was extracted by the previous engine, so that filter has rows."""
    return OLDER_EXTRACTOR_VERSION if article_id % 10 == 0 else EXTRACTOR_VERSION


def _candidate_head(
    article_id: int,
    span: _QuoteSpan | _ClaimSpan,
    language: str,
    version: str,
    editor: int,
    reviewed: str,
    created: str,
    rng: random.Random,
) -> str:
    """The columns every candidate has: mostly candidates, some confirmed or rejected."""
    roll = rng.random()
    status = "candidate" if roll < 0.85 else "confirmed" if roll < 0.95 else "rejected"
    review = ("\\N", "\\N", "1") if status == "candidate" else (str(editor), reviewed, "2")
    mention = span.mention if isinstance(span, _QuoteSpan) else ""
    return "\t".join((
        str(article_id), _nullable(span.speaker), _text(mention), str(span.start),
        str(span.end), str(span.start), str(span.end), f"{0.4 + 0.6 * rng.random():.3f}",
        language, version, status, review[0], review[1], created, created, review[2],
    ))  # fmt: skip


def _tables_maintain(write: Write) -> None:
    """VACUUM ANALYZE what was loaded, as autovacuum would after a bulk load; inside a
    transaction (a test's), ANALYZE alone."""
    tables = [Article, Publication, Speaker, Quote, NumericClaim]
    names = [m._meta.db_table for m in tables] + ["claims_articleextraction"]
    started = time.perf_counter()
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in names:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    write(f"  {command} of the loaded tables: {time.perf_counter() - started:.1f} s")


def database_use(name: str, *, write: Write) -> None:
    """Point Django at database `name` on the configured server, creating it if missing."""
    params = connection.get_connection_params()
    server = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    connection.close()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            write(f"created database {name!r}")
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
