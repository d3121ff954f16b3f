"""People in the Wagtail admin: our user model has a display name instead of
first and last names, which Wagtail's user forms would otherwise require."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .forms import IdMultipleChoiceField

PERSON_FIELDS = {"email", "display_name", "is_superuser", "groups"}
# A group id no database column could hold is a field error, not a server error.
ID_FIELDS = {"groups": IdMultipleChoiceField}


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS
        field_classes = ID_FIELDS


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = PERSON_FIELDS | {"is_active"}
        field_classes = ID_FIELDS


class PersonViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm

