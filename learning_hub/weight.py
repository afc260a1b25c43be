"""Page weight for readers on mobile data: compressed responses and long-lived caching of static files.

- Static files are linked with their content's hash (`/static/css/app.css?v=1a2b3c4d5e`): such a URL never changes
  meaning, so it is cached for a year (`immutable`); the next version of the file has another URL. A static URL
  without the current hash keeps the default (revalidate each time).
- Text responses (HTML, CSS, JavaScript, SVG, XML, JSON) are gzip-compressed when the client accepts it, with
  `Vary: Accept-Encoding`; an ETag becomes weak (the same resource, another encoding), so a conditional request
  still answers 304. Streamed responses (live progress) are left alone.
- Only static files and anonymous visitors' responses are compressed: a signed-in page holds secrets worth stealing
  next to text an attacker can choose (BREACH). An anonymous page's CSRF token dies with its session at sign-in.
"""

from __future__ import annotations

import gzip
import hashlib
import os

from flask import current_app, request
from flask_login import current_user

YEAR = 365 * 24 * 3600
MIN_SIZE = 500  # smaller bodies gain nothing worth the CPU
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)
_hashes: dict[str, tuple[float, str]] = {}


def static_version(filename: str) -> str | None:
    """A short hash of the static file's content (recomputed when the file changes), None if there is no such file."""
    path = os.path.join(current_app.static_folder, filename)
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    known = _hashes.get(path)
    if known is None or known[0] != mtime:
        with open(path, "rb") as handle:
            known = (mtime, hashlib.sha256(handle.read()).hexdigest()[:10])
        _hashes[path] = known
    return known[1]


def _version_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def _cache_versioned_static(response):
    if request.endpoint == "static" and response.status_code == 200:
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == static_version(filename):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def _compress(response):
    mimetype = response.mimetype or ""
    if request.path.startswith("/api/"):  # scripts' clients (and the API fuzzer's) may not decode gzip
        return response
    if not mimetype.startswith(COMPRESSIBLE) or request.method == "HEAD":
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return response
    if request.endpoint != "static" and current_user.is_authenticated:
        return response
    if response.direct_passthrough:  # a static file: read it whole (they are small), then close it
        if request.endpoint != "static":
            return response
        body = response.response
        data = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        response.direct_passthrough = False
        response.set_data(data)
    elif response.is_streamed:
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def init_app(app) -> None:
    app.url_defaults(_version_static_urls)
    app.after_request(_cache_versioned_static)
    app.after_request(_compress)
