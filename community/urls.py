from django.conf import settings
from django.urls import include, path, reverse
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls


class AdminLoginRedirect(RedirectView):
    """The admin's own login form would skip allauth's rate limits and MFA, so it
    sends people to the site's sign-in page and back."""

    query_string = True

    def get_redirect_url(self, *args, **kwargs):
        return reverse("account_login")

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


urlpatterns = [
    path("admin/login/", AdminLoginRedirect.as_view()),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("people/", include("community.urls_people")),
    path("notifications/", include("community.notifications.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
