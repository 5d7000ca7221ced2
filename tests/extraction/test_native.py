"""The compiled engine: used only while it matches the sources, and it reads as the sources do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction import native

ROOT = Path(__file__).resolve().parents[2]


def _package(tmp_path: Path) -> Path:
    package = tmp_path / "extraction"
    (package / "figures").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "people.py").write_text("NAME = 'people'\n")
    (package / "figures" / "reading.py").write_text("NAME = 'reading'\n")
    (package / "batch.py").write_text("NAME = 'batch'\n")
    return package


def _build(package: Path, native_dir: Path) -> None:
    native_dir.mkdir(exist_ok=True)
    digest = native.sources_digest(native.engine_sources(package), package)
    (native_dir / native.MANIFEST_NAME).write_text(json.dumps({"digest": digest}))


def test_only_the_hot_modules_are_compiled(tmp_path: Path) -> None:
    package = _package(tmp_path)
    names = [path.relative_to(package).as_posix() for path in native.compiled_sources(package)]
    assert names == ["figures/reading.py", "people.py"]


def test_a_build_of_the_sources_as_they_are_is_current(tmp_path: Path) -> None:
    package, native_dir = _package(tmp_path), tmp_path / "native"
    _build(package, native_dir)
    assert native.build_is_current(native_dir, package)


def test_an_edited_compiled_source_makes_the_build_stale(tmp_path: Path) -> None:
    package, native_dir = _package(tmp_path), tmp_path / "native"
    _build(package, native_dir)
    (package / "figures" / "reading.py").write_text("NAME = 'edited'\n")
    assert not native.build_is_current(native_dir, package)


def test_a_new_compiled_source_makes_the_build_stale(tmp_path: Path) -> None:
    package, native_dir = _package(tmp_path), tmp_path / "native"
    _build(package, native_dir)
    (package / "mentions.py").write_text("NAME = 'mentions'\n")
    assert not native.build_is_current(native_dir, package)


def test_an_edited_interpreted_module_makes_the_build_stale_too(tmp_path: Path) -> None:
    package, native_dir = _package(tmp_path), tmp_path / "native"
    _build(package, native_dir)
    (package / "batch.py").write_text("NAME = 'edited'\n")
    assert not native.build_is_current(native_dir, package)


@pytest.mark.parametrize("manifest", [None, "", "not json", "[]", '{"digest": "0"}'])
def test_a_missing_or_unreadable_manifest_means_no_build(
    tmp_path: Path, manifest: str | None
) -> None:
    package, native_dir = _package(tmp_path), tmp_path / "native"
    native_dir.mkdir()
    if manifest is not None:
        (native_dir / native.MANIFEST_NAME).write_text(manifest)
    assert not native.build_is_current(native_dir, package)


def _run(code: str, engine: str | None) -> str:
    env = {key: value for key, value in os.environ.items() if key != "FACTDB_ENGINE"}
    if engine:
        env["FACTDB_ENGINE"] = engine
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    return done.stdout


_ORIGINS = """
import claims.extraction.figures.reading as reading, claims.extraction.people as people
from claims.extraction import native
print(native.engine_build(), people.__file__, reading.__file__)
"""


def test_the_engine_runs_from_the_build_only_while_it_is_current() -> None:
    build, *files = _run(_ORIGINS, None).split()
    if native.build_is_current():
        assert build == "compiled"
        assert all(Path(file).is_relative_to(native.NATIVE_DIR) for file in files)
        assert all(file.endswith(".so") for file in files)
    else:
        assert build == "python"
        assert all(file.endswith(".py") for file in files)
    build, *files = _run(_ORIGINS, "python").split()
    assert build == "python"
    assert [Path(file).name for file in files] == ["people.py", "reading.py"]


_EXTRACT_ALL = """
import json
from pathlib import Path
from claims.extraction import extract, native
from benchmarks.extraction import corpus_sources, texts_load
articles = corpus_sources() + texts_load(Path("tests/extraction/gold"))
print(native.engine_build())
for article in articles:
    print(json.dumps(extract(article.text, article.lang).to_dict(), sort_keys=True))
"""


def test_the_compiled_engine_reads_every_gold_text_as_the_sources_do() -> None:
    if not native.build_is_current():
        pytest.skip("no compiled build of these sources: `make native` builds one")
    compiled, interpreted = _run(_EXTRACT_ALL, None), _run(_EXTRACT_ALL, "python")
    assert compiled.splitlines()[0] == "compiled"
    assert interpreted.splitlines()[0] == "python"
    assert len(compiled.splitlines()) > 10
    assert compiled.splitlines()[1:] == interpreted.splitlines()[1:]
