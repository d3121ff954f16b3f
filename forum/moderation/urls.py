from django.urls import path

from . import views

# Moderator routes sit under moderate/, where no thread or post slug can shadow them.
urlpatterns = [
    path("p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("moderate/post/<int:pk>/history/", views.post_history, name="post_history"),
    path("moderate/post/<int:pk>/suspend-author/", views.suspend_author, name="suspend_author"),
    path("moderate/thread/<int:pk>/move/", views.move_thread, name="move_thread"),
    path("moderate/person/<int:pk>/lift-suspension/", views.lift_suspension,
         name="lift_suspension"),
    *(path(f"moderate/post/<int:pk>/{slug}/", views.post_action, {"action": name}, name=name)
      for name, (slug, *_action) in views.POST_ACTIONS.items()),
    *(path(f"moderate/thread/<int:pk>/{slug}/", views.thread_action, {"action": name}, name=name)
      for name, (slug, *_action) in views.THREAD_ACTIONS.items()),
]
