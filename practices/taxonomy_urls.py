from django.urls import path

from community.pagecache import cached

from .views import topics
from .cached_pages import topic_page

app_name = "topics"

# Included under topics/ (community/urls.py), before Wagtail's catch-all: a page
# with the slug "topics" directly under the home page would be hidden by these.
urlpatterns = [
    path("", cached(topics.index, topic_page), name="index"),
    path("stage/<slug:slug>/", cached(topics.stage, topic_page), name="stage"),
    path("barrier/<slug:slug>/", cached(topics.barrier, topic_page), name="barrier"),
]
