from django.core.management.base import BaseCommand, CommandError

from community.notifications.digest import send_digests


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "E-mail each person one summary of the notifications they chose to get "
        "in a daily digest, and of any immediate e-mail that could not be sent. "
        "Run it once a day (cron or a scheduler); running it again sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=200, help="people loaded at a time (default 200)"
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")

        def progress(run):
            people, digests = plural(run.people, "person"), plural(run.digests, "digest")
            self.stdout.write(f"Checked {people}, sent {digests} so far…")

        run = send_digests(
            batch_size=batch_size, on_batch=progress if options["verbosity"] else None
        )
        digests = plural(run.digests, "digest")
        notifications = plural(run.notifications, "notification")
        self.stdout.write(self.style.SUCCESS(f"Sent {digests} ({notifications})"))
        if run.failed:
            raise CommandError(
                f"{plural(run.failed, 'digest')} could not be sent; they will go in the next run"
            )
