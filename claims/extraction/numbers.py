"""The numeric-claims half of the engine: `numeric_claims_find(text, pack)`.

The work is done in `claims.extraction.figures`; this module is the stable entry point the
engine imports.
"""

from claims.extraction.figures import numeric_claims_find

__all__ = ["numeric_claims_find"]
