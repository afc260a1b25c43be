"""The public showcase of reform stories: /showcase (latest, filters), each story, area and country pages, the Atom
feed and /sitemap.xml, all readable without signing in; proposing a story, the named people's consent, and the
coordinators' editorial work for signed-in users. What "public" means lives in public.py, the one definition every
surface uses; logic in services.py; routes stay thin."""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations

from flask import Blueprint

bp = Blueprint("showcase", __name__)

from learning_hub.showcase import demo, privacy, routes, tasks
