"""Security headers on every response.

No inline script or style is ever emitted, so the policy needs no
'unsafe-inline' and no nonces: everything comes from /static on this origin.
"""
from __future__ import annotations

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# The original PDFs are shown by the browser's own viewer, which needs to run in
# the page; they get a policy that forbids everything a PDF should never need.
PDF_CSP = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def add_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "application/pdf":
        response.headers.setdefault("Content-Security-Policy", PDF_CSP)
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response.headers.setdefault("Content-Security-Policy", CSP)
    return response


def install(app) -> None:
    app.after_request(add_security_headers)
