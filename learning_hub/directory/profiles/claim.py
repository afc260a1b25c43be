"""Claiming an imported account from the emailed invitation: set a password, then (optionally) consent to be listed.

The token is single-use and spent by auth.services.reset_password(purpose="invitation"), which also records
`claimed_at` and ends any session. Consent is a separate, unticked choice: without it the profile stays unlisted.
"""

from __future__ import annotations

from flask_babel import gettext as _

from learning_hub import vocab
from learning_hub.auth.services import reset_password, token_user
from learning_hub.errors import ValidationError
from learning_hub.extensions import db
from learning_hub.models import User, utcnow


def invitation_user(token: str) -> User:
    """The invited person, for the claim page (NotFound when the link is unknown, used or expired)."""
    _row, user = token_user(token, "invitation")
    return user


def claim_account(token: str, *, password: str, consent: bool, visibility: str) -> User:
    if visibility not in vocab.VISIBILITIES:
        raise ValidationError(_("Choose who can see your profile."), field="visibility")
    user = reset_password(token, password, purpose="invitation")
    profile = user.profile
    if profile is not None:
        profile.visibility = visibility
        profile.consented_at = utcnow() if consent and visibility != "private" else None
        if profile.mentor_available and profile.mentor_capacity > 0:
            user.grant("mentor")  # the offer recorded by the import becomes theirs now
        profile.updated_at = utcnow()
        db.session.commit()
    return user
