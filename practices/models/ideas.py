"""Improvement ideas: what a customer lives through, what could change, and who
wants it.

Vote and evidence counters are denormalised so the board never counts rows on
the fly; practices/flows/ keeps them equal to the rows they count, inside the
transaction that changes those rows, and `recount_idea` rebuilds them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from community.forms import OneLineTitlePageForm


def _scale(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


class TaggedIdea(TaggedItemBase):
    content_object = models.ForeignKey("practices.Idea", on_delete=models.CASCADE, related_name="+")


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined"
        DUPLICATE = "duplicate", "Duplicate"

    # Decided ideas take no more votes: the count is the record of the demand that
    # was there when ops decided.
    CLOSED = (Status.DONE, Status.DECLINED, Status.DUPLICATE)

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    problem = models.TextField(help_text="The problem as the customer lives it.")
    proposal = models.TextField(help_text="What could change.")
    outcome = models.TextField(help_text="What the customer would notice afterwards.")
    journey_stage = models.ForeignKey(
        "community.JourneyStage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="ideas",
    )
    barriers = models.ManyToManyField("community.Barrier", blank=True, related_name="ideas")
    tags = TaggableManager(through=TaggedIdea, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_ideas", help_text="The person in operations who carries it.",
    )
    # Priority inputs, set during triage; scoring.priority reads them.
    impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=_scale(1, 5))
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_scale(0, 100), help_text="In per cent."
    )
    effort = models.PositiveSmallIntegerField(null=True, blank=True, validators=_scale(1, 5))
    vote_count = models.PositiveIntegerField(default=0)
    customer_votes = models.PositiveIntegerField(default=0)
    worker_votes = models.PositiveIntegerField(default=0)
    evidence_count = models.PositiveIntegerField(default=0)
    trending_score = models.FloatField(default=0.0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(
        default=timezone.now, help_text="The last change the public can see."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    class Meta:
        permissions = [
            ("submit_idea", "Can submit ideas"),
            ("triage_idea", "Can triage ideas"),
        ]
        # One per board order; merged ideas never appear on the board. The id
        # breaks ties, as it does in each order, so pages of equal scores do not
        # shuffle and a keyset page starts its walk at its boundary row.
        indexes = [
            models.Index(
                models.F(field).desc(), models.F("id").desc(),
                condition=Q(merged_into__isnull=True), name=f"idea_{order}",
            )
            for order, field in (("trending", "trending_score"), ("top", "vote_count"),
                                 ("newest", "created_at"), ("updated", "updated_at"))
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:idea", args=[self.pk, self.slug or "-"])

    @property
    def is_open(self):
        return self.status not in self.CLOSED and self.merged_into_id is None


class Vote(models.Model):
    class Role(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        WORKER = "worker", "Worker"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # As the voter was when voting: a customer who later joins the staff still
    # counted as a customer's voice.
    voter_role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a merge brought this vote here, or found it here already: the
    # duplicate's voters are still told what became of the idea they backed.
    merged_from = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="vote_once")]
        indexes = [models.Index(fields=["user", "idea"], name="vote_by_user")]


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")

    class Meta:
        ordering = ["created_at", "id"]

    def get_absolute_url(self):
        """The comment in place on the idea page, on whichever page of comments it falls."""
        from ..queries import COMMENTS_PER_PAGE

        earlier = IdeaComment.objects.filter(idea_id=self.idea_id).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        ).count()
        page = earlier // COMMENTS_PER_PAGE + 1
        query = f"?page={page}" if page > 1 else ""
        return f"{self.idea.get_absolute_url()}{query}#comment-{self.pk}"


class StatusChange(models.Model):
    """One step on an idea's public timeline."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    to_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    response = models.TextField(blank=True, help_text="The official response, shown publicly.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.idea}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    def get_absolute_url(self):
        return f"{self.idea.get_absolute_url()}#status-{self.pk}"


class InternalNote(models.Model):
    """Operations' working notes on an idea; never shown to the public."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class Evidence(models.Model):
    """A forum thread where customers live the problem an idea addresses."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="evidence")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="evidence")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [models.UniqueConstraint(fields=["idea", "thread"], name="evidence_once")]


class IdeasBoardPage(RoutablePageMixin, Page):
    """The public board: where ideas are listed, voted on and submitted. Ideas
    themselves are plain models with their own addresses (practices/urls.py),
    because a board grows to thousands of them."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    base_form_class = OneLineTitlePageForm

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "ideas board"

    # The routes hand over to practices/views/ideas.py, which imports this module.
    @path("", name="board")
    def board(self, request):
        from ..views.ideas import board

        return board(request, self)

    @path("roadmap/", name="roadmap")
    def roadmap(self, request):
        from ..views.ideas import roadmap

        return roadmap(request, self)

    @path("new/", name="new_idea")
    def new_idea(self, request):
        from ..views.ideas import submit

        return submit(request, self)
