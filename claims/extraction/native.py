"""Run the compiled copy of the engine when one was built from exactly these sources.

`make` compiles the engine's modules with mypyc into `build/native/` (see `native_build`) and
records a digest of all the engine's sources it was made from. Each package of the engine calls
`modules_use` before it imports its modules: while the digest matches the sources on disk, the
compiled folder goes first on the package's search path; once any source has changed, or with
FACTDB_ENGINE=python, the Python sources are imported as they are. A stale build never shadows
an edit, and a machine that could not compile runs the same engine, only slower.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, MutableSequence
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parents[1]
NATIVE_DIR = ROOT / "build" / "native"
MANIFEST_NAME = "manifest.json"

# Modules left interpreted: package files (they set the search path), this module and its
# builder, `packs` (it finds the language packs next to its own file, which a compiled module
# lies away from), and tooling. None of them is on the hot path.
INTERPRETED = frozenset(
    {
        "__init__.py",
        "native.py",
        "native_build.py",
        "packs.py",
        "batch.py",
    }
)


def engine_sources(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every module of the engine, in a stable order: the build depends on all of them (the
    compiled modules call into the interpreted ones as they were when it was made)."""
    return sorted(package_dir.rglob("*.py"))


def compiled_sources(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The engine's modules that are compiled."""
    return [path for path in engine_sources(package_dir) if path.name not in INTERPRETED]


def sources_digest(paths: Iterable[Path], base: Path = PACKAGE_DIR) -> str:
    """One digest of the modules' paths and contents, and of the interpreter they are built for."""
    digest = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in paths:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_is_current(native_dir: Path = NATIVE_DIR, package_dir: Path = PACKAGE_DIR) -> bool:
    """True when `native_dir` holds a build of the sources as they are now."""
    try:
        manifest = json.loads((native_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    recorded = manifest.get("digest") if isinstance(manifest, dict) else None
    return recorded == sources_digest(engine_sources(package_dir), package_dir)


@functools.cache
def active() -> bool:
    """Whether this process runs the compiled engine (decided once, at the first import)."""
    if os.environ.get("FACTDB_ENGINE", "").strip().lower() == "python":
        return False
    return build_is_current()


def modules_use(package_path: MutableSequence[str], package_name: str) -> None:
    """Put the compiled folder of `package_name` first on its search path, when it is current."""
    if not active():
        return
    if str(NATIVE_DIR) not in sys.path:
        sys.path.append(str(NATIVE_DIR))  # where mypyc's shared runtime module lies
    package_path.insert(0, str(NATIVE_DIR.joinpath(*package_name.split("."))))


def engine_build() -> str:
    """Which engine this process runs: "compiled" or "python"."""
    return "compiled" if active() else "python"
