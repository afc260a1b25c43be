"""/api/v1/notifications: my notifications (titles in my language), mark one or all read, and my channel per kind.
The services of /notifications (notifications.services)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_login import current_user

from learning_hub.api.common import EmptySchema, Strict, paginated
from learning_hub.api.core import PageQuerySchema, api_blueprint, page_schema
from learning_hub.api.schemas import UtcDateTime
from learning_hub.models import CHANNELS
from learning_hub.notifications import services
from learning_hub.notifications.kinds import KINDS

blp = api_blueprint("api_notifications", __name__, "/notifications", "My notifications and how I am told.")


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(KINDS)})
    title = ma.fields.String(required=True, metadata={"description": "in the caller's interface language"})
    link = ma.fields.String(allow_none=True, metadata={"description": "a path in the web app"})
    created_at = UtcDateTime(required=True)
    read = ma.fields.Boolean(required=True)


NotificationPageSchema = page_schema(NotificationSchema, "NotificationPage")


class NotificationQuerySchema(PageQuerySchema):
    unread = ma.fields.Boolean(load_default=False, metadata={"description": "only unread ones"})


class ReadAllSchema(ma.Schema):
    marked = ma.fields.Integer(required=True)


class PreferenceSchema(ma.Schema):
    kind = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS))


class PreferenceListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PreferenceSchema), required=True)


class PreferenceUpdateSchema(Strict):
    channels = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(list(KINDS))),
        values=ma.fields.String(validate=ma.validate.OneOf(CHANNELS)),
        required=True,
        metadata={"description": "kind -> email | daily | weekly | app"},
    )


def _page(pagination, items) -> dict:
    body = paginated(pagination)
    body["items"] = [item.__dict__ for item in items]
    return body


@blp.route("", endpoint="list")
class NotificationList(MethodView):
    @blp.arguments(NotificationQuerySchema, location="query")
    @blp.response(200, NotificationPageSchema)
    def get(self, args):
        """My notifications, newest first."""
        pagination, items = services.list_for(
            current_user, page=args["page"], per_page=args["per_page"], unread_only=args["unread"]
        )
        return _page(pagination, items)


@blp.route("/<id:notification_id>/read", endpoint="read", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, NotificationSchema)
def read(_data, notification_id: int):
    """Mark one of my notifications as read (others' are 404)."""
    return services.mark_read(current_user, notification_id).__dict__


@blp.route("/read-all", endpoint="read_all", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, ReadAllSchema)
def read_all(_data):
    """Mark all my notifications as read."""
    return {"marked": services.mark_all_read(current_user)}


@blp.route("/preferences", endpoint="preferences")
class Preferences(MethodView):
    @blp.response(200, PreferenceListSchema)
    def get(self):
        """My channel for each kind: email each time, a daily or weekly digest, or in the app only."""
        return {"items": [row.__dict__ for row in services.preferences(current_user)]}

    @blp.arguments(PreferenceUpdateSchema)
    @blp.response(200, PreferenceListSchema)
    def put(self, data):
        """Change the channel of the kinds given (the others keep theirs)."""
        services.set_channels(current_user, data["channels"])
        return {"items": [row.__dict__ for row in services.preferences(current_user)]}
