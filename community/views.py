from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import RedirectView

from .forms import ProfileForm
from .models import User


def profile(request, pk):
    # Only people who proved their address: an unverified sign-up may be someone
    # else's address and has not joined yet.
    person = get_object_or_404(
        User.objects.filter(is_active=True, emailaddress__verified=True)
        .distinct()
        .prefetch_related("groups", "skills"),
        pk=pk,
    )
    return render(request, "community/profile.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(request.user.get_absolute_url())
    return render(request, "community/profile_edit.html", {"form": form})


NO_ADMIN = ("Your account has no part in running the site, so the admin is closed to you. "
            "Everything you can do is on the site itself.")
# Wagtail's own login forms would skip allauth's rate limits, e-mail verification
# and MFA, so their addresses (GET and POST alike) lead to the site's sign-in and back.
sign_in_through_allauth = RedirectView.as_view(pattern_name="account_login", query_string=True)


def admin_sign_in(request, *args, **kwargs):
    """Where Wagtail sends whoever may not use the admin. Wagtail's own login form
    would skip allauth's rate limits, e-mail verification and two-factor, so a
    visitor is sent to the site's sign-in and back; someone already signed in
    would only be sent round in circles, and is told no instead."""
    if request.user.is_authenticated:
        return render(request, "not_allowed.html", {"message": NO_ADMIN}, status=403)
    return sign_in_through_allauth(request, *args, **kwargs)
