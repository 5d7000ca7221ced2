"""Throughput and memory of the extraction engine on one core, beside quantulum3.

    python -m benchmarks.extraction [--mb 4] [--english-mb 0.5] [--repeat 3] [--json]
                                      [--texts FILE_OR_FOLDER ...]
    python manage.py bench_extract [same options but --texts]

The corpus is built in memory from texts in the repository (the number gold files and the
sample articles), repeated until it reaches the size asked for. The engine (`extract()`) is
timed on the whole corpus and on its English part, the numbers half alone on the whole corpus,
and quantulum3 (`quantulum3.parser.parse`), when installed, on the same English part in the
same run. Memory is traced after N articles and after 2N: flat memory means the second figure
is no larger than the first. The report says which engine ran: compiled with mypyc (what `make`
builds) or pure Python (FACTDB_ENGINE=python, or no current build; see `native`).

`--texts` adds corpora read at run time from outside the repository, such as the news
articles of ../shared/eval/peers/polnear-dev-en.jsonl: JSON lines or JSON files in the gold
format ({"text" or "file", "lang"}), or folders of them. The engine and the numbers half are
timed on each, repeated to the same size; nothing of them is kept.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from claims.extraction import native
from claims.extraction.engine import extract
from claims.extraction.numbers import numeric_claims_find
from claims.extraction.packs import pack_load

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "extraction" / "gold_numbers"
SAMPLES_DIR = ROOT / "samples"

Runner = Callable[[str, str], object]


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class Measure:
    """One tool on one corpus: speed on one core and memory held."""

    tool: str
    corpus: str
    articles: int
    megabytes: float
    seconds: float
    articles_per_second: float
    megabytes_per_second: float
    peak_kb: int
    traced_after_n_kb: int
    traced_after_2n_kb: int
    maxrss_growth_kb: int


def corpus_sources(root: Path = ROOT) -> list[Article]:
    """The distinct texts the corpus is made of: gold files and sample articles."""
    articles: list[Article] = []
    for path in sorted((root / "tests" / "extraction" / "gold_numbers").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        docs = item if isinstance(item, list) else [item]
        articles.extend(Article(doc["text"], doc.get("lang") or "en") for doc in docs)
    for path in sorted((root / "samples").glob("*.txt")):
        lang = path.stem.rsplit("-", 1)[-1] if "-" in path.stem else "en"
        articles.append(Article(path.read_text(encoding="utf-8"), lang))
    return [article for article in articles if article.text.strip()]


def texts_load(path: Path) -> list[Article]:
    """The articles of a JSON lines file, a JSON file or a folder of JSON files."""
    if path.is_dir():
        return [article for child in sorted(path.glob("*.json")) for article in texts_load(child)]
    content = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        docs = [json.loads(line) for line in content.splitlines() if line.strip()]
    else:
        item = json.loads(content)
        docs = item if isinstance(item, list) else [item]
    articles = []
    for doc in docs:
        text = doc.get("text")
        if text is None and doc.get("file"):
            text = (path.parent / doc["file"]).read_text(encoding="utf-8")
        if text and text.strip():
            articles.append(Article(text, doc.get("lang") or "en"))
    return articles


def corpus_build(sources: Sequence[Article], megabytes: float) -> list[Article]:
    """`sources` repeated, in order, until they hold `megabytes` of UTF-8 text."""
    if not sources:
        return []
    wanted = int(megabytes * 1_000_000)
    corpus: list[Article] = []
    size = 0
    while size < wanted:
        for article in sources:
            corpus.append(article)
            size += len(article.text.encode("utf-8"))
            if size >= wanted:
                break
    return corpus


def _megabytes(articles: Sequence[Article]) -> float:
    return sum(len(article.text.encode("utf-8")) for article in articles) / 1_000_000


def _maxrss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure(
    tool: str, corpus_name: str, run: Runner, articles: Sequence[Article], repeat: int
) -> Measure:
    """Best time of `repeat` runs over `articles`, then a traced run for memory."""
    run(articles[0].text, articles[0].lang)  # warm up: packs, compiled patterns, caches
    rss_before = _maxrss_kb()
    best = float("inf")
    for _ in range(max(1, repeat)):
        gc.collect()
        started = time.perf_counter()
        for article in articles:
            run(article.text, article.lang)
        best = min(best, time.perf_counter() - started)
    rss_growth = _maxrss_kb() - rss_before
    half = max(1, len(articles) // 2)
    gc.collect()
    tracemalloc.start()
    for article in articles[:half]:
        run(article.text, article.lang)
    gc.collect()
    after_n = tracemalloc.get_traced_memory()[0]
    for article in articles[half : 2 * half]:
        run(article.text, article.lang)
    gc.collect()
    after_2n, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    megabytes = _megabytes(articles)
    return Measure(
        tool=tool,
        corpus=corpus_name,
        articles=len(articles),
        megabytes=round(megabytes, 3),
        seconds=round(best, 3),
        articles_per_second=round(len(articles) / best, 1),
        megabytes_per_second=round(megabytes / best, 2),
        peak_kb=peak // 1024,
        traced_after_n_kb=after_n // 1024,
        traced_after_2n_kb=after_2n // 1024,
        maxrss_growth_kb=rss_growth,
    )


def engine_run(text: str, lang: str) -> object:
    return extract(text, lang=lang)


def numbers_run(text: str, lang: str) -> object:
    """The numbers half alone, to show its share of the engine's time."""
    try:
        pack = pack_load(lang)
    except KeyError:
        pack = pack_load("en")
    return numeric_claims_find(text, pack)


