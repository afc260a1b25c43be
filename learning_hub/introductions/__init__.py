"""Introductions (double opt-in) and conversations: /introductions (requests sent and received, settings, the
emailed answer link, coordinators' abuse reports) and /conversations (plain-text threads between two people who
agreed to talk). Logic in services.py and conversations.py; routes stay thin."""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations

from flask import Blueprint

bp = Blueprint("introductions", __name__)

from learning_hub.introductions import demo, outcomes, privacy, routes
