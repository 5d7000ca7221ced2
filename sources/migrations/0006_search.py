"""Search: articles are found by the words of their title (claims.search reads this index with
the same expression, so PostgreSQL can use it)."""

from django.db import migrations

FORWARD = """
CREATE INDEX article_title_search ON sources_article
    USING gin (to_tsvector('factdb_search'::regconfig, title));
"""

BACKWARD = "DROP INDEX IF EXISTS article_title_search;"


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0005_feed_poll_interval_message"),
        ("factdb", "0001_search_configuration"),
    ]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
