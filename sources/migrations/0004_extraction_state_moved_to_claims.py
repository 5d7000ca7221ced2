"""Extraction state (status, attempts, times, version) leaves the article: claims 0005 owns it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0003_ingestion_jobs_feeds_near_duplicates'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='article',
            name='article_extracting_has_claim_time',
        ),
        migrations.RemoveConstraint(
            model_name='article',
            name='article_extracted_has_extraction_time',
        ),
        migrations.RemoveConstraint(
            model_name='article',
            name='article_status_valid',
        ),
        migrations.RemoveConstraint(
            model_name='article',
            name='article_duplicate_names_its_original',
        ),
        migrations.RemoveIndex(
            model_name='article',
            name='article_status_queued',
        ),
        migrations.RemoveField(
            model_name='article',
            name='attempts',
        ),
        migrations.RemoveField(
            model_name='article',
            name='claimed_at',
        ),
        migrations.RemoveField(
            model_name='article',
            name='extracted_at',
        ),
        migrations.RemoveField(
            model_name='article',
            name='extractor_version',
        ),
        migrations.RemoveField(
            model_name='article',
            name='last_error',
        ),
        migrations.RemoveField(
            model_name='article',
            name='queued_at',
        ),
        migrations.RemoveField(
            model_name='article',
            name='status',
        ),
    ]
