# The review queue's order (candidates first, surest first, by place) read from an index, so
# its first page with two million candidates is an index scan, not a sort. It begins with the
# status, so it replaces the index on the status alone (each index costs every insert).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_editorial_roles"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="numericclaim", name="numeric_claim_status"),
        migrations.RemoveIndex(model_name="quote", name="quote_status"),
        migrations.AddIndex(
            model_name="numericclaim",
            index=models.Index(
                fields=["status", "-confidence", "article", "start", "id"],
                name="numeric_claim_review_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                fields=["status", "-confidence", "article", "start", "id"],
                name="quote_review_queue",
            ),
        ),
    ]
