"""Administration: accounts and roles."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from learning_hub.admin import demo, panels, routes  # noqa: E402,F401
