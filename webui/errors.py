"""Plain, helpful error pages (HTML, or JSON for .json URLs). Never a traceback."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.results import NothingIndexed

from .params import BadParameter
from .service import ServiceUnavailable

TITLES = {
    400: "There is a problem with your search",
    404: "Page not found",
    405: "That action is not allowed here",
    500: "Sorry, there is a problem with the service",
    503: "The search index is not available",
}


def _wants_json() -> bool:
    return request.path.endswith(".json")


def _respond(status: int, message: str, hint: str = "", param: str | None = None):
    title = TITLES.get(status, "Something went wrong")
    if _wants_json():
        body = {"error": {"status": status, "title": title, "message": message, "hint": hint}}
        if param:
            body["error"]["parameter"] = param
        return jsonify(body), status
    return render_template("error.html", status=status, title=title, message=message, hint=hint,
                           param=param, query=(request.args.get("q") or "")[:500]), status


def bad_parameter(err: BadParameter):
    return _respond(400, err.message, err.hint, err.param)


def service_unavailable(err: ServiceUnavailable):
    return _respond(503, "The search index could not be opened. It may not have been built yet.",
                    "If you run this site, build the index with “agenda-search index”, then reload this page.")


NOTHING_INDEXED = ("Nothing has been indexed yet: no agenda packs have been added to this archive, so there is "
                   "nothing to search or show.")


def nothing_indexed(err: NothingIndexed):
    """An index built over an empty folder: a state of the archive, said plainly (503: come back later)."""
    if _wants_json():
        return jsonify({"error": {"status": 503, "title": "Nothing indexed yet", "code": "nothing_indexed",
                                  "message": NOTHING_INDEXED,
                                  "hint": "Index some agenda packs with “agenda-search index”."}}), 503
    return render_template("nothing_indexed.html"), 503


def http_error(err: HTTPException):
    status = err.code or 500
    if status == 404:
        return _respond(404, "If you typed the web address, check it is correct. "
                             "If you followed a link, the item may have been removed from the index.",
                        "You can search the agenda packs instead.")
    if status == 400:
        return _respond(400, "The request could not be understood.", "Try your search again from the search page.")
    if status >= 500:
        return internal_error(err)
    return _respond(status, err.description or TITLES.get(status, ""))


def internal_error(err):
    return _respond(500, "Something went wrong on our side. Your search was not lost: try again in a moment.",
                    "If it keeps happening, tell the people who run this site what you searched for.")


def install(app) -> None:
    app.register_error_handler(BadParameter, bad_parameter)
    app.register_error_handler(ServiceUnavailable, service_unavailable)
    app.register_error_handler(NothingIndexed, nothing_indexed)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, internal_error)
    app.register_error_handler(500, internal_error)
