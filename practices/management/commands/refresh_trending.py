from django.core.management.base import BaseCommand

from practices.flows import refresh_trending


class Command(BaseCommand):
    help = (
        "Let open ideas' trending scores decay with age. Votes refresh an idea's score; "
        "time alone does not, so run this every hour or so (e.g. from cron)."
    )

    def handle(self, *args, **options):
        count = refresh_trending()
        self.stdout.write(self.style.SUCCESS(f"Refreshed the trending score of {count} open ideas."))
