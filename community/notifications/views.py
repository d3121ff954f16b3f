from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..next_url import on_site
from . import service, unsubscribe as unsubscribing
from .forms import PreferencesForm
from .preferences import saved_preferences, set_preferences

PER_PAGE = 25


def _safe(url, request):
    """`url` if it stays on this site, else None: stored urls and `next` are never
    allowed to bounce people elsewhere."""
    return url if on_site(url, request, hosts={urlsplit(settings.SITE_URL).netloc}) else None


def _back(request):
    return _safe(request.POST.get("next"), request) or "notifications:list"


@login_required
@require_GET
def notification_list(request):
    page = Paginator(service.for_user(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_GET
def open_notification(request, pk):
    notification = get_object_or_404(service.for_user(request.user), pk=pk)
    service.mark_read(notification)
    return redirect(_safe(notification.url, request) or "notifications:list")


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(service.for_user(request.user), pk=pk)
    service.mark_read(notification)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/_notification_swap.html",
                      {"notification": notification})
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    count = service.mark_all_read(request.user)
    if count:
        noun = "notification" if count == 1 else "notifications"
        messages.success(request, f"Marked {count} {noun} as read.")
    return redirect(_back(request))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current, stopped_all = saved_preferences(request.user)
    form = PreferencesForm(request.POST or None, current=current, stopped_all=stopped_all)
    if request.method == "POST" and form.is_valid():
        set_preferences(request.user, form.choices(), stop_all=form.cleaned_data["stop_all"])
        messages.success(request, "Your e-mail preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# No CSRF token: mail clients send the RFC 8058 one-click POST themselves. The
# signed token is the authorisation, and all it can do is turn e-mail off.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        user, scope = unsubscribing.read_token(token)
    except unsubscribing.BadToken as problem:
        return render(request, "notifications/unsubscribe_invalid.html",
                      {"problem": problem}, status=400)
    context = {
        "what": unsubscribing.describe(scope, request),
        "all": scope == unsubscribing.ALL_EVENTS,
    }
    # GET only shows the button: mail scanners fetch links, and must not unsubscribe anyone.
    if request.method != "POST":
        return render(request, "notifications/unsubscribe.html", context)
    unsubscribing.unsubscribe(user, scope)
    return render(request, "notifications/unsubscribe_done.html", context)
