from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views


# allauth answers its rate limits with this view, when the root URLconf names one.
handler429 = "community.accounts.rate_limited"

urlpatterns = [
    path("admin/login/", views.admin_sign_in),
    # Wagtail's sign-in for private pages is Django's plain login view.
    path("_util/login/", views.sign_in_through_allauth),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("people/", include("community.urls_people")),
    path("notifications/", include("community.notifications.urls")),
    path("", include("forum.urls")),
    path("", include("practices.urls")),
    path("topics/", include("practices.taxonomy_urls")),
    path("search/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
