"""Objects for the fuzzer to find: with low ids, generated ids often point at real rows, so requests reach the
services' deeper paths (ownership, state rules) instead of stopping at "not found"."""
from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.learning import services as learning
from learning_hub.peer_exchange import services as peers
from tests.api.conftest import sync_courses
from tests.factories import make_user
from tests.learning.corpus import write_course
from tests.peer_exchange.conftest import COHORT, _person


def seed(runner, tmp_path):
    """The cohort, two courses, a published and a ready match run; returns the fuzzing token's owner."""
    people = {name: _person(name, *spec) for name, spec in COHORT.items()}
    owner = make_user(email="fuzz@api.example.org", roles=("coordinator", "organiser"), mentor_capacity=2,
                      display_name="Fuzz Owner", country="GH",
                      challenges=("Procurement contracts are signed behind closed doors, so citizens cannot follow "
                                  "public spending.",),
                      reforms=({"title": "Participatory budgeting", "description": "Residents vote on part of the "
                                "municipal budget and follow how it is spent on local services."},))
    root = tmp_path / "fuzz-courses"
    write_course(root, "basics", title="Open contracting basics", translations=("es",))
    write_course(root, "advanced", title="Advanced coalitions", prerequisites=("basics",), level="advanced")
    sync_courses(runner, root)
    learning.enrol(owner, "basics")
    learning.enrol(people["Amina"], "basics")
    published = peers.start_run(owner, _params(), name="published")
    peers.publish(owner, published.id)
    peers.start_run(owner, _params(per_person=1), name="ready")
    db.session.commit()
    return owner


def _params(**overrides) -> dict:
    params = {"countries": [], "sectors": [], "policy_areas": [], "joined_since": None, "per_person": 2,
              "cross_country": True, "min_score": None, "exclude_held": True}
    params.update(overrides)
    return params
