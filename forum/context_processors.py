"""The "Forums" item of the site's navigation, on every page without a query:
the forum index's address is cached, and forgotten whenever that page changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ForumIndexPage

CACHE_KEY = "forum:index-url"
# A safety net for changes no signal reports, such as moving a page above the index.
CACHE_SECONDS = 60 * 60


def forum_nav(request):
    url = SimpleLazyObject(forum_index_url)

    def in_forums():
        # Forum pages live under the index; threads and posts are the forum app's own views.
        match = getattr(request, "resolver_match", None)
        return bool(url) and (
            request.path.startswith(str(url)) or getattr(match, "namespace", "") == "forum"
        )

    return {"forum_index_url": url, "in_forums": SimpleLazyObject(in_forums)}


def forum_index_url():
    """The address of the live forum index, or "" when there is none."""
    url = cache.get(CACHE_KEY)
    if url is None:
        index = ForumIndexPage.objects.live().first()
        url = (index.get_url() or "") if index else ""
        cache.set(CACHE_KEY, url, CACHE_SECONDS)
    return url


def forget_forum_index_url(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
        signal.connect(forget_forum_index_url, sender=ForumIndexPage,
                       dispatch_uid="forum.forget_forum_index_url")
