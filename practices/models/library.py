"""The best-practice library: editors curate practices as Wagtail pages, many
born from an idea that was done, credited to the workers who made them work.

A practice's helpful count is denormalised like an idea's votes:
practices/flows/ratings.py keeps it equal to its PracticeRating rows, and
`recount_helpful` rebuilds it.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, PageChooserPanel, TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.forms import OneLineTitlePageForm

from ..blocks import PracticeBodyBlock
from ..admin.practice_editor import PracticePageForm, idea_chooser, person_chooser

STORY_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PracticeLibraryPage(RoutablePageMixin, Page):
    """The library: every live practice, filtered by journey stage, barrier and tag."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    base_form_class = OneLineTitlePageForm

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1
    template = "practices/library/practice_library_page.html"

    class Meta:
        verbose_name = "practice library"

    # The routes hand over to the view modules (views/library.py, views/publishing.py),
    # which import this module.
    @path("", name="library")
    def library(self, request):
        from ..views.library import library_page

        return library_page(request, self)

    @path("propose/", name="propose")
    def propose(self, request):
        from ..views.publishing import propose

        return propose(request, self)


class TaggedPractice(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticePage(RoutablePageMixin, Page):
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences: what staff do, and what the customer notices.",
    )
    situation = RichTextField(
        features=STORY_FEATURES, help_text="The moment it is for, as the customer lives it.",
    )
    what_we_do = RichTextField(
        "what we do", features=STORY_FEATURES,
        help_text="What staff do, concretely enough that a colleague could do it tomorrow.",
    )
    outcome = RichTextField(
        features=STORY_FEATURES, help_text="What changed for customers, and how you know.",
    )
    body = StreamField(
        PracticeBodyBlock(), blank=True,
        help_text="The story in more depth: service stories, steps to follow, pictures.",
    )
    journey_stage = models.ForeignKey(
        "community.JourneyStage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="practices",
    )
    barriers = ParentalManyToManyField(
        "community.Barrier", blank=True, related_name="practices",
        help_text="The barriers to good service this practice removes.",
    )
    tags = ClusterTaggableManager(through=TaggedPractice, blank=True)
    source_idea = models.ForeignKey(
        "practices.Idea", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="practices", help_text="The improvement idea this practice was born from.",
    )
    # Not `owner`: Page.owner is whoever created the page, and drives Wagtail's
    # "edit own pages" permission; this is who keeps the practice true.
    practice_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_practices", verbose_name="owner",
        help_text="Who keeps this practice true, and reviews it by the date below.",
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="When the owner checks it still works as written.",
    )
    retired = models.BooleanField(
        default=False, help_text="No longer how we work; readers are sent to the replacement.",
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces",
        help_text="The practice to follow instead, when this one is retired.",
    )
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    base_form_class = PracticePageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("situation"),
        FieldPanel("what_we_do"),
        FieldPanel("outcome"),
        FieldPanel("body"),
        InlinePanel("contributors", heading="Contributors", label="Contributor",
                    help_text="The people who made this practice work, credited by name."),
    ]
    taxonomy_panels = [
        FieldPanel("journey_stage"),
        FieldPanel("barriers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    lifecycle_panels = [
        FieldPanel("source_idea", widget=idea_chooser.widget_class),
        MultiFieldPanel([
            FieldPanel("practice_owner", widget=person_chooser.widget_class),
            FieldPanel("review_by"),
        ], heading="Ownership"),
        MultiFieldPanel([
            FieldPanel("retired"),
            PageChooserPanel("replaced_by", "practices.PracticePage"),
        ], heading="Retiring"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading="Content"),
        ObjectList(taxonomy_panels, heading="Taxonomy"),
        ObjectList(lifecycle_panels, heading="Lifecycle"),
        ObjectList(Page.promote_panels, heading="Promote"),
        ObjectList(Page.settings_panels, heading="Settings"),
    ])

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("situation"),
        index.SearchField("what_we_do"),
        index.SearchField("outcome"),
        index.SearchField("body"),
    ]

    parent_page_types = ["practices.PracticeLibraryPage"]
    subpage_types = []
    template = "practices/library/practice_page.html"

    # The count describes rows, not what an editor wrote. Wagtail keeps every field
    # in revisions and copies: a copy starts with no ratings, a published revision
    # keeps the live count, and an editor's save never writes it, so a rating
    # landing while the editor's copy was loaded is not lost.
    COUNTERS = ("helpful_count",)
    exclude_fields_in_copy = list(COUNTERS)

    class Meta:
        verbose_name = "practice"
        indexes = [
            # The library's "most helpful" order; retired practices come last.
            models.Index(fields=["retired", "-helpful_count", "-page_ptr"],
                         name="practice_helpful"),
        ]

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.COUNTERS:
            setattr(page, name, getattr(self, name))
        return page

    def save(self, *args, **kwargs):
        if self.id is not None and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTERS
            ]
        return super().save(*args, **kwargs)

    @path("", name="practice")
    def practice(self, request):
        from ..views.library import practice

        return practice(request, self)

    @path("helpful/", name="helpful")
    def helpful(self, request):
        from ..views.library import helpful

        return helpful(request, self)


class PracticeContributor(Orderable):
    """A person credited by name on a practice: usually the workers who first did it."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="contributors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_credits",
        verbose_name="person",
    )
    contribution = models.CharField(
        max_length=120, blank=True,
        help_text="Optional: what they brought, e.g. “first tried it on the night shift”.",
    )

    panels = [FieldPanel("user", widget=person_chooser.widget_class), FieldPanel("contribution")]

    class Meta(Orderable.Meta):
        # unique_together rather than a constraint: the editor's inline form checks
        # it and says so beside the row, where a constraint would fail the save.
        unique_together = [("page", "user")]


class PracticeRating(models.Model):
    """One person found a practice helpful."""

    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="practice_rating_once"),
        ]
        indexes = [models.Index(fields=["user", "practice"], name="practice_rating_by_user")]
