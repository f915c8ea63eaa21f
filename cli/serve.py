"""`agenda-search serve`: run the website with waitress, or the Flask reloader with --debug."""
from __future__ import annotations

import argparse
import errno
import socket
import sys
from dataclasses import replace

from core.config import Config


def listen_problem(exc: BaseException, host: str, port: int) -> str:
    """One line saying why the server could not listen on host:port, and what to do."""
    where = f"{host}:{port}"
    code = getattr(exc, "errno", None)
    if code == errno.EADDRINUSE:
        return (f"port {port} on {host} is already in use (is agenda-search or another server running?): "
                "stop it, or choose another port with --port N")
    if code == errno.EACCES:
        return f"not allowed to listen on {where} (ports below 1024 need administrator rights): use --port N"
    if code == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"cannot listen on {host}: it is not an address of this machine (check [server] host or --host)"
    if isinstance(exc, OverflowError):
        return f"cannot listen on port {port}: a port is a number from 1 to 65535"
    return f"cannot listen on {where}: {getattr(exc, 'strerror', None) or exc}"


def _free(host: str, port: int) -> BaseException | None:
    """Try to bind host:port (for the debug server, which exits with its own message)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, addr = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(addr)
    except (OSError, OverflowError) as exc:
        return exc
    return None


def serve(config: Config, debug: bool = False) -> int:
    """Serve the site on config.host:config.port, printing the URL first; 2 if it cannot listen."""
    from webui.app import create_app

    app = create_app(config)
    host = config.host
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{config.port}/"
    if host in ("", "0.0.0.0", "::") and not (config.public_url or config.allowed_hosts):
        print("agenda-search: listening on every interface, but only localhost names are allowed as the "
              "site's host: set [server] public_url or allowed_hosts for the others", file=sys.stderr)
    if debug:
        problem = _free(host, config.port)
        if problem is not None:
            print(f"agenda-search: {listen_problem(problem, host, config.port)}", file=sys.stderr)
            return 2
        print(f"agenda-search: serving {url} (debug, reloading on changes; not for production)", flush=True)
        app.run(host=host, port=config.port, debug=True, use_reloader=True)
        return 0
    import waitress

    try:
        # X-Forwarded-* are read by ProxyFix inside the app when [server] proxy_hops is set;
        # otherwise waitress drops them before the app sees them.
        server = waitress.create_server(app, host=host, port=config.port, threads=8, ident="agenda-search",
                                        clear_untrusted_proxy_headers=not config.proxy_hops)
    except (OSError, OverflowError) as exc:
        print(f"agenda-search: {listen_problem(exc, host, config.port)}", file=sys.stderr)
        return 2
    print(f"agenda-search: serving {url}  (index: {config.index_dir}; Ctrl+C to stop)", flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0


def _port(raw: str) -> int:
    if not raw.strip().isdigit() or not 0 < int(raw) < 65536:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {raw!r}")
    return int(raw)


def add_serve_command(subparsers, config: Config) -> argparse.ArgumentParser:
    """Register `serve [--debug] [--host H] [--port N]` on an argparse subparsers object.

    The parsed namespace gets `func(args)`, which runs the server.
    """
    parser = subparsers.add_parser("serve", help="serve the search website",
                                   description="Serve the faceted search website (waitress; --debug for the "
                                               "Flask reloader).")
    parser.add_argument("--debug", action="store_true", help="run Flask's debug server with the reloader")
    parser.add_argument("--host", default=None, help=f"interface to listen on (default {config.host})")
    parser.add_argument("--port", type=_port, default=None, help=f"port to listen on (default {config.port})")

    def run(args: argparse.Namespace) -> int:
        cfg = config
        if getattr(args, "host", None):
            cfg = replace(cfg, host=args.host)
        if getattr(args, "port", None):
            cfg = replace(cfg, port=args.port)
        return serve(cfg, debug=bool(getattr(args, "debug", False)))

    parser.set_defaults(func=run)
    return parser
