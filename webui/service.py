"""The SearchService for the current request, opened lazily and closed at teardown.

Modelled on flaskr's get_db/close_db: the first view that needs the service
opens it through the app's factory and stores it on `g`; the app context
teardown closes it. Views see only the `search.results` Protocol.
"""
from __future__ import annotations

from flask import current_app, g

from search.results import NothingIndexed, SearchService

from .auth import current_audience

FACTORY_KEY = "agenda_search.service_factory"


class ServiceUnavailable(Exception):
    """The search index cannot be opened (not built yet, unreadable…)."""


def get_service() -> SearchService:
    """The service for this request's audience ("officer" when signed in with a role that may read
    restricted items, else "public"): the factory opens the matching index."""
    if "search_service" not in g:
        factory = current_app.extensions[FACTORY_KEY]
        try:
            g.search_service = factory(current_audience())
        except NothingIndexed:
            raise  # not a failure: the site says "nothing indexed yet" (webui.errors)
        except Exception as exc:  # the engine's own errors are opaque to the website
            current_app.logger.exception("cannot open the search index")
            raise ServiceUnavailable(str(exc)) from exc
    return g.search_service


def close_service(exc: BaseException | None = None) -> None:
    service = g.pop("search_service", None)
    if service is not None:
        try:
            service.close()
        except Exception:  # closing must never turn a good page into an error
            current_app.logger.exception("error while closing the search service")
