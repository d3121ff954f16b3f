"""The "Forums" item of the site's navigation (see community/nav.py). Forum
pages live under the index; threads and posts are the forum app's own views."""

from community.nav import PageNavItem

from .models import ForumIndexPage

CACHE_KEY = "forum:index-url"

nav_item = PageNavItem(ForumIndexPage, CACHE_KEY, namespace="forum")
forum_index_url = nav_item.url
forget_forum_index_url = nav_item.forget
connect = nav_item.connect


def forum_nav(request):
    return nav_item.context(request, "forum_index_url", "in_forums")
