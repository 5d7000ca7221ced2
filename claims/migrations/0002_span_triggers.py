"""Database guarantee that every stored quote and claim points at its words in the article.

A CHECK constraint cannot look at another table, so a trigger verifies on every insert and
update that the span lies inside the article text and that the stored words are exactly
article.text[start:end]. The article text itself is immutable once stored (sources 0002).
"""

from django.db import migrations

SPAN_CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION claims_span_matches_article() RETURNS trigger AS $$
DECLARE
    article_text text;
    span_text text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    SELECT a.text INTO article_text FROM sources_article a WHERE a.id = NEW.article_id;
    IF NEW."end" > char_length(article_text) THEN
        RAISE EXCEPTION 'span %..% lies outside article % (% characters)',
            NEW.start, NEW."end", NEW.article_id, char_length(article_text)
            USING ERRCODE = 'check_violation';
    END IF;
    IF substr(article_text, NEW.start + 1, NEW."end" - NEW.start) IS DISTINCT FROM span_text THEN
        RAISE EXCEPTION 'span %..% of article % does not hold the stored %',
            NEW.start, NEW."end", NEW.article_id, TG_ARGV[0]
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER {table}_span_matches_article
BEFORE INSERT OR UPDATE OF article_id, start, "end", {column} ON {table}
FOR EACH ROW EXECUTE FUNCTION claims_span_matches_article('{column}');
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        migrations.RunSQL(
            SPAN_CHECK_FUNCTION, "DROP FUNCTION IF EXISTS claims_span_matches_article() CASCADE;"
        ),
        migrations.RunSQL(
            TRIGGER.format(table="claims_quote", column="text"),
            "DROP TRIGGER IF EXISTS claims_quote_span_matches_article ON claims_quote;",
        ),
        migrations.RunSQL(
            TRIGGER.format(table="claims_numericclaim", column="surface"),
            "DROP TRIGGER IF EXISTS claims_numericclaim_span_matches_article "
            "ON claims_numericclaim;",
        ),
    ]
