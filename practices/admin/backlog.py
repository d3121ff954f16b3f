"""The ideas backlog in the Wagtail admin, where operations triage ideas: a
listing to sort and filter, an edit view for status, owner and priority inputs,
a view to merge a duplicate into the idea it repeats, and one to draft a practice
from an idea that is done. Everyone else neither sees it in the menu nor opens
any of its URLs."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permission_policies.base import BasePermissionPolicy

from community.models import Barrier, JourneyStage, User

from .. import flows, scoring
from ..flows import publishing
from .forms import (
    MergeForm, TriageForm, operations_members,
)
from ..models import Idea, StatusChange


class TriagePermissionPolicy(BasePermissionPolicy):
    """Triage is one permission, not Django's add/change/delete trio: ideas are
    born on the public site and never deleted, so the backlog offers only
    viewing and changing, to whoever may triage."""

    actions = ("view", "change", "export")

    def user_has_permission(self, user, action):
        return action in self.actions and flows.can_triage(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not set(actions) & set(self.actions):
            return User.objects.none()
        granted = Q(groups__permissions__codename="triage_idea") | Q(
            user_permissions__codename="triage_idea") | Q(is_superuser=True)
        return User.objects.filter(granted, is_active=True).distinct()


def _has_status_change():
    return Exists(StatusChange.objects.filter(idea=OuterRef("pk")))


def untriaged(queryset=None):
    """New, and no status change yet: an idea moved back to new has been looked
    at. The backlog's filter and the dashboard share this, so they agree."""
    queryset = Idea.objects.all() if queryset is None else queryset
    return queryset.filter(status=Idea.Status.NEW).exclude(_has_status_change())


class IdeaFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Idea.Status.choices)
    journey_stage = django_filters.ModelChoiceFilter(queryset=JourneyStage.objects.all())
    barriers = django_filters.ModelChoiceFilter(queryset=Barrier.objects.all(), label="Barrier")
    owner = django_filters.ModelChoiceFilter(queryset=operations_members())
    untriaged = django_filters.BooleanFilter(label="Untriaged", method="filter_untriaged")
    include_merged = django_filters.BooleanFilter(
        label="Include merged duplicates", method="filter_include_merged"
    )

    class Meta:
        model = Idea
        fields = ["status", "journey_stage", "barriers", "owner"]

    def filter_untriaged(self, queryset, name, value):
        waiting = untriaged(queryset)
        return waiting if value else queryset.exclude(pk__in=waiting.values("pk"))

    def filter_include_merged(self, queryset, name, value):
        return queryset  # read by IdeaIndexView, which must apply it with no filters set


def priority_score(idea):
    result = scoring.idea_priority(idea)
    return "" if result is None else round(result.score, 1)


def votes_split(idea):
    return f"{idea.customer_votes} / {idea.worker_votes}"


class IdeaIndexView(generic.IndexView):
    default_ordering = "-vote_count"
    search_fields = ["title", "problem", "proposal"]

    def order_queryset(self, queryset):
        # Scores and counts tie all the time (most ideas have no votes yet); the id
        # breaks those ties, or an idea could show on two pages or on none.
        ordered = super().order_queryset(queryset)
        return ordered.order_by(*ordered.query.order_by, "-pk")

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("owner", "merged_into")
        asked = self.request.GET
        if asked.get("include_merged") != "true" and asked.get("status") != Idea.Status.DUPLICATE:
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset

    def to_row_dict(self, item):
        # Priority is computed, not stored, so no attribute lookup finds it.
        return {
            field: priority_score(item) if field == "priority" else multigetattr(item, field)
            for field in self.list_export
        }

    @property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="idea"),
            TitleColumn("title", label="Title", url_name=self.edit_url_name, sort_key="title",
                        get_title_id=lambda idea: f"idea_{idea.pk}_title"),
            Column("status", label="Status", accessor="get_status_display", sort_key="status"),
            Column("priority", label="Priority", accessor=priority_score),
            Column("votes", label="Votes (customers / workers)", accessor=votes_split,
                   sort_key="vote_count"),
            Column("trending_score", label="Trending",
                   accessor=lambda idea: round(idea.trending_score, 3), sort_key="trending_score"),
            Column("evidence_count", label="Evidence", sort_key="evidence_count"),
            Column("owner", label="Owner"),
            DateColumn("created_at", label="Age", sort_key="created_at"),
            DateColumn("updated_at", label="Last update", sort_key="updated_at"),
        ]


