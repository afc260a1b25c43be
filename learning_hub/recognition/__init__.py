"""Recognition rounds for reform stories, under /showcase/recognition: nominations, a blind scored review by a panel
(learning_hub/reviewing.py), the results with their spread, and the winners featured on the showcase (the
`recognised_reforms`, `story_badges` and `profile_badges` template functions this package provides)."""

from flask import Blueprint

bp = Blueprint("recognition", __name__)


def init_app(app) -> None:
    """Routes, the template functions the showcase and profile pages call, the demo round."""
    from learning_hub.recognition import demo, routes, services  # noqa: F401  (routes: declared on bp)
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    bp_context(app)

    @app.context_processor
    def recognition_hooks():
        return {
            "recognised_reforms": services.recognised_reforms,
            "story_badges": services.story_badges,
            "profile_badges": services.profile_badges,
        }

    register_demo_step(app, "Recognition round", demo.seed_round)


def bp_context(app) -> None:
    """What the round pages' templates read: the states and their labels, programme areas by name."""
    from learning_hub.models import RoundState
    from learning_hub.recognition.vocab import ROUND_STATE_LABELS
    from learning_hub.showcase import vocab as showcase_vocab

    def area_names(keys) -> str:
        return ", ".join(str(showcase_vocab.PROGRAMME_AREAS.get(k, k)) for k in keys)

    @app.context_processor
    def recognition_pages():
        return {"RoundState": RoundState, "round_state_labels": ROUND_STATE_LABELS, "area_names": area_names}
