"""Peer-exchange match lists: coordinators run, review, publish and export them; participants accept or decline.

URLs: /peers/runs... (coordinators), /peers/suggestions/<id> (the two people of a published pair).
The engine is reached only through learning_hub/engine.py and the `matching` package (runner.py, swap.py).
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations (being replaced by init_app)

from flask import Blueprint

bp = Blueprint("peer_exchange", __name__, url_prefix="/peers")

from learning_hub.peer_exchange import (
    demo,
    panels,
    privacy,
    routes,
    routes_participant,
    runner,
)
