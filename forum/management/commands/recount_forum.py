"""`recount_forum FORUM ...` or `recount_forum --all`: set forum and thread
counters from the rows they count, a batch of threads at a time."""

from django.core.management.base import BaseCommand, CommandError

from forum.flows import RECOUNT_BATCH, recount_forum
from forum.models import ForumPage


class Command(BaseCommand):
    help = (
        "Recount the replies, helpful marks and latest posts of forums and their "
        "threads, after rows were imported or counters drifted. Threads are recounted "
        "a batch at a time, each batch in its own short transaction, so people can "
        "go on posting meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("forums", nargs="*", metavar="FORUM",
                            help="a forum's page id or slug")
        parser.add_argument("--all", action="store_true", dest="every", help="every forum")
        parser.add_argument("--batch-size", type=int, default=RECOUNT_BATCH,
                            help=f"threads recounted per transaction (default {RECOUNT_BATCH})")

    def handle(self, *args, forums, every, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if every == bool(forums):
            raise CommandError("Name the forums to recount (page id or slug), or say --all.")
        # Each forum once, however often it was named.
        chosen = ForumPage.objects.order_by("path") if every else dict.fromkeys(map(_forum, forums))
        for forum in chosen:
            progress = Progress(self.stdout, forum.title) if options["verbosity"] else None
            threads = recount_forum(forum, batch_size=batch_size, progress=progress)
            forum.refresh_from_db(fields=["thread_count", "post_count"])
            self.stdout.write(self.style.SUCCESS(
                f"{forum.title}: {plural(threads, 'thread')} recounted; "
                f"{plural(forum.thread_count, 'thread')} and "
                f"{plural(forum.post_count, 'post')} in sight"))


def plural(count, noun):
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _forum(name):
    if name.isdigit():
        found = ForumPage.objects.filter(pk=int(name))
    else:
        found = ForumPage.objects.filter(slug=name)
    forums = list(found[:2])
    if not forums:
        raise CommandError(f"No forum has the id or slug “{name}”.")
    if len(forums) > 1:
        raise CommandError(f"More than one forum has the slug “{name}”; use its page id.")
    return forums[0]


class Progress:
    """`Getting help: 3,000 of 100,000 threads (3%)`, on one line rewritten in
    place on a terminal; in a log, a line at every tenth of the way."""

    def __init__(self, stream, title):
        self.stream, self.title, self.shown = stream, title, -1
        self.interactive = stream.isatty()

    def __call__(self, done, total):
        tenth = 10 * done // total
        if not self.interactive and tenth == self.shown:
            return
        self.shown = tenth
        end = "\r" if self.interactive and done < total else "\n"
        self.stream.write(f"{self.title}: {done:,} of {total:,} threads ({100 * done // total}%)",
                          ending=end)
