from django.utils.functional import SimpleLazyObject

from .service import unread_count


def notifications(request):
    # Lazy, and the user is only looked at inside: pages that never show the
    # bell (or serve anonymous visitors) pay no query at all.
    def count():
        user = getattr(request, "user", None)
        return unread_count(user) if user is not None else 0

    return {"unread_notifications_count": SimpleLazyObject(count)}
