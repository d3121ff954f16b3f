"""Forums are Wagtail pages that editors arrange; threads and posts are plain
models, because forums grow to millions of rows.

Counters (replies, helpful reactions, thread and post counts) are denormalised
so lists never count rows on the fly; forum/flows.py keeps them equal to the
rows they count, inside the transaction that changes those rows.
"""

from django.conf import settings
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

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25


class ForumIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = OneLineTitlePageForm
    parent_page_types = ["community.HomePage"]
    subpage_types = ["forum.ForumPage"]
    max_count = 1

    class Meta:
        verbose_name = "forum index"

    def get_context(self, request, *args, **kwargs):
        from .queries import forums_in

        context = super().get_context(request, *args, **kwargs)
        context["forums"] = forums_in(self)
        return context


class ForumPage(RoutablePageMixin, Page):
    description = models.CharField(
        max_length=250, blank=True, help_text="One line telling people what belongs here."
    )
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )

    content_panels = Page.content_panels + [FieldPanel("description")]
    base_form_class = OneLineTitlePageForm
    parent_page_types = ["forum.ForumIndexPage"]
    subpage_types = []

    # Counters of the forum's own threads and posts, kept by forum/flows.py. Wagtail
    # stores every field in a page's revisions and copies, but these describe the
    # rows, not what an editor wrote: a copy starts with none, and publishing a
    # revision keeps the live values.
    COUNTERS = ("thread_count", "post_count", "last_post", "last_activity_at")
    exclude_fields_in_copy = list(COUNTERS)

    class Meta:
        verbose_name = "forum"

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.COUNTERS:
            field = self._meta.get_field(name)
            setattr(page, field.attname, getattr(self, field.attname))
        return page

    # The routes hand over to forum/views.py, which imports this module, hence the
    # imports inside. The list is not called "threads": that is Thread.forum's reverse.
    @path("", name="thread_list")
    def thread_list(self, request):
        from .views import thread_list

        return thread_list(request, self)

    @path("new/", name="new_thread")
    def new_thread(self, request):
        from .views import start_thread

        return start_thread(request, self)


class TaggedThread(TaggedItemBase):
    content_object = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")


class Thread(models.Model):
    forum = models.ForeignKey(ForumPage, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    journey_stage = models.ForeignKey(
        "community.JourneyStage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="threads",
    )
    tags = TaggableManager(through=TaggedThread, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Visible replies: the opening post, deleted and hidden posts do not count.
    reply_count = models.PositiveIntegerField(default=0)
    # Helpful reactions on all of the thread's visible posts.
    helpful_count = models.PositiveIntegerField(default=0)
    # Numbers handed out so far, deleted posts included; the next post is posts_made + 1.
    posts_made = models.PositiveIntegerField(default=0)
    last_post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    solution = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # Hidden with its opening post, by a moderator or by its author deleting it.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        permissions = [("moderate_forum", "Can moderate the forums")]
        # The lists' orders (forum.queries.SORTS and filters) end in the id, and
        # so do their indexes: a keyset page starts its walk at its boundary row.
        indexes = [
            models.Index(
                "forum", models.F("is_pinned").desc(), models.F("last_activity_at").desc(),
                models.F("id").desc(), condition=Q(is_hidden=False), name="thread_latest",
            ),
            models.Index(
                "forum", models.F("created_at").desc(), models.F("id").desc(),
                condition=Q(is_hidden=False), name="thread_newest",
            ),
            models.Index(
                "forum", models.F("helpful_count").desc(), models.F("id").desc(),
                condition=Q(is_hidden=False), name="thread_helpful",
            ),
            models.Index(
                "forum", models.F("last_activity_at").desc(), models.F("id").desc(),
                condition=Q(is_hidden=False, reply_count=0), name="thread_unanswered",
            ),
            models.Index(
                "forum", models.F("last_activity_at").desc(), models.F("id").desc(),
                condition=Q(is_hidden=False, solution__isnull=False), name="thread_solved",
            ),
            models.Index(
                "forum", models.F("last_activity_at").desc(), models.F("id").desc(),
                condition=Q(is_hidden=False), name="thread_activity",
            ),
            models.Index("author", models.F("last_activity_at").desc(), name="thread_by_author"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.pk, self.slug or "-"])

    @property
    def is_solved(self):
        return self.solution_id is not None


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    number = models.PositiveIntegerField(help_text="Position in the thread; 1 is the question.")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    is_deleted = models.BooleanField(default=False, help_text="Deleted by its author.")
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_number_in_thread")
        ]
        indexes = [models.Index("author", models.F("created_at").desc(), name="post_by_author")]

    def __str__(self):
        return f"{self.thread} #{self.number}"

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])

    @property
    def is_visible(self):
        return not (self.is_deleted or self.is_hidden)

    @property
    def is_opening(self):
        return self.number == 1

    @property
    def page_number(self):
        """The page of the thread this post is on."""
        return (self.number - 1) // POSTS_PER_PAGE + 1


class PostRevision(models.Model):
    """The text of a post before an edit; the edit history moderators can read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, help_text="When this text was replaced.")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class Reaction(models.Model):
    """A "helpful" from one person on one post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="reaction_once")]
        indexes = [models.Index(fields=["user", "post"], name="reaction_by_user")]


class Subscription(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="subscription_once")]
        indexes = [models.Index(fields=["user", "thread"], name="subscription_by_user")]


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        RUDE = "rude", "Rude or abusive"
        OFF_TOPIC = "off_topic", "Off topic"
        PRIVATE = "private", "Shares someone's private information"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HIDDEN = "hidden", "Post hidden"
        DISMISSED = "dismissed", "Dismissed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=Q(status="open"), name="flag_open_once"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_queue")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post}"
