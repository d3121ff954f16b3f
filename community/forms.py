import re
import unicodedata

from django import forms
from django.core import validators
from django.db import connection
from wagtail.admin.forms import WagtailAdminPageForm

from .models import Skill, User
from .people import set_skills
from .writing import BODY_MAX

MAX_SKILLS = 20


def title_as_you_type(url, target):
    """A title input that asks `url` what is like it as it is typed, and puts the
    answer in `target` (a CSS selector): duplicates and answers show up early.
    The form works the same without JavaScript."""
    return forms.TextInput(attrs={
        "hx-get": url,
        "hx-trigger": "input changed delay:400ms",
        "hx-target": target,
        "hx-sync": "this:replace",
        "autocomplete": "off",
    })


def one_line(text):
    """`text` on one line: line breaks, tabs and runs of spaces become one space,
    and other control characters go. Titles end up in e-mail subjects, where a
    line break would start a new header and the mail would not be sent."""
    kept = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())


class OneLineField(forms.CharField):
    """A title or a name, kept to one line however it was typed or pasted."""

    def to_python(self, value):
        return one_line(super().to_python(value))


class OneLineTitlePageForm(WagtailAdminPageForm):
    """A page form (a page class's base_form_class) whose title stays on one
    line: Wagtail sends it in the subjects of its moderation e-mails."""

    class Meta:
        field_classes = {"title": OneLineField}


def as_id(value, model):
    """`value` as a primary key of `model` if it can be one, else None. Ids come
    from addresses and forms where anything can be typed; the database refuses an
    integer wider than its column (SQLite with OverflowError, a server error), and
    Django's own guard does not cover every lookup (`in`, a page type's key)."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    pk = model._meta.pk
    while pk.is_relation:  # a page type's key is a link to its Page row
        pk = pk.target_field
    low, high = connection.ops.integer_field_range(pk.get_internal_type())
    number = int(text)
    return number if low <= number <= high else None


class IdChoiceField(forms.ModelChoiceField):
    """One row chosen by id; a value that cannot be an id is not one of the choices."""

    def to_python(self, value):
        if value not in self.empty_values and as_id(value, self.queryset.model) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, as checkboxes send them; a value that cannot be an id is refused."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for pk in value:
                if as_id(pk, self.queryset.model) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class SkillListField(forms.CharField):
    """Skills typed as a comma-separated list: "returns, night shifts, Spanish"."""

    def to_python(self, value):
        value = super().to_python(value)
        # Django checks for NUL characters after to_python, on the list; check the text.
        validators.ProhibitNullCharactersValidator()(value)
        names, seen = [], set()
        for raw in value.split(","):
            name = " ".join(raw.split())
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_SKILLS:
            raise forms.ValidationError(f"List at most {MAX_SKILLS} skills.")
        too_long = [name for name in value if len(name) > Skill._meta.get_field("name").max_length]
        if too_long:
            raise forms.ValidationError(f"Keep each skill under 60 characters: {too_long[0][:60]}…")

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value


class ProfileForm(forms.ModelForm):
    skills = SkillListField(
        required=False,
        help_text="Separate skills with commas, for example: returns, night shifts, Spanish.",
    )

    class Meta:
        model = User
        fields = ["display_name", "handle", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        # A name goes into e-mail subjects ("Carla commented on …"): one line.
        field_classes = {"display_name": OneLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["handle"].label = "@handle"
        if self.instance.is_worker:
            self.initial.setdefault("skills", [s.name for s in self.instance.skills.all()])
        else:
            # Skills are how workers find each other; customers do not list them.
            del self.fields["skills"]

    def clean_handle(self):
        # Mentions match handles case-insensitively, so uniqueness must too.
        handle = (self.cleaned_data["handle"] or "").lower()
        if not handle:
            return self.instance.handle  # an emptied field keeps the handle people know
        if User.objects.filter(handle=handle).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone already uses that handle; try another.")
        return handle

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit and "skills" in self.fields:
            set_skills(user, self.cleaned_data["skills"])
        return user


class SignupDetailsForm(forms.Form):
    """What sign-up asks besides e-mail and password: the name others will see."""

    display_name = OneLineField(
        label="Your name",
        max_length=User._meta.get_field("display_name").max_length,
        help_text="Shown next to what you write. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


# --- What people write, in the forums and on ideas ---------------------------------

MAX_TAGS = 5
TAG_MAX = 30
# Tags become links and filters, so they stay to words: letters, digits, spaces, hyphens.
TAG_SHAPE = re.compile(r"^\w+(?:[ -]\w+)*$")


class TagListField(SkillListField):
    """Tags typed as a comma-separated list, parsed the way skills are."""

    def validate(self, value):
        forms.CharField.validate(self, value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(f"Choose at most {MAX_TAGS} tags.")
        for tag in value:
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(f"Keep each tag to {TAG_MAX} characters: “{tag[:TAG_MAX]}…”")
            if not TAG_SHAPE.match(tag):
                raise forms.ValidationError(
                    f"Tags can only use letters, numbers, spaces and hyphens: “{tag}”"
                )


class BodyField(forms.CharField):
    """Markdown as typed: leading spaces matter (they make code blocks), so nothing is stripped."""

    widget = forms.Textarea(attrs={"rows": 8})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", BODY_MAX)
        kwargs.setdefault(
            "help_text", "Markdown works: **bold**, _italic_, > quotes, lists and links. "
            "Mention someone with their @handle."
        )
        super().__init__(strip=False, **kwargs)

    def validate(self, value):
        if self.required and not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        super().validate(value)
