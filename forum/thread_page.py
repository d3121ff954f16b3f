"""What the thread page shows a given reader: one page of posts, with what this
reader may do to each, in a fixed number of queries."""

from community.people import can_write
from community.roles import is_moderator

from . import flows, queries


def thread_context(request, thread, page, form, preview=None):
    user = request.user
    page_obj, posts = queries.page_of_posts(thread, page)
    helpful = queries.helpful_post_ids(user, posts)
    for post in posts:
        post.marked_helpful = post.pk in helpful
        post.can_react = flows.can_react(user, post)
        post.can_flag = flows.can_flag(user, post)
        post.can_edit = flows.can_edit(user, post)
        post.can_solve = flows.can_mark_solution(user, thread, post)
    return {
        "thread": thread,
        "forum": thread.forum,
        "page_obj": page_obj,
        "posts": posts,
        "solution": _visible_solution(thread) if page_obj.number == 1 else None,
        "following": queries.is_following(user, thread),
        "is_moderator": is_moderator(user),
        "can_write": can_write(user),
        "can_follow": flows.can_follow(user),
        "can_reply": flows.can_reply(user, thread),
        "form": form,
        "preview": preview,
    }


def quote(post):
    """Markdown that quotes `post`, with who wrote it and a link to where."""
    quoted = "\n".join(f"> {line}".rstrip() for line in post.body.strip().splitlines())
    name = post.author.name if post.author else "A former member"
    return f"{name} [wrote]({post.get_absolute_url()}):\n{quoted}\n\n"


def _visible_solution(thread):
    solution = thread.solution
    return solution if solution is not None and solution.is_visible else None
