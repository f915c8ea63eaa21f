"""The original PDF of a pack, served by its index id only (never by a path from the request)."""
from __future__ import annotations

import os
import re

from flask import Blueprint, abort, redirect, send_file, url_for

from .service import get_service

bp = Blueprint("packs", __name__)

PACK_ID = re.compile(r"^[0-9a-f]{8,64}$")


@bp.get("/packs/<pack_id>.pdf")
def pack_pdf(pack_id: str):
    if not PACK_ID.fullmatch(pack_id):
        abort(404)
    path = get_service().pack_path(pack_id)
    if not path:
        resolve = getattr(get_service(), "current_pack_id", None)
        target = resolve(pack_id) if resolve else None
        if target and target != pack_id and PACK_ID.fullmatch(target):  # a corrected file: its new id
            return redirect(url_for("packs.pack_pdf", pack_id=target), 308)
    if not path or not str(path).lower().endswith(".pdf") or not os.path.isfile(path):
        abort(404)
    if not _served_as_indexed(path):
        abort(404)
    name = os.path.basename(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return send_file(os.path.abspath(path), mimetype="application/pdf", as_attachment=False,
                     download_name=name, conditional=True, max_age=3600)


def _served_as_indexed(path: str) -> bool:
    """The indexer records real paths (no symlink below the archive folder, see indexer.discover);
    a path that now leads elsewhere through a symlink (a file swapped for a link to /etc/passwd
    after indexing) is not served."""
    return os.path.realpath(path) == os.path.abspath(path)
