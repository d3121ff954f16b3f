"""The Markdown pipeline: whatever people type, no script runs and the page
around the post keeps its shape."""

import pytest
from bs4 import BeautifulSoup

from community.markdown import mentioned_handles, plain_text, render

REL = ["nofollow", "ugc", "noopener"]
PEOPLE = {"alice": "/people/1/", "bob-2": "/people/2/"}
ACTIVE = {"script", "iframe", "frame", "object", "embed", "svg", "math", "img", "style",
          "form", "input", "button", "link", "meta", "base", "video", "audio", "source"}


def soup(html):
    return BeautifulSoup(html, "html.parser")


def assert_inert(html):
    for tag in soup(html).find_all(True):
        assert tag.name not in ACTIVE, html
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not name.startswith("on"), html
            assert name not in {"style", "src", "srcset", "action", "formaction", "xlink:href"}
            assert "javascript:" not in value.lower() and "data:" not in value.lower(), html
        if tag.name == "a" and tag.get("href"):
            scheme = tag["href"].split(":", 1)[0] if ":" in tag["href"] else None
            assert scheme in {None, "http", "https", "mailto"}, html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="position:fixed;inset:0;background:red">cover the page</p>',
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<a href="https://example.com" onclick="alert(1)" onmouseover="alert(1)">hover</a>',
        '<form action="https://evil.example"><input name=password><button>Go</button></form>',
        "<object data=evil.swf></object><embed src=evil.swf>",
        "[click](vbscript:msgbox(1))",
        '<style>body{display:none}</style>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    ],
)
def test_hostile_input_comes_out_inert(text):
    assert_inert(render(text))
    assert_inert(render(text, mentions=PEOPLE))


def test_script_text_is_dropped_not_shown():
    html = render("before <script>alert(1)</script> after")
    assert "alert" not in html
    assert "before" in html and "after" in html


def test_a_quoted_angle_bracket_cannot_smuggle_a_tag_past_mention_linking():
    # The attribute value holds ">", then a mention, then a tag: a tokenizer that
    # ends tags at the first ">" would link the mention and free the <img>.
    text = '<em title="a>b @alice <img src=x onerror=alert(1)>">hi</em>'
    html = render(text, mentions=PEOPLE)
    assert_inert(html)
    assert soup(html).find("a") is None


def test_mention_urls_are_escaped():
    html = render("@alice", mentions={"alice": '/p/"><script>alert(1)</script>'})
    assert_inert(html)
    assert soup(html).a["href"] == '/p/"><script>alert(1)</script>'


def test_every_link_gets_rel_nofollow_ugc_noopener():
    html = render(
        "[site](https://example.com), <https://example.org>, "
        '<a href="mailto:help@example.com" rel="follow">mail</a> and @alice',
        mentions=PEOPLE,
    )
    links = soup(html).find_all("a")
    assert len(links) == 4
    for link in links:
        assert link["rel"] == REL


def test_safe_links_keep_their_address_and_title():
    link = soup(render('[docs](https://example.com/a?b=1&c=2 "The docs")')).a
    assert link["href"] == "https://example.com/a?b=1&c=2"
    assert link["title"] == "The docs"
    assert link.get_text() == "docs"


def test_writers_cannot_set_classes():
    # A forged mention could point anywhere and look like one of ours.
    html = render(
        '<a class="mention" href="https://evil.example">@ops</a> <code class="hidden">x</code>'
    )
    assert soup(html).find(class_=True) is None
    assert soup(html).a["href"] == "https://evil.example"


def test_fenced_code_is_a_code_block_with_html_escaped():
    html = render('```html\n<script>alert("hi")</script>\n<b>bold</b>\n```')
    block = soup(html).find("pre").find("code")
    assert block["class"] == ["language-html"]
    assert block.get_text() == '<script>alert("hi")</script>\n<b>bold</b>\n'
    assert "&lt;script&gt;" in html
    assert soup(html).find("script") is None and soup(html).find("b") is None


