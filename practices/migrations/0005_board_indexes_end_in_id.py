"""The board's time orders end in the id, and so do their indexes, so a keyset page
starts its walk at the row the page before ended on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0004_practice_library'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='idea',
            name='idea_newest',
        ),
        migrations.RemoveIndex(
            model_name='idea',
            name='idea_updated',
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('merged_into__isnull', True)), name='idea_newest'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(models.F('updated_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('merged_into__isnull', True)), name='idea_updated'),
        ),
    ]
