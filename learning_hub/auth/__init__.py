"""Accounts: register, sign in and out, passwords, sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from learning_hub.auth import routes, tasks  # noqa: E402,F401
