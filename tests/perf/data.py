"""Load the benchmark's data set into the configured database:

    python -m tests.perf.data --size small|medium|1m  (make perf-data SIZE=1m)

DATABASE_URL chooses the database as everywhere; without it, var/perf.sqlite3
(tests/perf/settings.py), so the demo database is left alone. The database is
migrated, the site's pages (forum index, ideas board, practice library) are
made if missing, then people, forums, ideas and practices are written in bulk
with every counter equal to the rows it counts, and the search index is built
by `search_index rebuild`. A database that already holds a data set is
left as it is when it is the same size, and refused when it is another;
--replace empties the whole database first (it is meant to be one of its own).
"""

import argparse
import os
import sys
import time
from random import Random

SEED = 20240612


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", help="tiny, small, medium or 1m")
    parser.add_argument("--replace", action="store_true",
                        help="empty the whole database (every table) and load again")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.settings")
    import django

    django.setup()
    from .sizes import SIZES

    if args.size not in SIZES:
        parser.error(f"--size must be one of {', '.join(SIZES)}")
    from django.core.management import call_command

    if args.replace:
        empty_database()
    call_command("migrate", interactive=False, verbosity=0)
    try:
        load(SIZES[args.size], seed=args.seed)
    except AlreadyLoaded as refusal:
        sys.exit(str(refusal))


class AlreadyLoaded(Exception):
    pass


def load(size, seed=SEED, out=sys.stdout, rebuild_search=True):
    """Load `size` into the migrated database; returns the seconds it took."""
    from django.core.management import call_command
    from django.utils import timezone

    from . import load_forums, load_ideas, load_library, load_people
    from .loading import Context
    from .rows import reset_sequences
    from .text import Writing, check_rendering

    started = time.monotonic()
    index, _board, library = scaffolding()
    if (forum := load_forums.big_forum(index)) is not None:
        loaded = forum.threads.count()
        if loaded == size.big_forum_threads:
            print(f"The {size.name} data set is already loaded; nothing to do.", file=out)
            return 0
        raise AlreadyLoaded(
            f"This database already holds another data set: “{forum.title}” has {loaded:,} "
            f"threads, where {size.name} has {size.big_forum_threads:,}. Nothing was loaded. "
            "To load this one instead, empty the database first: "
            "make perf-data SIZE=... REPLACE=1 (python -m tests.perf.data --replace).")
    rng = Random(seed)
    context = Context(size=size, rng=rng, now=timezone.now(),
                      writing=Writing(rng, size.paragraphs), out=out)
    check_rendering(context.writing)
    context.say(f"Loading the {size.name} data set: {size.threads:,} threads, {size.posts:,} "
                f"posts, {size.ideas:,} ideas, {size.votes:,} votes, {size.people:,} people")
    _taxonomy(context)
    models = load_people.load(context)
    threads, written = load_forums.load(context, index)
    models += written
    models += load_ideas.load(context, threads)
    del threads
    models += load_library.load(context, library)
    reset_sequences(models)
    # Rows written in bulk send no signals: pages kept before show none of them.
    call_command("forget_cached_pages", verbosity=0)
    loaded = time.monotonic() - started
    context.say(f"Rows written in {loaded:,.0f} s.")
    if rebuild_search:
        context.say("Building the search index (search_index rebuild)…")
        call_command("search_index", "rebuild", stdout=out, stderr=out)
    took = time.monotonic() - started
    context.say(f"The {size.name} data set is loaded, in {took:,.0f} s.")
    return took


def scaffolding():
    """The pages the data set hangs from, made as the demo makes them when missing:
    (forum index, ideas board, practice library)."""
    from wagtail.models import Site

    from community.models import CommunitySettings, HomePage
    from forum.models import ForumIndexPage
    from practices.models import IdeasBoardPage, PracticeLibraryPage

    home = HomePage.objects.first()
    CommunitySettings.for_site(Site.objects.get(is_default_site=True)).save()

    def page(model, **fields):
        existing = model.objects.first()
        if existing is not None:
            return existing
        made = model(**fields)
        home.add_child(instance=made)
        return made

    return (page(ForumIndexPage, title="Forums", slug="forums"),
            page(IdeasBoardPage, title="Ideas", slug="ideas"),
            page(PracticeLibraryPage, title="Practice library", slug="practices"))


def _taxonomy(context):
    from taggit.models import Tag

    from community.models import Barrier, JourneyStage

    from .text import CONTEXTS, OBJECTS, TEAMS

    context.stages = list(JourneyStage.objects.values_list("pk", flat=True))
    context.barriers = list(Barrier.objects.values_list("pk", flat=True))
    names = [*OBJECTS, *TEAMS, *(c.replace("the ", "") for c in CONTEXTS[:4])]
    context.tags = [Tag.objects.get_or_create(name=name)[0].pk for name in names]


def empty_database():
    """Drop every table, so the next migrate starts from nothing."""
    from django.db import connection

    print(f"Emptying the database {connection.settings_dict['NAME']}…", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        return
    name = str(connection.settings_dict["NAME"])
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(name + suffix):
            os.remove(name + suffix)


if __name__ == "__main__":
    main()
