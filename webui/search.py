"""Search page, query help, and the JSON / CSV versions of any search."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from search.results import SearchRequest, SearchResponse

from .facets import active_filters, build_facets, pagination
from .formatting import page_range, snippet_text
from .params import (
    FACET_FIELDS,
    MAX_LIMIT_DATA,
    MAX_LIMIT_HTML,
    SORTS,
    BadParameter,
    parse_search_args,
    search_url,
)
from .present import external, hit_json, hit_view
from .service import get_service

bp = Blueprint("search", __name__)

QUERY_HINT = ("Check for a missing closing quote or bracket, or search for plain words. "
              "The search help explains what you can type.")


def run_search(*, max_limit: int, default_sort: str | None = None) -> tuple[SearchRequest, SearchResponse]:
    """Parse request.args, run the search, and turn an unreadable query into a helpful 400."""
    req = parse_search_args(request.args, max_limit=max_limit)
    if default_sort and not request.args.get("sort"):
        req = replace(req, sort=default_sort)
    try:
        resp = get_service().search(req)
    except BadParameter:
        raise
    except ValueError as exc:  # the engine's way of saying "I can't parse that query"
        raise BadParameter("q", f"I could not understand the search “{req.query[:100]}”. {exc}".strip(),
                           QUERY_HINT) from exc
    return req, resp


def format_links(req: SearchRequest) -> dict[str, str]:
    """The same search as a page, JSON, CSV and Atom feed (page and limit kept for data formats)."""
    return {
        "html": search_url(url_for("search.search_page"), req),
        "json": search_url(url_for("search.search_json"), req),
        "csv": search_url(url_for("search.search_csv"), req),
        "atom": search_url(url_for("feeds.search_atom"), req, page=1),
    }


# Known parameters that a submitted form sends even when empty or at their defaults.
_CANONICAL_DEFAULTS = {"sort": "relevance", "page": "1"}


def _needs_canonical_redirect() -> bool:
    """True when the query string holds empty fields or explicit defaults (what a plain form
    submission sends: `from=&to=&sort=relevance`), so the address bar can show the clean,
    shareable URL instead."""
    for name, value in request.args.items(multi=True):
        if name in ("q", "from", "to", "limit", *FACET_FIELDS) and not value.strip():
            return True
        if _CANONICAL_DEFAULTS.get(name) == value:
            return True
    return False


@bp.get("/")
def search_page():
    path = url_for("search.search_page")
    if _needs_canonical_redirect():
        req = parse_search_args(request.args, max_limit=MAX_LIMIT_HTML)  # a bad value is still a 400
        return redirect(search_url(path, req), code=302)
    req, resp = run_search(max_limit=MAX_LIMIT_HTML)
    facets = build_facets(resp.facets, req, path)
    has_search = bool(req.query or req.filters or req.date_from or req.date_to)
    stats = None
    if not has_search:
        try:
            stats = get_service().stats()
        except Exception:  # noqa: BLE001 - the landing page must not fail because of a statistic
            stats = None
    return render_template(
        "search.html",
        req=req,
        resp=resp,
        has_search=has_search,
        hits=[hit_view(h) for h in resp.results],
        facets=facets,
        chips=active_filters(facets, req, path),
        pager=pagination(resp.total, resp.page or req.page, resp.limit or req.limit, req, path),
        suggestion_url=search_url(path, req, query=resp.suggestion, page=1) if resp.suggestion else None,
        links=format_links(req),
        sorts=SORTS,
        stats=stats,
        first_index=(req.page - 1) * req.limit + 1,
    )


@bp.get("/search")
def search_alias():
    """/search?q=… is what people guess; it is the same page."""
    return search_page()


@bp.get("/search.json")
def search_json():
    req, resp = run_search(max_limit=MAX_LIMIT_DATA)
    path = url_for("search.search_page")
    facets = build_facets(resp.facets, req, path)
    pager = pagination(resp.total, resp.page or req.page, resp.limit or req.limit, req,
                       url_for("search.search_json"))
    links = {k: external(v) for k, v in format_links(req).items()}
    links["next"] = external(pager["next_url"]) if pager["next_url"] else None
    links["prev"] = external(pager["prev_url"]) if pager["prev_url"] else None
    return jsonify({
        "query": resp.query,
        "interpreted": resp.interpreted,
        "filters": [{"field": f, "value": v} for f, v in req.filters],
        "date_from": req.date_from,
        "date_to": req.date_to,
        "sort": req.sort,
        "total": resp.total,
        "page": resp.page,
        "limit": resp.limit,
        "elapsed_ms": resp.elapsed_ms,
        "suggestion": resp.suggestion,
        "notices": list(resp.notices),
        "results": [hit_json(h) for h in resp.results],
        "facets": {f["name"]: {"label": f["label"], "values": [
            {**v, "toggle_url": external(v["toggle_url"])} for v in f["values"]]} for f in facets},
        "links": links,
    })


CSV_COLUMNS = ("item_id", "council", "meeting", "date", "item", "title", "report_number", "officers",
               "key_decision", "exempt", "pages", "score", "url", "pdf_url", "snippet")
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def csv_cell(value) -> str:
    """A CSV cell that spreadsheets will not run as a formula (values come from untrusted PDFs)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "all"


@bp.get("/search.csv")
def search_csv():
    req, resp = run_search(max_limit=MAX_LIMIT_DATA)
    buf = io.StringIO()
    buf.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in resp.results:
        view = hit_view(hit)
        writer.writerow([csv_cell(v) for v in (
            hit.item_id, hit.council, hit.meeting, hit.date, hit.item, hit.title, hit.report_number,
            "; ".join(hit.officers), hit.key_decision, hit.exempt, page_range(hit.pages), round(hit.score, 4),
            external(view["url"]), external(view["pdf_url"]) if view["pdf_url"] else None,
            " … ".join(snippet_text(s) for s in hit.snippets),
        )])
    filename = f"agenda-search-{_slug(req.query)}-page{req.page}.csv"
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/help")
def help_page():
    return render_template("help.html")