def test_inline_and_indented_code_escape_html():
    html = render("Use `<br>` here.\n\n    <i>indented</i>")
    assert soup(html).find("br") is None and soup(html).find("i") is None
    assert [c.get_text() for c in soup(html).find_all("code")] == ["<br>", "<i>indented</i>\n"]


def test_known_handles_become_links_and_unknown_stay_text():
    html = render("Thanks @alice and @Bob-2, and hello @nobody.", mentions=PEOPLE)
    links = soup(html).find_all("a", class_="mention")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("@alice", "/people/1/"), ("@Bob-2", "/people/2/"),
    ]
    assert "@nobody" in soup(html).get_text()


def test_mentions_without_a_map_stay_text():
    assert soup(render("hi @alice")).find("a") is None


@pytest.mark.parametrize(
    "text",
    [
        "`@alice`",
        "```\n@alice\n```",
        "    @alice in an indented block",
        "<code>@alice</code>",
        '<code class="language-py">@alice</code>',
        "<pre>@alice</pre>",
        "[@alice](https://example.com)",
        '<a href="https://example.com">see @alice</a>',
    ],
)
def test_mentions_are_never_linked_inside_code_or_links(text):
    html = render(text, mentions=PEOPLE)
    assert soup(html).find("a", class_="mention") is None
    assert "@alice" in soup(html).get_text()
    assert mentioned_handles(text) == []


def test_a_link_around_a_mention_keeps_its_text():
    link = soup(render("[@alice](https://example.com)", mentions=PEOPLE)).a
    assert (link.get_text(), link["href"]) == ("@alice", "https://example.com")


def test_email_addresses_and_urls_are_not_mentions():
    text = "Write to alice@example.com or see https://example.com/@alice"
    assert mentioned_handles(text) == []
    assert soup(render(text, mentions=PEOPLE)).find("a") is None


def test_mentioned_handles_are_lowercased_deduplicated_and_in_order():
    text = "@Bob-2 then @alice, @ALICE again, (@carol) and `@property`"
    assert mentioned_handles(text) == ["bob-2", "alice", "carol"]
    assert mentioned_handles("") == [] and mentioned_handles(None) == []


def test_mentions_in_headings_lists_and_quotes_are_linked():
    text = "# For @alice\n\n- ask @alice\n\n> @alice said"
    assert len(soup(render(text, mentions=PEOPLE)).find_all("a", class_="mention")) == 3
    assert mentioned_handles(text) == ["alice"]


@pytest.mark.parametrize(
    "text",
    ["# Big", "## Less", "Big\n===", "Less\n---", "<h1>Big</h1>", '<h2 class="x">Less</h2>'],
)
def test_top_headings_become_h3(text):
    tags = [tag.name for tag in soup(render(text)).find_all(True)]
    assert tags == ["h3"]


def test_smaller_headings_stay():
    assert [t.name for t in soup(render("### a\n\n#### b\n\n###### c")).find_all(True)] == [
        "h3", "h4", "h6",
    ]


def test_tables_render_with_alignment():
    html = render("| Step | Days |\n|:-----|-----:|\n| Refund | 5 |\n| Replace | 2 |")
    table = soup(html).table
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Step", "Days"]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert rows == [["Refund", "5"], ["Replace", "2"]]
    assert table.tbody.find("td")["align"] == "left"


def test_everyday_markdown_still_works():
    html = render("**bold** *em*\nnext line\n\n1. one\n2. two\n\n> quoted\n\n---")
    names = {tag.name for tag in soup(html).find_all(True)}
    assert {"strong", "em", "br", "ol", "li", "blockquote", "hr"} <= names


def test_empty_text_renders_empty():
    assert render("") == render(None) == ""


def test_plain_text_drops_markup_and_keeps_characters():
    text = (
        "# Refunds & returns\n\n"
        "It's **5 < 7** days <script>alert(1)</script>, see [here](https://x.example)."
    )
    assert plain_text(text) == "Refunds & returns It's 5 < 7 days , see here."


def test_plain_text_cuts_at_a_word_with_an_ellipsis():
    excerpt = plain_text("word " * 100, length=23)
    assert excerpt == "word word word word…"
    assert len(excerpt) <= 23
    assert plain_text("short", length=23) == "short"
