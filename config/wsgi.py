"""WSGI entry point for Birge.

Valid tile requests are answered before Django's request handling
(``mapping.tiles.wsgi.TilesFirst``); every other request goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_application = get_wsgi_application()

from mapping.tiles.wsgi import TilesFirst  # noqa: E402 (needs Django set up)

application = TilesFirst(django_application)
