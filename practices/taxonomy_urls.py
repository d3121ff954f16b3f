from django.urls import path

from . import taxonomy_views as views

app_name = "topics"

# Included under topics/ (community/urls.py), before Wagtail's catch-all: a page
# with the slug "topics" directly under the home page would be hidden by these.
urlpatterns = [
    path("", views.index, name="index"),
    path("stage/<slug:slug>/", views.stage, name="stage"),
    path("barrier/<slug:slug>/", views.barrier, name="barrier"),
]
