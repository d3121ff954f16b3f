from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CommunityConfig(AppConfig):
    default = True
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from . import cached_pages, checks, receivers  # noqa: F401


class PeopleAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (see admin_users.py)."""

    user_viewset = "community.admin_users.PersonViewSet"
