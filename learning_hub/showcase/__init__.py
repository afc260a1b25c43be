"""The public showcase of reform stories: /showcase (latest, filters), each story, area and country pages, the Atom
feed and /sitemap.xml, all readable without signing in; proposing a story, the named people's consent, and the
coordinators' editorial work for signed-in users. What "public" means lives in public.py, the one definition every
surface uses; logic in services.py; routes stay thin."""

from flask import Blueprint

bp = Blueprint("showcase", __name__)


def init_app(app) -> None:
    """Routes for /showcase and /sitemap.xml, the stories' embedding task, personal data, the demo stories."""
    from learning_hub.jobs import register_task
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step
    from learning_hub.showcase import demo, privacy, routes, tasks  # noqa: F401  (routes: declared on bp)

    app.register_blueprint(bp)  # /showcase, /sitemap.xml
    register_task(app, "showcase.embed_story", tasks.embed_story)
    register_section(app, "showcase", export=privacy.export_showcase, erase=privacy.erase_showcase)
    register_demo_step(app, "Showcase stories", demo.seed_showcase)
