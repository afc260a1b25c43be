"""The reformer directory: profiles, browsing and semantic search, imports and exports, privacy controls.

One blueprint for /directory/... and the owner's pages at /profile/... (registered without a URL prefix; the routes
spell their paths out).
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations (being replaced by init_app)

from flask import Blueprint

bp = Blueprint("directory", __name__)

from learning_hub.directory import (
    panels,
    personal_data,
    rendering,
    routes_admin,
    routes_browse,
    routes_profile,
    tasks,
)
