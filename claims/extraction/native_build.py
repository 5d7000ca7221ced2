"""Compile the engine with mypyc into build/native/: `python -m claims.extraction.native_build`.

`make` runs this whenever an engine source is newer than the build. The build goes to a staging
folder first and replaces the old one only once it is complete, with the digest of the sources it
was made from (see `native`). A machine that cannot compile (no C compiler, no mypy) gets a
warning and runs the engine as pure Python.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time

from claims.extraction.native import (
    MANIFEST_NAME,
    NATIVE_DIR,
    ROOT,
    build_is_current,
    compiled_sources,
    engine_sources,
    sources_digest,
)

BUILD_DIR = ROOT / "build"
# mypyc's one shared runtime module for all compiled modules: build/native/claims_engine__mypyc…
GROUP_NAME = "claims_engine"


def main() -> int:
    if build_is_current():
        (NATIVE_DIR / MANIFEST_NAME).touch()  # newer than the sources again, for make
        print("The compiled extraction engine is up to date.")
        return 0
    sources = compiled_sources()
    # Taken before compiling: a source edited meanwhile leaves the new build stale, never wrong.
    digest = sources_digest(engine_sources())
    staging = BUILD_DIR / "native-staging"
    shutil.rmtree(staging, ignore_errors=True)
    print("Compiling the extraction engine with mypyc (about a minute, once)…", flush=True)
    started = time.monotonic()
    try:
        _compile([str(path.relative_to(ROOT)) for path in sources], staging)
    except (Exception, SystemExit) as error:  # setuptools reports a failed compiler by exiting
        print(
            f"Could not compile the extraction engine ({error}). FactDB runs it as pure Python:"
            " the same results, about a third slower.",
            file=sys.stderr,
        )
        return 0
    (staging / MANIFEST_NAME).write_text(json.dumps({"digest": digest}), encoding="utf-8")
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    staging.rename(NATIVE_DIR)
    print(f"Compiled {len(sources)} modules in {time.monotonic() - started:.0f} s.")
    return 0


def _compile(sources: list[str], out: os.PathLike[str]) -> None:
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)  # mypyc names the modules after their paths from the project root
    # The project's mypy settings load the Django plugins: the engine needs none of them.
    config = BUILD_DIR / "native-mypy.ini"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[mypy]\ncache_dir = build/native-mypy\n", encoding="utf-8")
    extensions = mypycify(
        ["--config-file", str(config), *sources],
        opt_level="3",
        debug_level="0",
        multi_file=True,
        group_name=GROUP_NAME,
        target_dir=str(BUILD_DIR / "native-c"),
    )
    setup(
        name="factdb-engine",
        ext_modules=extensions,
        packages=[],  # the extensions only: no discovery of the project's packages
        py_modules=[],
        script_args=[
            "--quiet",
            "build_ext",
            "--build-lib",
            str(out),
            "--build-temp",
            str(BUILD_DIR / "native-temp"),
        ],
    )


if __name__ == "__main__":
    raise SystemExit(main())
