"""/api/v1/me: who the caller is."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_login import current_user

from learning_hub.api.core import api_blueprint
from learning_hub.auth import services as account_services

blp = api_blueprint("api_me", __name__, "/me", "The signed-in account.")


class MeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.Email(required=True)
    display_name = ma.fields.String(required=True)
    locale = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.String(), required=True)
    auth = ma.fields.String(required=True, metadata={"description": "`token` or `session`"})
    scopes = ma.fields.List(ma.fields.String(), required=True)


class MeUpdateSchema(ma.Schema):
    locale = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(("en", "es", "fr", "id")),
        metadata={"description": "interface language"},
    )


def _me() -> dict:
    token = g.get("api_token")
    return {
        "id": current_user.id,
        "email": current_user.email,
        "display_name": current_user.display_name,
        "locale": current_user.locale,
        "roles": sorted(current_user.roles),
        "auth": "token" if token is not None else "session",
        "scopes": sorted(token.scopes) if token is not None else ["coordinate", "read", "write"],
    }


@blp.route("")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """The account behind this request, its roles, and the scopes the credential grants."""
        return _me()

    @blp.arguments(MeUpdateSchema)
    @blp.response(200, MeSchema)
    def patch(self, data):
        """Change the account's interface language."""
        account_services.set_locale(current_user, data["locale"])
        return _me()
