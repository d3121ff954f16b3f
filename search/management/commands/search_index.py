"""`search_index rebuild` and `search_index check`: the index's life cycle."""

import sys

from django.core.management.base import BaseCommand, CommandError

from search import maintenance


class Command(BaseCommand):
    help = (
        "rebuild: index every findable document again, in batches, without a moment "
        "where searches find nothing. check: compare each backend's index with the "
        "database, per kind; exits with 1 when they drifted apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--quiet-progress", action="store_true",
                            help="No progress bar (for logs).")

    def handle(self, action, quiet_progress=False, **options):
        if action == "rebuild":
            progress = None if quiet_progress else ProgressBar(self.stderr)
            for backend, total in maintenance.rebuild(progress=progress):
                self.stdout.write(f"{backend}: {total} documents indexed")
            return
        drifted = False
        for report in maintenance.check():
            drifted |= report.drifted
            self.stdout.write(report.line())
            for label, ids in (("missing", report.missing), ("stale", report.stale)):
                if ids:
                    shown = ", ".join(map(str, sorted(ids)[:20]))
                    more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
                    self.stdout.write(f"    {label}: {shown}{more}")
        if drifted:
            raise CommandError("The index has drifted from the database; run "
                               "`manage.py search_index rebuild`.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Every index matches the database."))


class ProgressBar:
    """A text bar on stderr: `[#####.....]  500/1000 backend`."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.interactive = getattr(sys.stderr, "isatty", lambda: False)()

    def __call__(self, backend, done, total):
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        end = "\r" if self.interactive and done < total else "\n"
        self.stream.write(f"[{bar}] {done:>7}/{total} {backend}", ending=end)
