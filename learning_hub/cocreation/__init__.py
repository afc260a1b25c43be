"""Co-creation workspace: action plans drafted by a multi-stakeholder forum (government, civil society, parliament,
oversight bodies), commitment drafts kept as versions, comments with a reasoned response, precedents from other
countries (the directory's commitment library, through the engine), quality hints, and DOCX/CSV exports.

URLs under /cocreation. The gate in the policy table lets anyone reach the reading pages and signed-in users the
writing ones; the services decide on the plan itself: forum facilitators and members edit, observers read and
comment, a non-member reads only a public plan and comments on it only during its public consultation.
"""

# ruff: noqa: E402, F401 -- the feature's modules are imported for their registrations

from flask import Blueprint

bp = Blueprint("cocreation", __name__, url_prefix="/cocreation")

from learning_hub.cocreation import demo, privacy, routes, tasks
