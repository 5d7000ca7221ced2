"""Numeric claims: figures with their value, unit, qualifier, period and kind.

The language knowledge lives in each pack's [numbers] table (and `universal.toml` for symbols
common to all languages); the modules here only read it.
"""

from claims.extraction import native

native.modules_use(__path__, __name__)  # the compiled modules, when current (see `native`)

from claims.extraction.figures.finder import numeric_claims_find  # noqa: E402

__all__ = ["numeric_claims_find"]
