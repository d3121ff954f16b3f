"""Choosers the practice editor uses to pick people and ideas, and the
practice editor's form.

A plain select would list every account, or every idea, on each contributor
row; these open a searchable modal instead. Neither registers itself as the
admin's default widget for its model, so other forms (the ideas backlog's owner
field, the people admin) keep theirs. practices/wagtail_hooks.py registers their
admin addresses.
"""

from django import forms
from django.db.models import Q
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from community.forms import (
    IdChoiceField, IdMultipleChoiceField, OneLineTitlePageForm, as_id,
)


def _searching(*fields):
    """The chooser's two list views, their search box matching `fields` by
    substring: people and ideas are not in Wagtail's search index, so its own
    search form does not apply to them."""

    class SearchForm(BaseFilterForm):
        q = forms.CharField(
            label="Search term", required=False,
            widget=forms.TextInput(attrs={"placeholder": "Search"}),
        )

        def filter(self, objects):
            term = self.cleaned_data.get("q", "").strip()
            if term:
                match = Q()
                for field in fields:
                    match |= Q(**{f"{field}__icontains": term})
                objects = objects.filter(match)
                self.is_searching, self.search_query = True, term
            return objects

    class ChooseView(chooser_views.ChooseView):
        filter_form_class = SearchForm

    class ChooseResultsView(chooser_views.ChooseResultsView):
        filter_form_class = SearchForm

    return ChooseView, ChooseResultsView


# Ids arrive in the chooser's addresses and in the form the widget sits in, where
# anything can be typed: one that cannot be an id is a row that does not exist.

class ChooserWidget(BaseChooser):
    def get_instance(self, value):
        if isinstance(value, (str, int)) and as_id(value, self.model_class) is None:
            return None
        return super().get_instance(value)


class ChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        if as_id(pk, self.model_class) is None:
            raise self.model_class.DoesNotExist
        return super().get_object(pk)


class ChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects([pk for pk in pks if as_id(pk, self.model_class) is not None])


class IdChooserViewSet(ChooserViewSet):
    base_widget_class = ChooserWidget
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    register_widget = False


class PersonChooserViewSet(IdChooserViewSet):
    model = "community.User"
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    per_page = 20
    # By public name and @handle only: an e-mail address stays private, even to
    # editors, so the box must not confirm whose address is whose.
    choose_view_class, choose_results_view_class = _searching("display_name", "handle")

    def get_object_list(self):
        from community.models import User

        return User.objects.filter(is_active=True).order_by("display_name", "pk")


class IdeaChooserViewSet(IdChooserViewSet):
    model = "practices.Idea"
    icon = "help"
    choose_one_text = "Choose an idea"
    choose_another_text = "Choose another idea"
    per_page = 20
    choose_view_class, choose_results_view_class = _searching("title")

    def get_object_list(self):
        from ..models import Idea

        # A merged idea lives on as the one it was merged into; link that one.
        return Idea.objects.filter(merged_into__isnull=True).order_by("-updated_at", "-pk")


class PracticePageForm(OneLineTitlePageForm):
    """The practice editor's form: the title on one line, and a taxonomy id that
    cannot be an id refused as a field error before it reaches the database."""

    class Meta(OneLineTitlePageForm.Meta):
        field_classes = {
            **OneLineTitlePageForm.Meta.field_classes,
            "journey_stage": IdChoiceField, "barriers": IdMultipleChoiceField,
        }


person_chooser = PersonChooserViewSet("person_chooser")
idea_chooser = IdeaChooserViewSet("practice_idea_chooser")
