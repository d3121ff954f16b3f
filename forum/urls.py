from django.urls import include, path

from community.pagecache import cached

from . import views
from .cached_pages import thread_page

app_name = "forum"

# Short addresses, as in Discourse: a thread is /t/<id>/<slug>/ and a post /p/<id>/.
# Any one word after t/<id>/ is a slug, so actions on a thread live under thread/,
# where no title can shadow them. Forums and the forum index are Wagtail pages.
urlpatterns = [
    path("t/<int:pk>/", cached(views.thread, thread_page), name="thread"),
    path("t/<int:pk>/<str:slug>/", cached(views.thread, thread_page), name="thread"),
    path("thread/<int:pk>/reply/", views.reply, name="reply"),
    path("thread/<int:pk>/follow/", views.follow, {"following": True}, name="follow"),
    path("thread/<int:pk>/unfollow/", views.follow, {"following": False}, name="unfollow"),
    path("p/<int:pk>/", views.post_permalink, name="post"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:pk>/solution/", views.mark_solution, name="mark_solution"),
    path("p/<int:pk>/helpful/", views.toggle_helpful, name="helpful"),
    path("p/preview/", views.preview, name="preview"),
    # Moderation routes live in their own module, beside the posting routes.
    path("", include("forum.moderation.urls")),
]
