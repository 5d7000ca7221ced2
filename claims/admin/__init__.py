"""The editors' pages, one module per kind of record: registering them is importing them."""

from claims.admin import articles, candidates, speakers, verdicts

__all__ = ["articles", "candidates", "speakers", "verdicts"]
