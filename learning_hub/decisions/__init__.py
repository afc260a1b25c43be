"""Learning from decisions: judgements recorded by the deciding services, the re-ranker retrained from them.

URLs: /decisions (coordinators: the re-ranker's state, the judgements, retrain now), /decisions/runs/<id> (what the
re-ranker changes in a peer-exchange run's list). The services that decide (peer exchange, introductions, mentoring,
roundtables) call `services.record*` in their own transaction; the retraining runs as a job, daily or on demand.
"""

from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/decisions")


def init_app(app) -> None:
    """Routes under /decisions, the retraining task and its daily schedule, the personal-data section."""
    from datetime import timedelta

    from learning_hub.decisions import privacy, routes, services  # noqa: F401  (routes: declared on bp)
    from learning_hub.jobs import register_task
    from learning_hub.privacy import register_section
    from learning_hub.scheduler import periodic

    app.register_blueprint(bp)
    register_task(app, services.RETRAIN_TASK, services.retrain_task)
    periodic(
        app,
        "decisions.retrain",
        every=timedelta(days=1),
        run=services.schedule_retrain,
        description="Refit the re-ranker learned from coordinators', participants', mentors' and organisers' decisions",
    )
    register_section(app, "decisions", export=privacy.export_decisions, erase=privacy.erase_decisions)
