from dataclasses import asdict

from django_tasks import task

from . import emails


@task()
def send_notification_emails(notification_ids):
    """Arguments and result are plain data so the database backend can store them as JSON."""
    return asdict(emails.send_notification_emails(notification_ids))
