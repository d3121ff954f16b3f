from django import forms
from wagtail import hooks
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.models import ModelLogEntry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Barrier, JourneyStage, User


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


# Wagtail's "Name" panel on the admin account page asks for first and last
# names, which people here do not have; it edits the public display name instead.
# E-mail and password are changed on the site, through allauth, where
# verification and rate limits apply (see WAGTAIL_*_MANAGEMENT_ENABLED).
NameEmailSettingsPanel.form_class = DisplayNameForm


class JourneyStageViewSet(SnippetViewSet):
    model = JourneyStage
    icon = "list-ol"
    list_display = ["name", "slug", "sort_order"]


class BarrierViewSet(SnippetViewSet):
    model = Barrier
    icon = "warning"
    list_display = ["name", "slug", "sort_order"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    items = (JourneyStageViewSet, BarrierViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_model(User, ModelLogEntry)
    actions.register_action("community.suspend", "Suspend", "Suspended")
    actions.register_action("community.restore", "Lift suspension", "Suspension lifted")
