import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.base")
application = get_wsgi_application()

from community.checks import refuse_to_serve_misconfigured  # noqa: E402  (needs the apps loaded)

refuse_to_serve_misconfigured()
