"""Span checks in time linear in the article, however many candidates it has.

The checks of 0004 called substr(article.text, start + 1, length) once per candidate: in a
UTF-8 database each call detoasts (decompresses) the whole text and walks it from the first
character, so storing the 5,000 candidates of a 2,000,000-character article took minutes.

Now each statement reads each article it touches once, cuts its text into pieces of
PIECE code points in one regular-expression pass, and compares every candidate with the pieces
its span covers, joined by hash: the cost is the articles' length plus the spans' length. The
guarantee is 0004's: every stored quote and claim holds exactly article.text[start:end], for
any writer (the ORM, COPY, raw SQL), on insert and on update.
"""

from django.db import migrations

# PostgreSQL's regular expressions repeat at most 255 times.
PIECE = 255

CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_spans_hold() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    WITH touched AS MATERIALIZED (
        SELECT DISTINCT article_id FROM new_rows
    ), pieces AS MATERIALIZED (
        SELECT a.id AS article_id, piece.number - 1 AS number, piece.found[1] AS words
          FROM sources_article a
          JOIN touched t ON t.article_id = a.id
         CROSS JOIN LATERAL regexp_matches(a.text, '.{{1,{piece}}}', 'gs')
               WITH ORDINALITY AS piece(found, number)
    ), lengths AS (
        SELECT t.article_id, coalesce(sum(char_length(p.words)), 0) AS length
          FROM touched t LEFT JOIN pieces p ON p.article_id = t.article_id
         GROUP BY t.article_id
    ), needed AS MATERIALIZED (
        -- Apart from the join below, so that the join matches (article, piece) pairs by hash
        -- rather than every span with every piece of its article.
        SELECT n.id, n.article_id, covering.number
          FROM new_rows n
         CROSS JOIN LATERAL generate_series(n.start / {piece}, (n."end" - 1) / {piece})
               AS covering(number)
    ), covered AS (
        SELECT d.id, string_agg(p.words, '' ORDER BY p.number) AS words
          FROM needed d
          JOIN pieces p ON p.article_id = d.article_id AND p.number = d.number
         GROUP BY d.id
    )
    SELECT n.article_id, n.start, n."end", l.length INTO bad
      FROM new_rows n
      JOIN lengths l ON l.article_id = n.article_id
      LEFT JOIN covered c ON c.id = n.id
     WHERE n."end" > l.length
        OR substr(c.words, n.start % {piece} + 1, n."end" - n.start) IS DISTINCT FROM n.{column}
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'span %..% of article % (% characters) does not hold the stored {column}',
            bad.start, bad."end", bad.article_id, bad.length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
-- The planner knows nothing of a transition table's or a CTE's size and would pick a nested
-- loop, comparing every span with every piece: hash joins keep it linear. Its cost estimate
-- is then huge, which would JIT-compile the query for longer than it runs.
SET enable_nestloop = off
SET jit = off;
"""

# 0004's function, to go back to.
PER_CANDIDATE_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_spans_hold() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.article_id, n.start, n."end", char_length(a.text) AS length INTO bad
      FROM new_rows n JOIN sources_article a ON a.id = n.article_id
     WHERE n."end" > char_length(a.text)
        OR substr(a.text, n.start + 1, n."end" - n.start) IS DISTINCT FROM n.{column}
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'span %..% of article % (% characters) does not hold the stored {column}',
            bad.start, bad."end", bad.article_id, bad.length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = [("claims_quote", "text"), ("claims_numericclaim", "surface")]


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_speaker_constraint_messages")]

    operations = [
        migrations.RunSQL(
            CHECK_FUNCTION.format(table=table, column=column, piece=PIECE),
            PER_CANDIDATE_FUNCTION.format(table=table, column=column),
        )
        for table, column in TABLES
    ]
