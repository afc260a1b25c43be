"""The reformer directory: profiles, browsing and semantic search, imports and exports, privacy controls.

One blueprint for /directory/... and the owner's pages at /profile/... (registered without a URL prefix; the routes
spell their paths out).
"""
from flask import Blueprint

bp = Blueprint("directory", __name__)

from learning_hub.directory import (  # noqa: F401
                                    panels,
                                    personal_data,
                                    rendering,
                                    routes_admin,
                                    routes_browse,
                                    routes_profile,
                                    tasks,
)
