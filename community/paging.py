"""Numbered pages, for lists whose pages are numbered: a thread's posts (a page
is a range of post numbers), an idea's comments, a post's history; long
lists of threads and ideas page by keyset (keyset.py)."""

from django.core.paginator import Paginator


def get_page(items, per_page, number):
    """Django's page `number` of `items`, a bad number giving the first or last
    page, with `elided_range`: the page links to show around the current one."""
    page_obj = Paginator(items, per_page).get_page(number)
    page_obj.elided_range = list(page_obj.paginator.get_elided_page_range(page_obj.number))
    return page_obj
