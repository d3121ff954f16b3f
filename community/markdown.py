"""The one Markdown pipeline for everything people write: Markdown to HTML,
then an allow-list sanitiser, so no script can ever run from user text."""

import html as html_lib
import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# h1 and h2 belong to the page around the post. They survive the first clean
# only so that they can be demoted instead of flattened into plain text.
DEMOTED_HEADINGS = {"<h1>": "<h3>", "<h2>": "<h3>", "</h1>": "</h3>", "</h2>": "</h3>"}
# Only our own mention links carry a class on <a>; writers cannot set one.
WRITER_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "a": ALLOWED_ATTRIBUTES["a"] - {"class"}}
CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")

# @handle at a word start; handles are slugs (see community.people.free_handle).
MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9][A-Za-z0-9_-]{0,39})\b")

# A tag in nh3's output. Attribute values there are always double-quoted but
# may contain ">", so a plain <[^>]+> would end some tags too early.
TAG = re.compile(r'(<[^>"]*(?:"[^"]*"[^>"]*)*>)')
TAG_NAME = re.compile(r"</?([a-z][a-z0-9]*)")
# Link text, inline code and code blocks never hold mentions.
NO_MENTIONS = {"a", "code", "pre"}


def render(text, *, mentions=None):
    """Sanitised HTML for `text`. `mentions` maps handle -> profile URL; those
    @handles become links, others stay plain text."""
    mentions = {handle.lower(): url for handle, url in (mentions or {}).items()}

    def link(match):
        url = mentions.get(match.group(1).lower())
        if url is None:
            return match.group(0)
        return f'<a class="mention" href="{html_lib.escape(url)}">@{match.group(1)}</a>'

    parts = []
    for part, is_tag, may_mention in _parts(_clean_markdown(text)):
        if is_tag:
            part = DEMOTED_HEADINGS.get(part, part)
        elif may_mention and mentions:
            part = MENTION.sub(link, part)
        parts.append(part)
    # The sanitiser runs last, so nothing added above can open a hole.
    return nh3.clean(
        "".join(parts),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_allowed_class,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def mentioned_handles(text):
    """The @handles in `text` that render() would link, lower-cased, in order of
    first appearance. "@property" in pasted code is not a mention, so nobody
    is notified about it."""
    seen = []
    for part, _is_tag, may_mention in _parts(_clean_markdown(text)):
        if may_mention:
            for handle in MENTION.findall(part):
                handle = handle.lower()
                if handle not in seen:
                    seen.append(handle)
    return seen


def plain_text(text, length=200):
    """A short plain-text excerpt of Markdown, for lists, e-mails and search snippets.

    The result is text, not HTML ("&" stays "&"), so templates escape it as usual."""
    words = html_lib.unescape(nh3.clean(render(text), tags=set())).split()
    excerpt = " ".join(words)
    return excerpt if len(excerpt) <= length else excerpt[: length - 1].rsplit(" ", 1)[0] + "…"


def _clean_markdown(text):
    """Markdown to sanitised, well-formed HTML, still with h1 and h2."""
    html = markdown_lib.markdown(
        text or "",
        extensions=["fenced_code", "sane_lists", "tables", "nl2br"],
        # Style attributes never pass the sanitiser, so alignment must be an attribute.
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1", "h2"},
        attributes=WRITER_ATTRIBUTES,
        attribute_filter=_allowed_class,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def _allowed_class(element, attribute, value):
    # A free class would let a writer borrow the site's own styles, e.g. to
    # dress a link to anywhere as an @mention or to cover the page.
    if attribute != "class":
        return value
    if element == "code" and CODE_CLASS.fullmatch(value):
        return value
    if element == "a" and value == "mention":
        return value
    return None


def _parts(html):
    """Split sanitised HTML into (part, is_tag, may_mention) pieces."""
    inside = 0
    for i, part in enumerate(TAG.split(html)):
        if i % 2 == 0:
            yield part, False, inside == 0
            continue
        name = TAG_NAME.match(part)
        if name and name.group(1) in NO_MENTIONS:
            inside = max(0, inside - 1) if part.startswith("</") else inside + 1
        yield part, True, False
