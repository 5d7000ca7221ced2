"""Check candidate spans once per statement instead of once per row.

Same guarantee as 0002 (every stored quote and claim holds exactly article.text[start:end]),
now from AFTER ... FOR EACH STATEMENT triggers over the transition table of new rows: a bulk
insert of a hundred candidates runs one join instead of a hundred trigger calls.
"""

from django.db import migrations

CHECK_FUNCTION = """
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

CREATE TRIGGER {table}_spans_hold_on_insert
AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION {table}_spans_hold();

CREATE TRIGGER {table}_spans_hold_on_update
AFTER UPDATE ON {table} REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION {table}_spans_hold();
"""

DROP_FUNCTION = """
DROP TRIGGER IF EXISTS {table}_spans_hold_on_insert ON {table};
DROP TRIGGER IF EXISTS {table}_spans_hold_on_update ON {table};
DROP FUNCTION IF EXISTS {table}_spans_hold();
"""

ROW_TRIGGER = """
CREATE TRIGGER {table}_span_matches_article
BEFORE INSERT OR UPDATE OF article_id, start, "end", {column} ON {table}
FOR EACH ROW EXECUTE FUNCTION claims_span_matches_article('{column}');
"""

TABLES = [("claims_quote", "text"), ("claims_numericclaim", "surface")]


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_candidate_indexes_lean")]

    operations = [
        operation
        for table, column in TABLES
        for operation in (
            migrations.RunSQL(
                f"DROP TRIGGER IF EXISTS {table}_span_matches_article ON {table};",
                ROW_TRIGGER.format(table=table, column=column),
            ),
            migrations.RunSQL(
                CHECK_FUNCTION.format(table=table, column=column),
                DROP_FUNCTION.format(table=table),
            ),
        )
    ]
