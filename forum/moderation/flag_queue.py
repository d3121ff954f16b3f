"""The flag queue in the Wagtail admin: posts with open flags, one row per post,
the longest-waiting first. Its buttons post to the site's moderation views
(forum/moderation/views.py), which check permission and come back here."""

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BaseColumn, DateColumn
from wagtail.admin.views.generic.base import BaseListingView

from community.roles import is_moderator
from .. import moderation


class TemplateColumn(BaseColumn):
    """A column drawn by its own template, which can post forms back to the site."""

    def __init__(self, name, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        context.update(
            csrf_token=get_token(request),
            back_url=request.get_full_path(),
            can_suspend=moderation.can_suspend(request.user),
        )
        return context


class FlaggedPostsPaginator(WagtailPaginator):
    # The rows come from Flag, but each one is a post.
    verbose_name = "flagged post"
    verbose_name_plural = "flagged posts"


class FlagQueueView(BaseListingView):
    page_title = "Flags"
    header_icon = "warning"
    index_url_name = "forum_flag_queue"
    paginate_by = 20
    paginator_class = FlaggedPostsPaginator
    columns = [
        TemplateColumn("post", "forum/admin/flag_queue/post_cell.html", label="Post"),
        TemplateColumn("author", "forum/admin/flag_queue/author_cell.html", label="Author"),
        TemplateColumn("flags", "forum/admin/flag_queue/flags_cell.html", label="Flags"),
        DateColumn("first_flagged_at", label="First flagged"),
        TemplateColumn("actions", "forum/admin/flag_queue/actions_cell.html", label="Actions"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    no_results_message = "No posts are waiting for a moderator."

    def get_base_queryset(self):
        return moderation.flagged_posts()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = moderation.posts_for_queue(rows)
        return paginator, page, page.object_list, is_paginated
