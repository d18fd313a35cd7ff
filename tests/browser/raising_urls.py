"""The site's URLs and one view that fails: the 500 page as a user meets it (tests only)."""

from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401  (the handlers are read here)
from portal.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [path("boom/", boom), *site]
