"""The "Ideas" item of the site's navigation (see community/nav.py). The board
is a Wagtail page; ideas are the practices app's own views."""

from community.nav import PageNavItem

from .models import IdeasBoardPage

nav_item = PageNavItem(IdeasBoardPage, "ideas:board-url", namespace="ideas")
connect = nav_item.connect


def ideas_nav(request):
    return nav_item.context(request, "ideas_board_url", "in_ideas")
