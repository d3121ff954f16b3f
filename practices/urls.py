from django.urls import path

from community.pagecache import cached

from .views import ideas
from .cached_pages import idea_page

app_name = "ideas"

# The board is a Wagtail page (IdeasBoardPage); ideas are plain models with short
# addresses under ideas/, matched before Wagtail's catch-all. The vote and comment
# routes come before the slug variant, and answer a GET as the idea page (see views/ideas.py, _idea_action).
urlpatterns = [
    path("ideas/similar/", ideas.similar, name="similar"),
    path("ideas/<int:pk>/", cached(ideas.idea, idea_page), name="idea"),
    path("ideas/<int:pk>/vote/", ideas.vote, name="vote"),
    path("ideas/<int:pk>/comment/", ideas.comment, name="comment"),
    path("ideas/comments/<int:pk>/hide/", ideas.hide_comment, name="hide_comment"),
    path("ideas/<int:pk>/<str:slug>/", cached(ideas.idea, idea_page), name="idea"),
    path("ideas/promote/<int:thread_id>/", ideas.promote, name="promote"),
    path("ideas/cite/<int:thread_id>/", ideas.cite, name="cite"),
]
