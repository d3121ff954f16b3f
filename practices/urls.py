from django.urls import path

from community.pagecache import cached

from . import views
from .cached_pages import idea_page

app_name = "ideas"

# The board is a Wagtail page (IdeasBoardPage); ideas are plain models with short
# addresses under ideas/, matched before Wagtail's catch-all. The vote and comment
# routes come before the slug variant, and answer a GET as the idea page (see views._idea_action).
urlpatterns = [
    path("ideas/similar/", views.similar, name="similar"),
    path("ideas/<int:pk>/", cached(views.idea, idea_page), name="idea"),
    path("ideas/<int:pk>/vote/", views.vote, name="vote"),
    path("ideas/<int:pk>/comment/", views.comment, name="comment"),
    path("ideas/comments/<int:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("ideas/<int:pk>/<str:slug>/", cached(views.idea, idea_page), name="idea"),
    path("ideas/promote/<int:thread_id>/", views.promote, name="promote"),
    path("ideas/cite/<int:thread_id>/", views.cite, name="cite"),
]
