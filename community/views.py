from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

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
