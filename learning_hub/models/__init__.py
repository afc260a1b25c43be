"""All models, imported here so that Alembic and `db.create_all()` see every table.

One module per aggregate; feature packages import from here.
"""

from learning_hub.models.api_token import TOKEN_PREFIX, TOKEN_SCOPES, PersonalAccessToken
from learning_hub.models.audit import AuditEvent
from learning_hub.models.base import TimestampMixin, embedded_text, utcnow
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
from learning_hub.models.milestone import RUBRIC_LEVELS, MilestoneReview, MilestoneSubmission
from learning_hub.models.notification import (
    CHANNELS,
    CHECKIN_DAYS,
    OUTCOMES,
    CheckIn,
    Connection,
    ConnectionMember,
    DigestMarker,
    Notification,
    NotificationPreference,
)
from learning_hub.models.peer_exchange import HeldPair, MatchPair, MatchRun, MatchRunMember
from learning_hub.models.profile import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform, RemovedText
from learning_hub.models.roundtable import Roundtable, RoundtableInvitee
from learning_hub.models.user import (
    GRANTABLE_ROLES,
    LoginThrottle,
    PasswordResetToken,
    PendingRegistration,
    Role,
    User,
    UserRole,
    UserSession,
    hash_token,
    new_session_token,
)

__all__ = [
    "CHANNELS",
    "CHECKIN_DAYS",
    "COURSE_LEVELS",
    "GRANTABLE_ROLES",
    "IMPORT_KINDS",
    "OUTCOMES",
    "RUBRIC_LEVELS",
    "TOKEN_PREFIX",
    "TOKEN_SCOPES",
    "AuditEvent",
    "Certificate",
    "Challenge",
    "CheckIn",
    "Connection",
    "ConnectionMember",
    "Course",
    "CoursePolicyArea",
    "CoursePrerequisite",
    "CourseTemplate",
    "CourseText",
    "DigestMarker",
    "EmbeddingCacheEntry",
    "Enrolment",
    "HeldPair",
    "ImportBatch",
    "Job",
    "JobStatus",
    "Lesson",
    "LessonProgress",
    "LessonText",
    "LibraryReform",
    "LoginThrottle",
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
    "MilestoneReview",
    "MilestoneSubmission",
    "Notification",
    "NotificationPreference",
    "OfferState",
    "PasswordResetToken",
    "PendingRegistration",
    "PersonalAccessToken",
    "Profile",
    "ProfileLanguage",
    "ProfilePolicyArea",
    "QuizAttempt",
    "ReferencePage",
    "ReferenceRule",
    "Reform",
    "RemovedText",
    "RequestState",
    "Role",
    "Roundtable",
    "RoundtableInvitee",
    "TimestampMixin",
    "User",
    "UserRole",
    "UserSession",
    "embedded_text",
    "hash_token",
    "new_session_token",
    "utcnow",
]
