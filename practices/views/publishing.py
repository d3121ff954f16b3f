"""Proposing a practice story from the site, served by the library page's
route. The view reads the form and calls practices/flows/publishing.py, which checks
every permission."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from community.refusals import NotAllowed
from community.web import answers_refusals, submitted

from ..flows import publishing
from ..forms import PracticeProposalForm

PROPOSE_TEMPLATE = "practices/library/propose.html"


@answers_refusals
def propose(request, library):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if reason := publishing.propose_refusal(request.user):
        raise NotAllowed(reason)
    form = PracticeProposalForm(request.POST or None)
    practice, status = submitted(form, lambda: publishing.propose_practice(
        request.user, library=library, **form.cleaned_data))
    if practice:
        messages.success(request, f"Thank you: “{practice.title}” is with the editors. They "
                                  "review it before it is published; you will be told when it is.")
        return redirect(library.get_url(request))
    response = library.render(request, template=PROPOSE_TEMPLATE,
                              context_overrides={"form": form})
    response.status_code = status
    return response
