"""A readable, script-free documentation page generated from the OpenAPI document."""

from __future__ import annotations

from flask import current_app, render_template

from learning_hub.api import docs_bp
from learning_hub.api.core import required_scopes

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(spec: dict) -> list[dict]:
    rows = []
    endpoints = {
        rule.rule.replace("<", "{").replace(">", "}"): rule.endpoint for rule in current_app.url_map.iter_rules()
    }
    for path, item in sorted(spec.get("paths", {}).items()):
        flask_path = path
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            endpoint = next((e for p, e in endpoints.items() if _same_path(p, flask_path)), None)
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tags": op.get("tags", []),
                    "parameters": op.get("parameters", []) + item.get("parameters", []),
                    "body": op.get("requestBody"),
                    "responses": op.get("responses", {}),
                    "scopes": sorted(required_scopes(endpoint, method.upper())) if endpoint else [],
                }
            )
    return rows


def _same_path(flask_rule: str, openapi_path: str) -> bool:
    """`/api/v1/x/{int:id}` (a Flask rule rewritten) against `/api/v1/x/{id}`."""
    import re

    return re.sub(r"\{[^}:]+:", "{", flask_rule) == openapi_path


@docs_bp.route("/docs")
def page():
    spec = current_app.extensions["learning_hub_api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=_operations(spec))
