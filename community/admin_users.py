"""People in the Wagtail admin: our user model has a display name instead of
first and last names, which Wagtail's user forms would otherwise require."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

PERSON_FIELDS = {"email", "display_name", "is_superuser", "groups"}


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = PERSON_FIELDS | {"is_active"}


class PersonViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm

