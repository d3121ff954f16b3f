"""The site's URLs plus the baseline every figure is compared with: a one-line
Django view, served by the same server through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from community.urls import urlpatterns as site


def baseline(request):
    return HttpResponse("ok")


# Before the site's, whose last pattern hands every other address to Wagtail.
urlpatterns = [path("perf/baseline/", baseline), *site]
