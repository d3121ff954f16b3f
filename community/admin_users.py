"""People in the Wagtail admin: our user model has a display name instead of
first and last names, which Wagtail's user forms would otherwise require."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .forms import IdMultipleChoiceField, OneLineField

PERSON_FIELDS = {"email", "display_name", "is_superuser", "groups"}
# A group id no database column could hold is a field error, not a server error;
# a name goes into e-mail subjects, so it stays on one line.
FIELD_CLASSES = {"groups": IdMultipleChoiceField, "display_name": OneLineField}


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS
        field_classes = FIELD_CLASSES


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = PERSON_FIELDS | {"is_active"}
        field_classes = FIELD_CLASSES


class PersonViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm

