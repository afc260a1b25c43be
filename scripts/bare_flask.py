"""The bare Flask baseline of the load test: one page rendering 20 person cards through Jinja, nothing else (no
database, no session, no locale, no index). scripts/loadtest.py serves it under the same gunicorn settings as the app,
in the same run, so that the app's pages can be read as a fraction of what Flask itself serves on this machine."""

from __future__ import annotations

from flask import Flask, render_template_string

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Directory</title></head>
<body><main><h1>Directory</h1><div class="grid two">
{% for card in cards %}
<article class="card person-card">
  <h3><a href="/directory/{{ card.id }}">{{ card.name }}</a>
    {% if card.mentor %}<span class="badge ok">Mentor</span>{% endif %}</h3>
  <p class="muted">{{ card.role }} · {{ card.organisation }}</p>
  <p>{{ card.country }} · {{ card.sector }} · {{ card.languages|join(", ") }}</p>
  <ul class="tags">{% for area in card.areas %}<li class="badge">{{ area }}</li>{% endfor %}</ul>
  <p class="muted">{{ card.challenge|truncate(200) }}</p>
</article>
{% endfor %}
</div></main></body></html>"""

CARDS = [
    {
        "id": i,
        "name": f"Reformer {i}",
        "mentor": i % 3 == 0,
        "role": "Procurement officer",
        "organisation": "Ministry of Finance",
        "country": "Kenya",
        "sector": "National government",
        "languages": ["English", "Swahili"],
        "areas": ["Open contracting", "Anti-corruption"],
        "challenge": "Contracts are signed behind closed doors, so citizens cannot follow public spending on roads "
        "and clinics, and the same three firms keep winning every tender in the county.",
    }
    for i in range(20)
]


@app.route("/")
def cards():
    return render_template_string(PAGE, cards=CARDS)
