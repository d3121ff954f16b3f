from django import forms
from django.core import validators

from .models import Skill, User
from .people import set_skills

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

    display_name = forms.CharField(
        label="Your name",
        max_length=User._meta.get_field("display_name").max_length,
        help_text="Shown next to what you write. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])
