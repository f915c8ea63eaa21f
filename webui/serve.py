"""`agenda-search serve`: run the website with waitress, or the Flask reloader with --debug."""
from __future__ import annotations

import argparse
from dataclasses import replace

from indexer.config import Config


def serve(config: Config, debug: bool = False) -> None:
    """Serve the site on config.host:config.port, printing the URL first."""
    from .app import create_app

    app = create_app(config)
    host = config.host
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{config.port}/"
    if debug:
        print(f"agenda-search: serving {url} (debug, reloading on changes; not for production)", flush=True)
        app.run(host=host, port=config.port, debug=True, use_reloader=True)
        return
    import waitress

    print(f"agenda-search: serving {url}  (index: {config.index_dir}; Ctrl+C to stop)", flush=True)
    waitress.serve(app, host=host, port=config.port, threads=8, ident="agenda-search",
                   clear_untrusted_proxy_headers=True)


def add_serve_command(subparsers, config: Config) -> argparse.ArgumentParser:
    """Register `serve [--debug] [--host H] [--port N]` on an argparse subparsers object.

    The parsed namespace gets `func(args)`, which runs the server.
    """
    parser = subparsers.add_parser("serve", help="serve the search website",
                                   description="Serve the faceted search website (waitress; --debug for the "
                                               "Flask reloader).")
    parser.add_argument("--debug", action="store_true", help="run Flask's debug server with the reloader")
    parser.add_argument("--host", default=None, help=f"interface to listen on (default {config.host})")
    parser.add_argument("--port", type=int, default=None, help=f"port to listen on (default {config.port})")

    def run(args: argparse.Namespace) -> int:
        cfg = config
        if getattr(args, "host", None):
            cfg = replace(cfg, host=args.host)
        if getattr(args, "port", None):
            cfg = replace(cfg, port=args.port)
        serve(cfg, debug=bool(getattr(args, "debug", False)))
        return 0

    parser.set_defaults(func=run)
    return parser
