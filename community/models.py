from django.contrib.auth.models import AbstractUser, UserManager as BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from . import roles


class UserManager(BaseUserManager):
    """People are known by e-mail address. Accounts made here (management
    commands, seed data, tests) get a verified primary address, because no one
    is there to click a verification link."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        mark_email_verified(user)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def mark_email_verified(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


class Skill(models.Model):
    name = models.CharField(max_length=60)

    class Meta:
        ordering = [Lower("name")]
        # "Returns" and "returns" are one skill, whoever typed it first.
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_any_case")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="How your name appears to others."
    )
    handle = models.SlugField(
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text="Others mention you as @handle. Letters, digits, hyphens and underscores.",
    )
    bio = models.TextField("short bio", max_length=500, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="people")
    suspended_until = models.DateTimeField(
        null=True, blank=True, help_text="A suspended person can read but not write."
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["display_name", "email"]
        permissions = [("suspend_user", "Can suspend and restore people")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The public name. Never derived from the e-mail address, which stays private."""
        return self.display_name or f"Member {self.pk}"

    @property
    def is_suspended(self):
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    def save(self, *args, **kwargs):
        if not self.handle:
            from .people import free_handle

            self.handle = free_handle(self.display_name or "member", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:profile", args=[self.pk])

    @property
    def badges(self):
        return [role.badge for role in roles.roles_of(self) if role.badge]

    @property
    def is_worker(self):
        return roles.has_role(self, roles.WORKER)


@register_setting(icon="site")
class CommunitySettings(BaseSiteSetting):
    name = models.CharField(max_length=80, default="Service Commons")
    tagline = models.CharField(
        max_length=160,
        default="Where customers are heard and good service is shared.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo")]

    class Meta:
        verbose_name = "community settings"


class HomePage(Page):
    intro = models.CharField(
        max_length=250,
        blank=True,
        help_text="One sentence under the page title saying what the community is for.",
    )
    body = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from .activity import latest_activity

        context = super().get_context(request, *args, **kwargs)
        context["latest_activity"] = latest_activity(request.user)
        return context


class TaxonomyTerm(models.Model):
    """A managed value shared by threads, ideas and practices."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class JourneyStage(TaxonomyTerm):
    """Where the customer is on their journey, never which department owns it."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "journey stage"


class Barrier(TaxonomyTerm):
    """A barrier to good service that an idea or practice removes."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "barrier"
