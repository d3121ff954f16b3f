"""What the apps' document builders lean on to read a million objects quickly
gives exactly what the slow way gives: the text community.markdown renders,
and the addresses reverse() makes."""

import pytest
from django.urls import reverse, set_script_prefix

from community.markdown import plain_text, render
from search.documents import Address, plain

WRITTEN = [
    "Where is my refund? It's been 3 weeks, and the shop (on Main St.) says 50% off.",
    "Two lines\nof text\n\nand a paragraph; email me at ann@example.com or @ann",
    "A **bold** claim, an _aside_ and `code`.",
    "1. first\n2. second",
    "- a list\n- of things",
    "# A heading\nand text",
    "Fish & chips <b>now</b> &amp; then",
    "> a quote",
    "A [link](https://example.com) and ![a picture](/x.png)",
    "Title\n=====\n\nSub\n---",
    "    indented code",
    "café, naïve façade — “quoted” … 1+1=2",
    "snake_case_name and x*y",
    "",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_the_plain_text_of_markdown_is_what_rendering_it_gives(text):
    assert plain(text) == plain_text(text, length=100_000)
    assert plain("", render(text)) == plain_text(text, length=100_000)


def test_long_text_is_cut_where_rendering_cuts_it():
    text = " ".join(f"word{n}" for n in range(200))
    assert plain(text, length=50) == plain_text(text, length=50)


@pytest.mark.parametrize("args", [(7,), (12345,)])
def test_addresses_are_what_reverse_gives(args):
    assert Address("forum:post")(*args) == reverse("forum:post", args=args)


@pytest.mark.parametrize("slug", ["refund-delayed", "-", "café-crème", "a b"])
def test_addresses_with_a_slug_are_quoted_as_reverse_quotes_them(slug):
    address = Address("forum:thread")
    assert address(3, slug) == reverse("forum:thread", args=[3, slug])
    # Under a script prefix too (a site served below the domain's root).
    set_script_prefix("/community/")
    try:
        assert address(3, slug) == reverse("forum:thread", args=[3, slug])
        assert address(3, slug).startswith("/community/")
    finally:
        set_script_prefix("/")
