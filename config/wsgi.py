"""WSGI entry point for Birge.

Valid tile requests are answered before Django's request handling
(``mapping.tiles.wsgi.TilesFirst``); every other request goes to Django.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_application = get_wsgi_application()

# The URLconf is imported now, as the worker starts, not on its first request:
# the views import GDAL's Python side (pyogrio, which loads geopandas and
# pandas), about 2 s that the first person each worker served had waited.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (the import is the point)

from mapping.tiles.wsgi import TilesFirst  # noqa: E402 (needs Django set up)

application = TilesFirst(django_application)

# What is loaded by now lives as long as the worker: Django, the URLconf, GDAL's
# Python side with pandas, about 168,000 objects the garbage collector tracks.
# Frozen, they are no longer walked by its full collections, which had taken
# 99-195 ms each and stopped every thread of the worker while they ran; what
# requests create is still collected as before (docs/performance.md).
gc.collect()  # the start's own garbage first, so that none of it is kept
gc.freeze()