class IdeaEditView(generic.EditView):
    template_name = "practices/admin/idea_edit.html"

    def save_instance(self):
        return self.form.apply(self.request.user)

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except flows.NotAllowed as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        return self.save_action()

    def get_success_message(self):
        return f"Idea “{self.object}” updated."

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.merged_into_id is None:
            buttons.append(HeaderButton(
                "Merge into…", url=reverse("ideas_backlog:merge", args=[self.object.pk]),
                icon_name="resubmit", priority=30,
            ))
        # Offered only when it would be allowed; the view asks the same rule again.
        if publishing.draft_refusal(self.request.user, self.object) is None:
            buttons.append(HeaderButton(
                "Publish as practice",
                url=reverse("ideas_backlog:publish_practice", args=[self.object.pk]),
                icon_name="doc-full", priority=20,
            ))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["internal_notes"] = self.object.internal_notes.select_related("author")
        context["timeline"] = self.object.status_changes.select_related("changed_by")
        return context


class IdeaActionMixin(WagtailAdminTemplateMixin):
    """An admin page for one decision on one idea, for triagers only, reached
    from the idea's edit view and leading back to it."""

    action_label = ""

    def dispatch(self, request, pk):
        if not flows.can_triage(request.user):
            raise PermissionDenied
        self.idea = get_object_or_404(Idea, pk=pk)
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("ideas_backlog:index"), "label": "Ideas backlog"},
            {"url": reverse("ideas_backlog:edit", args=[self.idea.pk]), "label": str(self.idea)},
            {"url": "", "label": self.action_label},
        ]


class MergeView(IdeaActionMixin, FormView):
    template_name = "practices/admin/merge.html"
    header_icon = "resubmit"
    form_class = MergeForm
    action_label = "Merge"

    def get_page_title(self):
        return f"Merge “{self.idea}”"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "duplicate": self.idea}

    def get_context_data(self, **kwargs):
        return super().get_context_data(duplicate=self.idea, **kwargs)

    def form_valid(self, form):
        target = form.cleaned_data["target"]
        try:
            flows.merge_ideas(self.idea, target, self.request.user,
                              form.cleaned_data["response"])
        except flows.NotAllowed as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.idea}” was merged into “{target}”.")
        return redirect("ideas_backlog:edit", target.pk)


class PublishAsPracticeView(IdeaActionMixin, TemplateView):
    """Draft a practice from a done idea and send it to the editors' review. A
    GET explains what will happen; only a POST drafts."""

    template_name = "practices/admin/publish_practice.html"
    header_icon = "doc-full"
    action_label = "Publish as practice"

    def get_page_title(self):
        return f"Publish “{self.idea}” as a practice"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            idea=self.idea, refusal=publishing.draft_refusal(self.request.user, self.idea),
            **kwargs)

    def post(self, request, pk):
        try:
            practice = publishing.draft_practice_from_idea(self.idea, request.user)
        except flows.NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect("ideas_backlog:edit", self.idea.pk)
        # Drafting needs only triage; editing pages is a page permission that
        # operations may not hold. Those without it leave the draft to the editors.
        if practice.permissions_for_user(request.user).can_edit():
            messages.success(request, f"“{practice.title}” is drafted and waits for the "
                                      "editors' review; polish it here meanwhile.")
            return redirect("wagtailadmin_pages:edit", practice.pk)
        messages.success(request, f"“{practice.title}” is drafted and waits for the editors' "
                                  "review. The idea's voters are told when it is published.")
        return redirect("ideas_backlog:edit", self.idea.pk)


class IdeaViewSet(ModelViewSet):
    model = Idea
    name = "ideas_backlog"
    url_prefix = "ideas/backlog"
    menu_label = "Ideas backlog"
    icon = "tasks"
    add_to_admin_menu = True
    menu_order = 260
    copy_view_enabled = False
    index_view_class = IdeaIndexView
    edit_view_class = IdeaEditView
    index_template_name = "practices/admin/idea_index.html"
    filterset_class = IdeaFilterSet
    form_fields = ["owner", "impact", "confidence", "effort"]
    list_per_page = 50
    # Internal notes stay out: exports leave the admin and get forwarded.
    list_export = [
        "title", "get_status_display", "priority", "vote_count", "customer_votes",
        "worker_votes", "evidence_count", "trending_score", "owner", "created_at", "updated_at",
    ]
    export_headings = {
        "get_status_display": "Status", "priority": "Priority", "vote_count": "Votes",
        "customer_votes": "Customer votes", "worker_votes": "Worker votes",
        "evidence_count": "Evidence", "trending_score": "Trending", "created_at": "Created",
        "updated_at": "Last update",
    }
    export_filename = "ideas-backlog"

    def get_form_class(self, for_update=False):
        return TriageForm

    @property
    def merge_view(self):
        return MergeView.as_view()

    @property
    def publish_practice_view(self):
        return PublishAsPracticeView.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("merge/<int:pk>/", self.merge_view, name="merge"),
            path("publish-practice/<int:pk>/", self.publish_practice_view,
                 name="publish_practice"),
        ]


idea_viewset = IdeaViewSet()
