"""Database guarantee that an article's text never changes once stored.

Quotes and claims point into the text by offsets, and the content hash identifies it; editing
the text would silently break both. A corrected article is ingested as a new one.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION sources_article_text_immutable() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    THEN
        RAISE EXCEPTION 'the text of article % cannot change; ingest the new version instead',
            OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sources_article_text_immutable
BEFORE UPDATE OF text, content_hash ON sources_article
FOR EACH ROW EXECUTE FUNCTION sources_article_text_immutable();
"""

REVERSE = """
DROP TRIGGER IF EXISTS sources_article_text_immutable ON sources_article;
DROP FUNCTION IF EXISTS sources_article_text_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTION, REVERSE)]
