"""What the pages of ideas and practices show, in the page cache's scopes
(community/pagecache.py), and the changes that make them stale.

"idea:<id>" is everything on an idea's page, the titles of the threads it
cites included; "ideas" every list of ideas (the board, the roadmap, topic
pages), as any vote can reorder them. "practice:<id>" is a practice's page
besides its content (which publishing covers), "library" every list of
practices. A thread's page shows the ideas citing it, so it shows their scopes
too (templatetags/ideas_tags.py), and an idea's page those of its similar ideas.

Rows saved through the models are seen here; the flows that change counters
with update(), which sends no signal (votes, recounts, hiding a comment), call
ideas_changed() or pages_changed() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community import pagecache
from forum.cached_pages import FORUMS, thread_renamed, thread_scope

from .models import (
    Evidence, Idea, IdeaComment, IdeasBoardPage, PracticeLibraryPage, PracticePage,
    PracticeRating, StatusChange,
)

IDEAS = "ideas"
LIBRARY = "library"


def idea_scope(pk):
    return f"idea:{pk}"


def practice_scope(pk):
    return f"practice:{pk}"


def idea_page(pk, slug=None):
    """What the idea page at ideas/<pk>/ shows, known from its address (practices/urls.py)."""
    return [idea_scope(pk)]


def topic_page(slug=None):
    """What a topic page shows: threads, ideas and practices (practices/taxonomy_urls.py)."""
    return [FORUMS, IDEAS, LIBRARY]


def showing_ideas(request, ideas):
    """`ideas`, after saying that the page being rendered shows each of them."""
    pagecache.shows(request, *(idea_scope(idea.pk) for idea in ideas))
    return ideas


pagecache.cache_page_type(IdeasBoardPage, lambda page: [IDEAS])
pagecache.cache_page_type(PracticeLibraryPage, lambda page: [LIBRARY])
# A practice names the idea it was born from, and the threads that idea cites.
pagecache.cache_page_type(PracticePage, lambda page: [
    practice_scope(page.pk), page.source_idea_id and idea_scope(page.source_idea_id)])


def ideas_changed(*idea_ids):
    """Forget the cached pages that show the ideas `idea_ids`, and the lists of ideas."""
    pagecache.pages_changed(IDEAS, *(idea_scope(pk) for pk in idea_ids if pk))


def idea_page_changed(idea_id):
    """Forget the cached pages of the idea `idea_id`, for a change no list shows (a comment)."""
    pagecache.pages_changed(idea_scope(idea_id))


def practice_changed(practice_id):
    pagecache.pages_changed(practice_scope(practice_id), LIBRARY)


@receiver(post_save, sender=Idea)
@receiver(post_delete, sender=Idea)
def _idea_saved(sender, instance, **kwargs):
    # An idea merged into another shows on that one's timeline.
    ideas_changed(instance.pk, instance.merged_into_id)


@receiver(post_save, sender=StatusChange)
@receiver(post_delete, sender=StatusChange)
def _status_changed(sender, instance, **kwargs):
    ideas_changed(instance.idea_id)


@receiver(post_save, sender=IdeaComment)
@receiver(post_delete, sender=IdeaComment)
def _comment_saved(sender, instance, **kwargs):
    idea_page_changed(instance.idea_id)


@receiver(post_save, sender=Evidence)
@receiver(post_delete, sender=Evidence)
def _evidence_saved(sender, instance, **kwargs):
    # The thread's page names the ideas it backs.
    ideas_changed(instance.idea_id)
    pagecache.pages_changed(thread_scope(instance.thread_id))


@receiver(thread_renamed)
def _cited_thread_renamed(sender, thread_id, **kwargs):
    ideas = Evidence.objects.filter(thread_id=thread_id).values_list("idea_id", flat=True)
    pagecache.pages_changed(*(idea_scope(pk) for pk in ideas))


@receiver(post_save, sender=PracticeRating)
@receiver(post_delete, sender=PracticeRating)
def _rating_saved(sender, instance, **kwargs):
    practice_changed(instance.practice_id)
