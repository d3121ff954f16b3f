"""The one Markdown pipeline for everything people write: Markdown to HTML,
then an allow-list sanitiser, so no script can ever run from user text."""

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

# @handle at a word start; handles are slugs (see community.people.free_handle).
MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9][A-Za-z0-9_-]{0,39})\b")


def render(text, *, mentions=None):
    """Sanitised HTML for `text`. `mentions` maps handle -> profile URL; those
    @handles become links, others stay plain text."""
    html = markdown_lib.markdown(
        text or "",
        extensions=["fenced_code", "sane_lists", "tables", "nl2br"],
        output_format="html",
    )
    if mentions:
        html = _link_mentions(html, mentions)
    # Headings start at h3: h1 and h2 belong to the page around the post.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


def mentioned_handles(text):
    """The @handles in `text`, lower-cased, in order of first appearance."""
    seen = []
    for handle in MENTION.findall(text or ""):
        handle = handle.lower()
        if handle not in seen:
            seen.append(handle)
    return seen


def _link_mentions(html, mentions):
    # Only outside tags and outside code, so `@name` in a code block stays code.
    parts = re.split(r"(<pre>.*?</pre>|<code>.*?</code>|<[^>]+>)", html, flags=re.S)
    for i, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[i] = MENTION.sub(
                lambda m: (
                    f'<a class="mention" href="{mentions[m.group(1).lower()]}">@{m.group(1)}</a>'
                    if m.group(1).lower() in mentions
                    else m.group(0)
                ),
                part,
            )
    return "".join(parts)


def plain_text(text, length=200):
    """A short plain-text excerpt of Markdown, for lists, e-mails and search snippets."""
    html = render(text)
    words = nh3.clean(html, tags=set()).split()
    excerpt = " ".join(words)
    return excerpt if len(excerpt) <= length else excerpt[: length - 1].rsplit(" ", 1)[0] + "…"
