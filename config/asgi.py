"""ASGI entry point for Birge: the production server's application.

Valid tile requests are answered on the event loop's thread, ahead of
everything (``mapping.tiles.asgi.TilesFirstASGI``); every other request goes
to Django's WSGI application on a thread pool (``a2wsgi``), as it would under a
threaded WSGI server: Django's views, middleware and database access stay
synchronous, one request per thread.
"""

import os
from typing import cast

from a2wsgi import WSGIMiddleware
from a2wsgi.wsgi_typing import WSGIApp

# Django, the URLconf and gc.freeze(), as for WSGI (config/wsgi.py).
from config.wsgi import django_application
from mapping.tiles.asgi import TilesFirstASGI

# The tile front uses Django's database connections on the loop's thread,
# blocking, by design (mapping/tiles/asgi.py); Django refuses that unless told
# it is meant. Nothing else of Django's runs on that thread: pages run on the
# pool's threads, where no loop runs and the check never applied.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PAGE_THREADS = int(os.environ.get("BIRGE_PAGE_THREADS", "4"))

# Django's WSGIHandler is a WSGI application; only the stubs' names differ.
pages = WSGIMiddleware(cast(WSGIApp, django_application), workers=PAGE_THREADS)
application = TilesFirstASGI(pages)
