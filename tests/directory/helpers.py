"""Helpers for the directory tests."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories import make_user


def coordinator(email: str = "coord@example.org"):
    return make_user(email, roles=("coordinator",), country="GH")


def upload(client, data: bytes, kind: str = "profiles", filename: str = "people.csv", **extra):
    """POST a file to the import page. The body is encoded here, in memory: the test client would spool a large
    body to a temporary file that it never closes (a ResourceWarning, which the suite treats as an error)."""
    boundary, body = encode_multipart({"kind": kind, "file": FileStorage(io.BytesIO(data), filename), **extra})
    return client.post("/directory/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def text_of(response) -> str:
    body = response.get_data(as_text=True)
    response.close()
    return body
