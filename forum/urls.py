from django.urls import include, path

app_name = "forum"

urlpatterns = [
    # Moderation routes live in their own module, beside the posting routes.
    path("", include("forum.moderation_urls")),
]
