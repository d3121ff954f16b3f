"""The practices app's items of the site navigation (see community/nav.py):
"Ideas", "Practices" and "Topics". The board and the library are Wagtail pages;
ideas are the app's own views, and practices are served by the library's routes,
so only the page's address marks being in the library. Topics are plain views.

One context processor serves all three, as the settings name one per app."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from community.nav import PageNavItem

from .models import IdeasBoardPage, PracticeLibraryPage

ideas_item = PageNavItem(IdeasBoardPage, "ideas:board-url", namespace="ideas")
library_item = PageNavItem(PracticeLibraryPage, "practices:library-url", namespace=None)

TOPICS_NAMESPACE = "topics"


def connect():
    ideas_item.connect()
    library_item.connect()


def ideas_nav(request):
    return {
        **ideas_item.context(request, "ideas_board_url", "in_ideas"),
        **library_item.context(request, "practice_library_url", "in_practices"),
        **topics_context(request),
    }


def topics_context(request):
    def is_current():
        match = getattr(request, "resolver_match", None)
        return getattr(match, "namespace", "") == TOPICS_NAMESPACE

    return {"topics_url": reverse(f"{TOPICS_NAMESPACE}:index"),
            "in_topics": SimpleLazyObject(is_current)}
