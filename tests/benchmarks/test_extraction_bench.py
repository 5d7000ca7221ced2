"""The extraction benchmark: its corpus, its measures, and its report without quantulum3."""

from __future__ import annotations

import builtins
import io
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import extraction as bench


def test_corpus_is_built_from_the_gold_files_and_samples_of_the_repository() -> None:
    sources = bench.corpus_sources()
    assert {"en", "id"} <= {article.lang for article in sources}


def test_corpus_is_repeated_until_it_reaches_the_size_asked_for() -> None:
    sources = [bench.Article("x" * 1000, "en")]
    corpus = bench.corpus_build(sources, 0.01)
    assert len(corpus) == 10


def test_empty_sources_give_an_empty_corpus() -> None:
    assert bench.corpus_build([], 1.0) == []


def test_measure_reports_speed_and_memory_after_n_and_2n_articles() -> None:
    articles = [bench.Article("Omzet 28 miliar dolar AS pada 2023.", "id")] * 20
    result = bench.measure("numbers", "tiny", bench.numbers_run, articles, repeat=1)
    assert result.articles == 20
    assert result.megabytes_per_second > 0
    assert result.traced_after_2n_kb >= 0


def test_report_says_when_quantulum3_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_quantulum(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("quantulum3"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_quantulum)
    report = bench.bench_run(megabytes=0.01, english_megabytes=0.005, repeat=1)
    assert "quantulum3 not installed" in report["notes"]
    tools = {(item["tool"], item["corpus"]) for item in report["measures"]}
    assert {("engine", "all languages"), ("numbers", "all languages")} <= tools


def test_main_prints_a_table_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "quantulum_runner", lambda: None)
    out = io.StringIO()
    bench.main(["--mb", "0.01", "--english-mb", "0.005", "--repeat", "1", "--json"], out)
    report = json.loads(out.getvalue())
    assert report["measures"]
    out = io.StringIO()
    bench.main(["--mb", "0.01", "--english-mb", "0.005", "--repeat", "1"], out)
    assert "MB/s" in out.getvalue()


def test_bench_module_imports_no_django() -> None:
    source = Path(bench.__file__).read_text(encoding="utf-8")
    assert "django" not in source


def test_texts_are_read_from_json_lines_json_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "news.jsonl").write_text(
        json.dumps({"text": "It rose 5%.", "lang": "en"}) + "\n" + json.dumps({"text": " "}) + "\n",
        encoding="utf-8",
    )
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"file": "a.txt", "lang": "id"}), encoding="utf-8")
    (folder / "a.txt").write_text("Naik 5 persen.", encoding="utf-8")
    assert bench.texts_load(tmp_path / "news.jsonl") == [bench.Article("It rose 5%.", "en")]
    assert bench.texts_load(folder) == [bench.Article("Naik 5 persen.", "id")]


def test_extra_texts_are_measured_as_their_own_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "quantulum_runner", lambda: None)
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": "Sales rose 5% to $2 billion.", "lang": "en"}), "utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    report = bench.bench_run(0.001, 0.001, 1, texts=[path, tmp_path / "empty.jsonl"])
    tools = {(item["tool"], item["corpus"]) for item in report["measures"]}
    assert {("engine", "news"), ("numbers", "news")} <= tools
    assert any("empty.jsonl" in note for note in report["notes"])
