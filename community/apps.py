from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from . import checks, receivers  # noqa: F401


class PeopleAdminConfig(WagtailUsersAppConfig):
    user_viewset = "community.admin_users.PersonViewSet"
