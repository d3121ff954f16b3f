"""The loaded practice library: practices published as an editor would (Wagtail
pages through a revision), many born from a done idea, each marked helpful by
some readers, its helpful count equal to those ratings."""

from django.utils.text import slugify

from practices.models import Idea, PracticePage, PracticeRating

from .loading import Progress
from .rows import Table


def load(context, library):
    """Publish the size's practices under `library`; returns the models written."""
    rng, writing, size = context.rng, context.writing, context.size
    ratings = Table(PracticeRating, ["id", "practice_id", "user_id", "created_at"])
    done = list(Idea.objects.filter(status=Idea.Status.DONE, merged_into__isnull=True)
                .values_list("pk", flat=True)[:size.practices])
    progress = Progress(context, "practices", size.practices)
    for n in range(size.practices):
        title = writing.idea_title().replace("Let ", "Letting ", 1)
        page = PracticePage(
            title=title, slug=f"{slugify(title)[:200]}-{n + 1}",
            summary=rng.choice(writing.general).text[:300],
            situation=rng.choice(writing.general).html, what_we_do=rng.choice(writing.refund).html,
            outcome=rng.choice(writing.general).html,
            journey_stage_id=rng.choice(context.stages),
            practice_owner_id=rng.choice(context.people.ops), live=False,
        )
        library.add_child(instance=page)
        page.save_revision().publish()
        published = context.moment((n + 1) / (size.practices + 1))
        raters = rng.sample(context.everyone, min(rng.randint(0, 40), len(context.everyone)))
        for pk in raters:
            ratings.add(ratings.next_id(), page.pk, pk, published)
        ratings.flush()
        # Born from a done idea, linked after publishing: publishing would tell
        # each of the idea's voters, thousands of e-mails for a benchmark.
        PracticePage.objects.filter(pk=page.pk).update(
            first_published_at=published, last_published_at=published, helpful_count=len(raters),
            source_idea_id=done[n] if n < len(done) else None)
        progress(n + 1)
    progress(size.practices, final=True)
    return [PracticeRating]
