"""Plain text to safe HTML for messages: every character escaped, line breaks kept, web addresses made links.

markdown-it-py's "zero" preset with only `linkify` and `newline` enabled treats the text as plain text (no
emphasis, no raw HTML, no Markdown links); linkify-it finds addresses. nh3 then keeps only `<a href>` with http,
https or mailto and `<br>`/`<p>`, and marks every link `rel="nofollow noopener noreferrer"`.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("zero", {"linkify": True, "breaks": True}).enable(["linkify", "newline"])


def render_message(text: str) -> Markup:
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags={"a", "br", "p"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)
