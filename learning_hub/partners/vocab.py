"""The labels of implementation support: kinds of organisation, kinds of support, the states of a support request
and of a connection. Areas are vocab.POLICY_AREAS; countries are ISO codes or "*" (any country)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning_hub.models.partners import ConnectionState, NeedState, OrgType, SupportKind

ORG_TYPES = {
    OrgType.DONOR_AGENCY.value: _l("Donor agency"),
    OrgType.DEVELOPMENT_BANK.value: _l("Development bank"),
    OrgType.INTERNATIONAL_NGO.value: _l("International NGO"),
    OrgType.FOUNDATION.value: _l("Foundation"),
    OrgType.CONSULTANCY.value: _l("Consultancy"),
    OrgType.RESEARCH_INSTITUTE.value: _l("Research institute"),
}

SUPPORT_KINDS = {
    SupportKind.TECHNICAL_ASSISTANCE.value: _l("Technical assistance"),
    SupportKind.FUNDING.value: _l("Funding or grants"),
    SupportKind.RESEARCH.value: _l("Research"),
    SupportKind.TOOLS.value: _l("Tools"),
    SupportKind.TRAINING.value: _l("Training"),
    SupportKind.LEGAL_ADVICE.value: _l("Legal advice"),
}

NEED_STATES = {
    NeedState.OPEN.value: _l("Waiting for a coordinator"),
    NeedState.BROKERING.value: _l("Connection proposed"),
    NeedState.CLOSED.value: _l("Closed"),
}

CONNECTION_STATES = {
    ConnectionState.PROPOSED.value: _l("Proposed"),
    ConnectionState.INTRODUCED.value: _l("Introduced"),
    ConnectionState.IN_DISCUSSION.value: _l("In discussion"),
    ConnectionState.SUPPORT_AGREED.value: _l("Support agreed"),
    ConnectionState.DELIVERED.value: _l("Delivered"),
    ConnectionState.DECLINED.value: _l("Declined"),
}

# The languages an offer or a need may be written in: the interface's four.
TEXT_LANGUAGES = ("en", "es", "fr", "id")
