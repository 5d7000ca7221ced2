"""Full-text search in every language FactDB reads, on PostgreSQL alone.

`factdb_search` is the `simple` configuration (lower-cased words, no stemming, no stop words:
English stemming would mangle Indonesian, and one stemmer per row's language would make a query
match differently per language) with accents folded by `unaccent`, so "Tokayev" and "Tokáyev",
"Đà Nẵng" and "Da Nang" are the same words. `factdb_fold` is that folding (unaccent and lower
case) as an IMMUTABLE function, so indexes can use it: `unaccent()` itself is only STABLE because
its dictionary could change, which ours does not. pg_trgm gives similarity for names.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE FUNCTION factdb_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, lower(value));

CREATE TEXT SEARCH CONFIGURATION factdb_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION factdb_search
    ALTER MAPPING FOR hword, hword_part, word, asciihword, hword_asciipart, asciiword
    WITH public.unaccent, pg_catalog.simple;
"""

BACKWARD = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS factdb_search;
DROP FUNCTION IF EXISTS factdb_fold(text);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
