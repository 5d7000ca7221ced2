"""The state of each article's extraction moves from sources.Article to claims.ArticleExtraction.

Every existing article gets its row with the state it had (status, attempts, error, version,
times); sources 0004 then drops those columns, so this runs before it.
"""

import django.db.models.deletion
from django.db import migrations, models


COPY_STATE = """
INSERT INTO claims_articleextraction
       (article_id, status, attempts, last_error, extractor_version, queued_at, claimed_at,
        extracted_at, updated_at)
SELECT id, status, attempts, last_error, extractor_version, queued_at, claimed_at,
       extracted_at, updated_at
  FROM sources_article
"""

# Backwards: sources 0004, undone first, has put the columns back; give them their state.
COPY_STATE_BACK = """
UPDATE sources_article AS a
   SET status = e.status, attempts = e.attempts, last_error = e.last_error,
       extractor_version = e.extractor_version, queued_at = e.queued_at,
       claimed_at = e.claimed_at, extracted_at = e.extracted_at
  FROM claims_articleextraction AS e
 WHERE e.article_id = a.id
"""


class Migration(migrations.Migration):

    run_before = [('sources', '0004_extraction_state_moved_to_claims')]

    dependencies = [
        ('claims', '0004_span_triggers_per_statement'),
        ('sources', '0003_ingestion_jobs_feeds_near_duplicates'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleExtraction',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='extraction', serialize=False, to='sources.article')),
                ('status', models.CharField(choices=[('pending', 'pending'), ('extracting', 'extracting'), ('extracted', 'extracted'), ('failed', 'failed'), ('duplicate', 'duplicate')], db_index=True, default='pending', max_length=16)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('extractor_version', models.CharField(blank=True, max_length=32)),
                ('queued_at', models.DateTimeField(blank=True, help_text='extraction last enqueued', null=True)),
                ('claimed_at', models.DateTimeField(blank=True, help_text='extraction last started', null=True)),
                ('extracted_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'indexes': [models.Index(fields=['status', 'queued_at'], name='article_extraction_queued')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'extracting', 'extracted', 'failed', 'duplicate'])), name='article_extraction_status_valid'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'extracting'), _negated=True), ('claimed_at__isnull', False), _connector='OR'), name='article_extraction_extracting_has_claim_time'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'extracted'), _negated=True), ('extracted_at__isnull', False), _connector='OR'), name='article_extraction_extracted_has_extraction_time')],
            },
        ),
        migrations.RunSQL(COPY_STATE, COPY_STATE_BACK),
    ]
