"""The feed poll-interval constraint says what it requires; the database is unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_extraction_state_moved_to_claims"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="feed",
            name="feed_poll_interval_at_least_a_minute",
            constraint=models.CheckConstraint(
                condition=models.Q(("poll_interval__gte", 60)),
                name="feed_poll_interval_at_least_a_minute",
                violation_error_message=(
                    "A feed is polled at most once a minute: "
                    "poll_interval must be at least 60 seconds."
                ),
            ),
        ),
    ]
