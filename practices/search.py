"""What ideas and the practice library put in the search. Merged ideas live on
as the idea they were merged into, so they are not findable; internal notes are
operations' own and never indexed. Practices are findable while published and
public (no view restriction); retired ones stay findable, as their page sends
readers on to the replacement."""

import html

import nh3
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from search.documents import Address, DocumentType, SearchDocument, named_list, plain, register
from search.indexing import index_later, remove_later

from .models import Idea, PracticePage

TEXT_MAX = 100_000
# Idea.get_absolute_url, for many at a time.
IDEA_URL = Address("ideas:idea")


def findable_ideas():
    # Only what the document reads, the stage by name; one query per batch each
    # for barriers and tags, as plain lists (see named_list).
    return (Idea.objects.filter(merged_into__isnull=True)
            .only("title", "slug", "problem", "proposal", "outcome", "status", "created_at",
                  "vote_count")
            .annotate(stage_name=F("journey_stage__name"))
            .prefetch_related(named_list("barriers"), named_list("tags")))


def idea_document(idea):
    # Only what the idea page shows the public: never internal notes.
    body = "\n\n".join(plain(text, length=TEXT_MAX)
                       for text in (idea.problem, idea.proposal, idea.outcome))
    return SearchDocument(
        kind="idea", pk=idea.pk, url=IDEA_URL(idea.pk, idea.slug or "-"), title=idea.title,
        body=body, created_at=idea.created_at,
        facets={
            "status": [idea.get_status_display()],
            "stage": [idea.stage_name] if idea.stage_name else [],
            "barrier": [barrier.name for barrier in idea.barrier_list],
            "tag": [tag.name for tag in idea.tag_list],
        },
        votes=idea.vote_count,
    )


def idea_related(idea):
    # A merge moves votes onto the target, whose standing changes with it.
    return [(Idea, idea.merged_into_id)] if idea.merged_into_id else []


def findable_practices():
    return (PracticePage.objects.live().public().select_related("journey_stage")
            .prefetch_related("barriers", "tags"))


def practice_document(practice):
    parts = [practice.summary, *(_html_text(value) for value in
                                 (practice.situation, practice.what_we_do, practice.outcome)),
             *_stream_text(practice.body.raw_data)]
    return SearchDocument(
        kind="practice", pk=practice.pk, url=practice.url or "", title=practice.title,
        body="\n\n".join(part for part in parts if part),
        created_at=practice.first_published_at or practice.latest_revision_created_at,
        facets={
            "stage": [practice.journey_stage.name] if practice.journey_stage else [],
            "barrier": [barrier.name for barrier in practice.barriers.all()],
            "tag": [tag.name for tag in practice.tags.all()],
        },
        helpful=practice.helpful_count,
    )


def _html_text(value):
    return " ".join(html.unescape(nh3.clean(value or "", tags=set())).split())


def _stream_text(value):
    """Every piece of text in a StreamField's stored blocks (rich text, quotes,
    steps, captions), tags stripped; image ids and block types are not text."""
    if isinstance(value, str):
        return [_html_text(value)] if not value.isdigit() else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key not in ("type", "id", "image"):
                found += _stream_text(item)
        return found
    if isinstance(value, list | tuple):
        return [text for item in value for text in _stream_text(item)]
    return []


register(DocumentType(
    kind="idea", label="Ideas", model=Idea, findable=findable_ideas,
    document=idea_document, related=idea_related,
))
register(DocumentType(
    kind="practice", label="Practices", model=PracticePage, findable=findable_practices,
    document=practice_document,
))


# --- Publishing -----------------------------------------------------------------
# Publishing and unpublishing save the page, which the search's post_save net
# sees; these say it outright. A view restriction changes who may read a page
# and its subpages without saving any of them.

@receiver(page_published, sender=PracticePage, dispatch_uid="practices.search.published")
@receiver(page_unpublished, sender=PracticePage, dispatch_uid="practices.search.unpublished")
def _published_or_not(sender, instance, **kwargs):
    index_later(instance)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="practices.search.restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="practices.search.unrestricted")
def _restriction_changed(sender, instance, **kwargs):
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is None:  # the page itself is being deleted, which the net sees
        return
    for pk in PracticePage.objects.filter(path__startswith=path).values_list("pk", flat=True):
        remove_later(PracticePage, pk)  # removed unless still findable when the task runs
