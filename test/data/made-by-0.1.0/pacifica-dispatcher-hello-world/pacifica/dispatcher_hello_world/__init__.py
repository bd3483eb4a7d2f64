# -*- coding: utf-8 -*-
"""pacifica-dispatcher-hello-world: a Pacifica Dispatcher.

Modules:
    event_handlers: one event handler per route.
    router: the routes (JSONPaths in jsonpath2/) and their handlers.
    __main__: the Celery worker (``celery_app``), the WSGI application
        (``application``) and ``main()``, the CherryPy web server.
"""

__version__ = '0.1.0'
