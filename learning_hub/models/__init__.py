"""All models, imported here so that Alembic and `db.create_all()` see every table.

One module per aggregate; feature packages import from here.
"""

from learning_hub.models.api_token import TOKEN_PREFIX, TOKEN_SCOPES, PersonalAccessToken
from learning_hub.models.base import TimestampMixin, utcnow
from learning_hub.models.cocreation import ActionPlan, CommitmentDraft, DraftComment, DraftVersion, ForumMember
from learning_hub.models.course import (
    COURSE_LEVELS,
    Course,
    CoursePolicyArea,
    CoursePrerequisite,
    CourseTemplate,
    CourseText,
    Lesson,
    LessonText,
    ReferencePage,
    ReferenceRule,
)
from learning_hub.models.directory import IMPORT_KINDS, ImportBatch, LibraryReform
from learning_hub.models.embedding import EmbeddingCacheEntry
from learning_hub.models.job import Job, JobStatus
from learning_hub.models.learning import Certificate, Enrolment, LessonProgress, QuizAttempt
from learning_hub.models.mentoring import (
    MentorAssignment,
    MentorAssignmentRow,
    MentoringRequest,
    MentorLoad,
    MentorOffer,
    MentorshipFeedback,
    MentorshipNote,
    OfferState,
    RequestState,
)
from learning_hub.models.peer_exchange import HeldPair, MatchPair, MatchRun, MatchRunMember
from learning_hub.models.profile import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform
from learning_hub.models.roundtable import Roundtable, RoundtableInvitee
from learning_hub.models.user import (
    GRANTABLE_ROLES,
    PasswordResetToken,
    Role,
    User,
    UserRole,
    UserSession,
    hash_token,
    new_session_token,
)

__all__ = [
    "COURSE_LEVELS",
    "GRANTABLE_ROLES",
    "IMPORT_KINDS",
    "TOKEN_PREFIX",
    "TOKEN_SCOPES",
    "ActionPlan",
    "Certificate",
    "Challenge",
    "CommitmentDraft",
    "Course",
    "CoursePolicyArea",
    "CoursePrerequisite",
    "CourseTemplate",
    "CourseText",
    "DraftComment",
    "DraftVersion",
    "EmbeddingCacheEntry",
    "Enrolment",
    "ForumMember",
    "HeldPair",
    "ImportBatch",
    "Job",
    "JobStatus",
    "Lesson",
    "LessonProgress",
    "LessonText",
    "LibraryReform",
    "MatchPair",
    "MatchRun",
    "MatchRunMember",
    "MentorAssignment",
    "MentorAssignmentRow",
    "MentorLoad",
    "MentorOffer",
    "MentoringRequest",
    "MentorshipFeedback",
    "MentorshipNote",
    "OfferState",
    "PasswordResetToken",
    "PersonalAccessToken",
    "Profile",
    "ProfileLanguage",
    "ProfilePolicyArea",
    "QuizAttempt",
    "ReferencePage",
    "ReferenceRule",
    "Reform",
    "RequestState",
    "Role",
    "Roundtable",
    "RoundtableInvitee",
    "TimestampMixin",
    "User",
    "UserRole",
    "UserSession",
    "hash_token",
    "new_session_token",
    "utcnow",
]
