"""Each thread list index ends in the id, as each list order does, so a keyset page
starts its walk at the row the page before ended on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0002_moderator_permissions'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='thread',
            name='thread_latest',
        ),
        migrations.RemoveIndex(
            model_name='thread',
            name='thread_newest',
        ),
        migrations.RemoveIndex(
            model_name='thread',
            name='thread_unanswered',
        ),
        migrations.RemoveIndex(
            model_name='thread',
            name='thread_solved',
        ),
        migrations.RemoveIndex(
            model_name='thread',
            name='thread_activity',
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(models.F('forum'), models.OrderBy(models.F('is_pinned'), descending=True), models.OrderBy(models.F('last_activity_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_hidden', False)), name='thread_latest'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(models.F('forum'), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_hidden', False)), name='thread_newest'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(models.F('forum'), models.OrderBy(models.F('last_activity_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_hidden', False), ('reply_count', 0)), name='thread_unanswered'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(models.F('forum'), models.OrderBy(models.F('last_activity_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_hidden', False), ('solution__isnull', False)), name='thread_solved'),
        ),
        migrations.AddIndex(
            model_name='thread',
            index=models.Index(models.F('forum'), models.OrderBy(models.F('last_activity_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_hidden', False)), name='thread_activity'),
        ),
    ]
