from django import forms
from wagtail.admin.views.account import NameEmailSettingsPanel

from .models import User


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


# Wagtail's "Name" panel on the admin account page asks for first and last
# names, which people here do not have; it edits the public display name instead.
# E-mail and password are changed on the site, through allauth, where
# verification and rate limits apply (see WAGTAIL_*_MANAGEMENT_ENABLED).
NameEmailSettingsPanel.form_class = DisplayNameForm
