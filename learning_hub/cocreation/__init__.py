"""Co-creation workspace: action plans drafted by a multi-stakeholder forum (government, civil society, parliament,
oversight bodies), commitment drafts kept as versions, comments with a reasoned response, precedents from other
countries (the directory's commitment library, through the engine), quality hints, and DOCX/CSV exports.

URLs under /cocreation. The gate in the policy table lets anyone reach the reading pages and signed-in users the
writing ones; the services decide on the plan itself: forum facilitators and members edit, observers read and
comment, a non-member reads only a public plan and comments on it only during its public consultation.
"""

from flask import Blueprint

bp = Blueprint("cocreation", __name__, url_prefix="/cocreation")


def init_app(app) -> None:
    """Routes under /cocreation, the drafts' embedding task, personal data, the demo plan."""
    from learning_hub.cocreation import demo, privacy, routes, tasks  # noqa: F401  (routes: declared on bp)
    from learning_hub.jobs import register_task
    from learning_hub.privacy import register_section
    from learning_hub.seed import register_demo_step

    app.register_blueprint(bp)
    register_task(app, "cocreation.embed_draft", tasks.embed_draft)
    register_section(app, "cocreation", export=privacy.export_cocreation, erase=privacy.erase_cocreation)
    register_demo_step(app, "Co-creation", demo.seed_cocreation)
