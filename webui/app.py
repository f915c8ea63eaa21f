"""Flask application factory for the agenda-search website."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from core.config import Config, load_config
from search.results import SearchService

from . import auth, errors, formatting, hosts, security
from .service import FACTORY_KEY, close_service

# audience ("public" or "officer") -> the service over what that audience may read.
ServiceFactory = Callable[[str], SearchService]


def default_service_factory(config: Config) -> ServiceFactory:
    """Open the real engine over `config.index_dir` for the audience (imported lazily: the site only
    knows the Protocol)."""

    def factory(audience: str) -> SearchService:
        from search.engine import open_service

        return open_service(config.index_dir, audience=audience)

    return factory


class HTMLSafeJSONProvider(DefaultJSONProvider):
    """JSON whose text never contains '<', '>', '&' or "'": they are written as \\u escapes.

    The strings come from untrusted PDFs; escaped this way a JSON response stays inert
    even if a browser, proxy or careless page ever treats it as HTML. It parses to the
    same data.
    """

    sort_keys = False
    ensure_ascii = False

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return (text.replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026").replace("'", "\\u0027"))


class _Flask(Flask):
    json_provider_class = HTMLSafeJSONProvider


def create_app(config: Config | None = None, service_factory: ServiceFactory | None = None) -> Flask:
    """Build the website.

    `config` defaults to config.toml (or $AGENDA_SEARCH_CONFIG). `service_factory`
    takes the request's audience ("public", or "officer" for a signed-in user who may
    read restricted items; see `webui.auth`) and returns a SearchService over what
    that audience may see; it is called at most once per request (see
    `webui.service.get_service`) and the service is closed when the request's app
    context ends. It defaults to the real engine.
    """
    config = config or load_config()
    app = _Flask(__name__)
    app.config.update(
        AGENDA_SEARCH=config,
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # Flask's DefaultJSONProvider
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions[FACTORY_KEY] = service_factory or default_service_factory(config)
    app.teardown_appcontext(close_service)

    formatting.register(app)
    security.install(app)
    errors.install(app)
    auth.install(app, config)
    hosts.install(app, config)  # Host checked, absolute URLs from [server] public_url

    from .feeds import bp as feeds_bp
    from .items import bp as items_bp
    from .packs import bp as packs_bp
    from .search import bp as search_bp

    app.register_blueprint(search_bp)
    app.register_blueprint(items_bp)
    app.register_blueprint(packs_bp)
    app.register_blueprint(feeds_bp)
    return app
