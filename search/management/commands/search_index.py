"""`search_index rebuild` and `search_index check`: the index's life cycle."""

import sys
import threading
import time

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
    """A text bar per backend on stderr: `[#####.....]    500/1000 database  2,000
    documents/s`. On a terminal, with one backend, it is drawn again in place;
    otherwise a line is written at the start, every few seconds, and at the
    end. Backends rebuilt at once report from their own threads."""

    WIDTH = 30
    # Seconds between lines in a log.
    EVERY = 5.0

    def __init__(self, stream, clock=time.monotonic):
        self.stream = stream
        self.interactive = getattr(sys.stderr, "isatty", lambda: False)()
        self.clock = clock
        self.started, self.written = {}, {}
        self.lock = threading.Lock()

    def __call__(self, backend, done, total):
        with self.lock:
            now = self.clock()
            started = self.started.setdefault(backend, now)
            in_place = self.interactive and len(self.started) == 1
            finished = done >= total
            if (not in_place and not finished and backend in self.written
                    and now - self.written[backend] < self.EVERY):
                return
            self.written[backend] = now
            filled = self.WIDTH * done // total if total else self.WIDTH
            bar = "#" * filled + "." * (self.WIDTH - filled)
            rate = f"  {done / (now - started):,.0f} documents/s" if now > started else ""
            end = "\r" if in_place and not finished else "\n"
            self.stream.write(f"[{bar}] {done:>9,}/{total:,} {backend}{rate}", ending=end)
