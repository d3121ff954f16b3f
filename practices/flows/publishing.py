"""How a practice gets into the library, as plain functions that views, the
admin, commands and tests share.

A practice reaches the public one way only: an editor publishes it, usually by
approving it in Wagtail's moderation workflow. Workers propose a practice story
from the site; operations draft one from an idea that is done. Either way the
result is a draft page submitted to that workflow, so the editors' "Awaiting
your review" list is the one place new practices wait.

When a practice is first published, the people behind it hear of it: whoever
proposed or drafted it, and the submitter and voters of the idea it was born
from. The idea page and the idea's evidence threads link to it by reading
`published_from`, so nothing needs writing back to the idea.
"""

import html
import re

import nh3
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.dispatch import receiver
from django.utils.text import Truncator, slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published

from community import markdown, roles
from community.ratelimit import consume
from community.refusals import NotAllowed, refuse

from ..models import Idea, PracticeContributor, PracticeLibraryPage, PracticePage
from ..permissions import (  # noqa: F401  (pages ask can_propose and the refusals here)
    NO_LIBRARY, can_propose, draft_refusal, propose_refusal,
)

__all__ = ["NotAllowed"]  # re-exported, so callers catch publishing.NotAllowed

RATE_LIMIT = "practices.propose"
EVENT = "practices.published"

SUMMARY_MAX = PracticePage._meta.get_field("summary").max_length
# The library's own routes (PracticeLibraryPage): a practice with one of these
# slugs could never be reached, as the route answers first.
RESERVED_SLUGS = {"propose"}
# The rich text features a practice's story fields accept (models.library.STORY_FEATURES),
# as the tags they are stored as. Anything else in an idea's Markdown keeps its text.
STORY_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
BLANK_LINES = re.compile(r"\n\s*\n")


# --- Drafting -----------------------------------------------------------------------

def propose_practice(user, title, summary, situation, what_we_do, outcome, journey_stage=None,
                     barriers=(), tags=(), library=None):
    """A worker's practice story, as typed into the site's form (plain text), becomes
    a draft credited to them and submitted to the editors' review."""
    refuse(propose_refusal(user))
    library = _library(library)
    consume(user, RATE_LIMIT)
    with transaction.atomic():
        return _draft(
            library, user, contributors=[user], title=title, summary=summary,
            situation=paragraphs_html(situation), what_we_do=paragraphs_html(what_we_do),
            outcome=paragraphs_html(outcome), journey_stage=journey_stage, barriers=barriers,
            tags=tags,
        )


def draft_practice_from_idea(idea, user, library=None):
    """A draft practice told from a done idea's own words, submitted to the
    editors' review; the idea's author is credited when they are a worker."""
    refuse(draft_refusal(user, idea))
    library = _library(library)
    with transaction.atomic():
        # Locked and checked again: two presses of the button make one practice.
        idea = Idea.objects.select_for_update(of=("self",)).select_related("author").get(pk=idea.pk)
        refuse(draft_refusal(user, idea))
        author = idea.author
        credited = author is not None and author.is_active and roles.has_role(author, roles.WORKER)
        return _draft(
            library, user, contributors=[author] if credited else [], source_idea=idea,
            title=idea.title, summary=summary_of(idea.problem) or idea.title,
            situation=story_html(idea.problem), what_we_do=story_html(idea.proposal),
            outcome=story_html(idea.outcome), journey_stage=idea.journey_stage,
            barriers=list(idea.barriers.all()), tags=list(idea.tags.names()),
        )


def _draft(library, user, *, contributors, barriers, tags, **fields):
    """A practice page that is not live, its first revision saved and submitted to
    the page's workflow, as Wagtail's own "Submit for moderation" does."""
    page = PracticePage(
        owner=user, live=False, has_unpublished_changes=True,
        slug=_free_slug(library, fields["title"]), **fields,
    )
    page.barriers = list(barriers)
    page.contributors = [PracticeContributor(user=person) for person in contributors]
    page.tags.add(*tags)
    library.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, revision=revision,
        content_changed=True)
    # Without a workflow (an administrator may switch it off) the draft still waits
    # in the page tree, where editors find it among the library's pages.
    if workflow := page.get_workflow():
        workflow.start(page, user)
    return page


def _free_slug(library, title):
    slug = slugify(title, allow_unicode=True)[:200] or "practice"
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-practice"
    return find_available_slug(library, slug)


def _library(library):
    library = library or PracticeLibraryPage.objects.first()
    if library is None:
        raise NotAllowed(NO_LIBRARY)
    return library


# --- Text ---------------------------------------------------------------------------

def paragraphs_html(text):
    """Plain text as rich text paragraphs: a blank line starts a paragraph, a
    single line break stays one, and nothing typed is read as markup."""
    paragraphs = [part.strip() for part in BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs if part
    )


def story_html(text):
    """An idea's Markdown as a practice's rich text: rendered as the idea page
    renders it, then cut down to what the story fields can hold, so the editor
    shows exactly what is stored. Text that renders to nothing (markup alone)
    is kept as typed, as the story fields may not be empty."""
    html_text = nh3.clean(markdown.render(text), tags=STORY_TAGS, attributes={"a": {"href"}},
                          url_schemes=markdown.URL_SCHEMES, link_rel=None)
    return html_text if html_text.strip() else paragraphs_html(text)


def summary_of(text):
    """The first sentence of an idea's Markdown as plain text, short enough for a summary."""
    plain = markdown.plain_text(text, length=SUMMARY_MAX * 4)
    first = SENTENCE_END.split(plain, maxsplit=1)[0]
    return Truncator(first).chars(SUMMARY_MAX)


# --- What readers see ---------------------------------------------------------------

def published_from(ideas):
    """The published practices born from `ideas` that anyone may read, in one query."""
    ids = [idea.pk for idea in ideas]
    if not ids:
        return []
    # The same practices as library.readable_practices(), with the view
    # restrictions checked inside the query rather than read beforehand: a
    # restriction covers its page and every page whose path starts with its path.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return list(
        PracticePage.objects.live().filter(source_idea_id__in=ids).exclude(Exists(restricted))
        .order_by("first_published_at", "pk")
    )


# --- Telling people -----------------------------------------------------------------

@receiver(page_published, sender=PracticePage, dispatch_uid="practices.practice_published")
def _practice_published(sender, instance, **kwargs):
    # Connected here, with the rule it serves, so no app start-up code can leave it out.
    practice_published(instance)


def practice_published(practice):
    """Tell the people behind `practice` it is published, the first time only:
    a correction published later is no news. Publishing sets both dates to the
    same moment only when it is the first publication."""
    if practice.first_published_at != practice.last_published_at:
        return
    from ..tasks import announce_practice

    # After commit and in the background: a popular idea has thousands of voters,
    # and the editor's publish request should not wait for them.
    transaction.on_commit(lambda: announce_practice.enqueue(practice.pk))


