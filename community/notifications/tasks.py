from django_tasks import task

from . import emails


@task()
def send_notification_emails(notification_ids):
    """Arguments are plain ids so the database backend can store the task as JSON."""
    return emails.send_notification_emails(notification_ids)
