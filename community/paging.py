"""Numbered pages, for the short lists that have them (a person's notifications,
search results, the flag queue); long lists page by keyset (keyset.py)."""

from django.core.paginator import Paginator


def get_page(items, per_page, number):
    """Django's page `number` of `items`, a bad number giving the first or last
    page, with `elided_range`: the page links to show around the current one."""
    page_obj = Paginator(items, per_page).get_page(number)
    page_obj.elided_range = list(page_obj.paginator.get_elided_page_range(page_obj.number))
    return page_obj
