"""States are enums: no query or test in the app compares an enum-backed column with a bare string, which a typo
would turn into a silently empty result."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "learning_hub"
# The columns whose states have an enum (models/): job and computation status, introductions, invitee answers,
# imports, showcase stories, peer pairs, mentoring requests and offers, recognition rounds, calls for experts and
# their applications, review panels and conflicts of interest.
COLUMNS = (
    r"Job\.status|MatchRun\.status|MentorAssignment\.status|Introduction\.state|RoundtableInvitee\.rsvp|"
    r"ImportBatch\.status|ShowcaseStory\.state|MatchPair\.state|MentoringRequest\.state|MentorOffer\.state|"
    r"RecognitionRound\.state|ExpertCall\.state|CallApplication\.state|ReviewPanel\.kind|ReviewConflict\.source|"
    r"SupportRequest\.state|SupportConnection\.state"
)
BARE = re.compile(rf"\b({COLUMNS})\s*(==|!=)\s*\"|\b({COLUMNS})\.in_\(\(\s*\"")


def test_no_enum_backed_column_is_compared_with_a_bare_string():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "models" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert found == [], "\n".join(found)
