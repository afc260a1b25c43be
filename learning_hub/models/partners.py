"""Implementation support: partner organisations (technical and financial assistance providers), their staff and
offers, reformers' support requests, and the connections coordinators broker between a request and an offer."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning_hub.extensions import db
from learning_hub.models.base import StringList, TimestampMixin, utcnow
from learning_hub.models.profile import Profile
from learning_hub.models.user import User

ANY_COUNTRY = "*"  # an offer or organisation that serves every country


class OrgType(enum.StrEnum):
    DONOR_AGENCY = "donor_agency"
    DEVELOPMENT_BANK = "development_bank"
    INTERNATIONAL_NGO = "international_ngo"
    FOUNDATION = "foundation"
    CONSULTANCY = "consultancy"
    RESEARCH_INSTITUTE = "research_institute"


class SupportKind(enum.StrEnum):
    TECHNICAL_ASSISTANCE = "technical_assistance"
    FUNDING = "funding"
    RESEARCH = "research"
    TOOLS = "tools"
    TRAINING = "training"
    LEGAL_ADVICE = "legal_advice"


class NeedState(enum.StrEnum):
    OPEN = "open"  # waiting for a coordinator
    BROKERING = "brokering"  # a connection was proposed
    CLOSED = "closed"  # met, withdrawn or given up


class ConnectionState(enum.StrEnum):
    PROPOSED = "proposed"
    INTRODUCED = "introduced"
    IN_DISCUSSION = "in_discussion"
    SUPPORT_AGREED = "support_agreed"
    DELIVERED = "delivered"
    DECLINED = "declined"


# Where a connection may go next (declined is reachable from every open state, with a reason).
CONNECTION_NEXT = {
    ConnectionState.PROPOSED: (ConnectionState.INTRODUCED,),
    ConnectionState.INTRODUCED: (ConnectionState.IN_DISCUSSION,),
    ConnectionState.IN_DISCUSSION: (ConnectionState.SUPPORT_AGREED,),
    ConnectionState.SUPPORT_AGREED: (ConnectionState.DELIVERED,),
    ConnectionState.DELIVERED: (),
    ConnectionState.DECLINED: (),
}
OPEN_CONNECTION_STATES = (
    ConnectionState.PROPOSED,
    ConnectionState.INTRODUCED,
    ConnectionState.IN_DISCUSSION,
    ConnectionState.SUPPORT_AGREED,
)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class PartnerOrganisation(TimestampMixin, db.Model):
    __tablename__ = "partner_organisation"
    __table_args__ = (CheckConstraint(_in("org_type", OrgType), name="known_org_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    org_type: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500))
    countries: Mapped[list[str]] = mapped_column(StringList, default=list)  # ISO codes, or ["*"]
    regions: Mapped[str | None] = mapped_column(String(300))  # free text ("Latin America", "the Sahel")
    areas: Mapped[list[str]] = mapped_column(StringList, default=list)  # keys of vocab.POLICY_AREAS
    languages: Mapped[list[str]] = mapped_column(StringList, default=list)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    staff: Mapped[list[PartnerStaff]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )
    offers: Mapped[list[PartnerOffer]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="PartnerOffer.id"
    )

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class PartnerStaff(db.Model):
    __tablename__ = "partner_staff"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id", name="uq_partner_staff_organisation_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[PartnerOrganisation] = relationship(back_populates="staff")
    user: Mapped[User] = relationship(lazy="selectin")


class PartnerOffer(TimestampMixin, db.Model):
    __tablename__ = "partner_offer"
    __table_args__ = (CheckConstraint(_in("kind", SupportKind), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    areas: Mapped[list[str]] = mapped_column(StringList, default=list)
    countries: Mapped[list[str]] = mapped_column(StringList, default=list)  # ISO codes, or ["*"]
    size_range: Mapped[str | None] = mapped_column(String(200))  # "USD 5,000-25,000", "three to six months"
    how_to_apply: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    valid_until: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[PartnerOrganisation] = relationship(back_populates="offers", lazy="joined")

    @property
    def text(self) -> str:
        """What the engine reads for an offer."""
        return f"{self.title}. {self.description}".strip()

    def serves(self, country: str | None) -> bool:
        return ANY_COUNTRY in self.countries or (bool(country) and country in self.countries)

    def expired(self, today: date) -> bool:
        return self.valid_until is not None and self.valid_until < today


class SupportRequest(TimestampMixin, db.Model):
    __tablename__ = "support_request"
    __table_args__ = (
        CheckConstraint(_in("kind", SupportKind), name="known_kind"),
        CheckConstraint(_in("state", NeedState), name="known_state"),
        Index("ix_support_request_triage", "state", "rapid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(Text)  # what is needed
    kind: Mapped[str] = mapped_column(String(30))
    size: Mapped[str | None] = mapped_column(String(200))  # rough size or budget
    others_involved: Mapped[str | None] = mapped_column(Text)
    needed_by: Mapped[date | None]
    country: Mapped[str] = mapped_column(String(2), index=True)
    areas: Mapped[list[str]] = mapped_column(StringList, default=list)
    language: Mapped[str] = mapped_column(String(8), default="en")
    rapid: Mapped[bool] = mapped_column(default=False)
    share_with_partners: Mapped[bool] = mapped_column(default=True)  # the need (never the profile) shown to partners
    reform_id: Mapped[int | None] = mapped_column(ForeignKey("reform.id", ondelete="SET NULL"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("commitment_draft.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default=NeedState.OPEN.value)
    first_response_at: Mapped[datetime | None]  # a coordinator's first action (a proposal, a note, closing)
    alerted_at: Mapped[datetime | None]  # the rapid-response alert went out
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(500))

    requester: Mapped[Profile] = relationship(lazy="joined")
    connections: Mapped[list[SupportConnection]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="SupportConnection.id"
    )

    @property
    def text(self) -> str:
        return f"{self.title}. {self.need}".strip()


class SupportConnection(TimestampMixin, db.Model):
    __tablename__ = "support_connection"
    __table_args__ = (
        CheckConstraint(_in("state", ConnectionState), name="known_state"),
        UniqueConstraint("need_id", "offer_id", name="uq_support_connection_need_offer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("support_request.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("partner_offer.id", ondelete="CASCADE"), index=True)
    partner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default=ConnectionState.PROPOSED.value)
    reason: Mapped[str | None] = mapped_column(Text)  # why the coordinator proposed it (the matched sentence)
    decline_reason: Mapped[str | None] = mapped_column(String(500))
    requester_accepted_at: Mapped[datetime | None]
    partner_accepted_at: Mapped[datetime | None]
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introduction.id", ondelete="SET NULL"))
    state_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[SupportRequest] = relationship(back_populates="connections")
    offer: Mapped[PartnerOffer] = relationship(lazy="joined")
    partner_user: Mapped[User | None] = relationship(foreign_keys=[partner_user_id])


class PartnerRoundtableNeed(db.Model):
    """A support request a partner roundtable was started from (the row makes the roundtable of that kind)."""

    __tablename__ = "partner_roundtable_need"

    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), primary_key=True)
    need_id: Mapped[int] = mapped_column(
        ForeignKey("support_request.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[SupportRequest] = relationship(lazy="joined")


class PartnerRoundtableSeat(db.Model):
    """A partner seat at a roundtable: the offer whose organisation is invited, the need it fits, and why (the
    engine's score and the two sentences that matched), as the engine proposed them when the roundtable started."""

    __tablename__ = "partner_roundtable_seat"
    __table_args__ = (UniqueConstraint("roundtable_id", "offer_id", name="uq_partner_roundtable_seat_offer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roundtable_id: Mapped[int] = mapped_column(ForeignKey("roundtable.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("partner_offer.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("support_request.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    score: Mapped[float]
    need_sentence: Mapped[str] = mapped_column(Text)
    offer_sentence: Mapped[str] = mapped_column(Text)

    offer: Mapped[PartnerOffer] = relationship(lazy="joined")
    need: Mapped[SupportRequest] = relationship(lazy="joined")
