from django.core.management.base import BaseCommand

from community import pagecache


class Command(BaseCommand):
    help = ("Make every process forget the pages it keeps for anonymous visitors: after "
            "rows were written behind the site's back (a bulk load, a restored backup).")

    def handle(self, **options):
        pagecache.everything_changed()
        self.stdout.write("Every cached page will be rendered afresh on its next visit.")