def quantulum_runner() -> Runner | None:
    """quantulum3's parser, or None when it is not installed (a benchmark-only dependency)."""
    try:
        from quantulum3 import parser  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None

    def run(text: str, lang: str) -> object:
        return parser.parse(text)

    return run


def bench_run(
    megabytes: float,
    english_megabytes: float,
    repeat: int,
    root: Path = ROOT,
    texts: Sequence[Path] = (),
) -> dict[str, Any]:
    """Measure the engine and quantulum3; the result is what `main` prints."""
    sources = corpus_sources(root)
    corpus = corpus_build(sources, megabytes)
    english = corpus_build([a for a in sources if a.lang == "en"], english_megabytes)
    measures: list[Measure] = []
    notes: list[str] = []
    if corpus:
        measures.append(measure("engine", "all languages", engine_run, corpus, repeat))
        measures.append(measure("numbers", "all languages", numbers_run, corpus, repeat))
    else:
        notes.append(f"no texts found under {GOLD_DIR} or {SAMPLES_DIR}")
    if english:
        measures.append(measure("engine", "English", engine_run, english, repeat))
        peer = quantulum_runner()
        if peer is None:
            notes.append("quantulum3 not installed")
        else:
            measures.append(measure("quantulum3", "English", peer, english, repeat))
    else:
        notes.append("no English text in the corpus: quantulum3 not compared")
    for path in texts:
        extra = corpus_build(texts_load(path), megabytes)
        if not extra:
            notes.append(f"no texts in {path}")
            continue
        measures.append(measure("engine", path.stem, engine_run, extra, repeat))
        measures.append(measure("numbers", path.stem, numbers_run, extra, repeat))
    return {
        "engine_build": native.engine_build(),
        "sources": len(sources),
        "measures": [asdict(item) for item in measures],
        "notes": notes,
    }


def report_print(report: dict[str, Any], out: Any = sys.stdout) -> None:
    header = (
        f"{'tool':<11} {'corpus':<14} {'articles':>8} {'MB':>7} {'s':>7} {'art/s':>8} "
        f"{'MB/s':>6} {'peak KB':>8} {'N KB':>7} {'2N KB':>7} {'RSS+KB':>7}"
    )
    build = "compiled with mypyc" if report["engine_build"] == "compiled" else "pure Python"
    print(
        f"one core, best of the runs; corpus made from {report['sources']} texts; engine {build}",
        file=out,
    )
    print(header, file=out)
    for item in report["measures"]:
        print(
            f"{item['tool']:<11} {item['corpus'][:14]:<14} {item['articles']:>8} "
            f"{item['megabytes']:>7.2f} {item['seconds']:>7.2f} "
            f"{item['articles_per_second']:>8.1f} {item['megabytes_per_second']:>6.2f} "
            f"{item['peak_kb']:>8} {item['traced_after_n_kb']:>7} "
            f"{item['traced_after_2n_kb']:>7} {item['maxrss_growth_kb']:>7}",
            file=out,
        )
    for note in report["notes"]:
        print(note, file=out)


def arguments_parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments_add(parser)
    return parser.parse_args(argv)


def arguments_add(parser: argparse.ArgumentParser) -> None:
    """The options, shared with `manage.py bench_extract`."""
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    parser.add_argument(
        "--english-mb",
        type=float,
        default=0.5,
        help="size of the English corpus both tools read (default 0.5; quantulum3 is slow)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--texts",
        nargs="*",
        type=Path,
        default=[],
        help="more corpora, read at run time: JSON lines, JSON files or folders of them",
    )


def main(argv: Sequence[str] | None = None, out: Any = sys.stdout) -> int:
    args = arguments_parse(argv)
    report = bench_run(args.mb, args.english_mb, args.repeat, texts=args.texts)
    if args.json:
        print(json.dumps(report), file=out)
    else:
        report_print(report, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
