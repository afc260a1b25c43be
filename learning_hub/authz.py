"""The authorization policy: ONE table that says, for every endpoint, who may use it.

Enforcement is driven by the table itself (a `before_request` hook), so an endpoint cannot forget its check, and
`create_app` refuses to start if any endpoint is missing from the table. Owner-only endpoints let any signed-in user
through the gate; their services then return only the actor's own objects (others' objects are 404).

Policies:
- PUBLIC: anyone, signed in or not.
- LOGIN: any signed-in user.
- OWNER: any signed-in user, acting only on their own data (the service enforces the ownership).
- roles("coordinator", ...): signed-in users holding one of the roles; admins pass every role check.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, request, url_for
from flask_login import current_user

from learning_hub.errors import json_error


@dataclass(frozen=True)
class Policy:
    kind: str  # public | login | owner | roles
    roles: frozenset[str] = frozenset()

    def allows(self, user) -> bool:
        """Whether `user` (Flask-Login's current_user or a User) passes the gate."""
        if self.kind == "public":
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if self.kind in ("login", "owner"):
            return True
        return user.is_admin or user.has_role(*self.roles)

    def __str__(self) -> str:
        return self.kind if self.kind != "roles" else "roles(" + ", ".join(sorted(self.roles)) + ")"


PUBLIC = Policy("public")
LOGIN = Policy("login")
OWNER = Policy("owner")


def roles(*names: str) -> Policy:
    return Policy("roles", frozenset(names))


COORDINATORS = roles("coordinator")
ORGANISERS = roles("organiser")
MENTORS = roles("mentor")
ADMINS = roles("admin")

# endpoint -> policy. Every feature adds its own section, in the feature order of the README's architecture map.
POLICY: dict[str, Policy] = {
    # --- static files
    "static": PUBLIC,
    # --- main
    "main.index": PUBLIC,
    "main.dashboard": LOGIN,
    "main.healthz": PUBLIC,
    "main.set_language": PUBLIC,
    "main.job_status": OWNER,
    "main.job_retry": OWNER,
    "main.emails": OWNER,
    "main.email_resend": OWNER,
    # --- auth
    "auth.register": PUBLIC,
    "auth.confirm_registration": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": LOGIN,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.account": OWNER,
    "auth.change_password": OWNER,
    "auth.logout_everywhere": OWNER,
    "auth.create_token": OWNER,
    "auth.revoke_token": OWNER,
    # --- admin
    "admin.users": ADMINS,
    "admin.schedule": ADMINS,
    "admin.user_roles": ADMINS,
    "admin.user_active": ADMINS,
    "admin.audit_log": ADMINS,  # append-only; filters and pages are GET queries
    "admin.audit_export": ADMINS,
    # --- directory
    # Browsing is PUBLIC: "public" profiles are for anyone; the services show members-only ones to signed-in users.
    "directory.index": PUBLIC,
    "directory.profile": PUBLIC,
    "directory.library_index": PUBLIC,
    "directory.claim": PUBLIC,  # the emailed single-use token is the credential
    "directory.my_profile": OWNER,
    "directory.edit_details": OWNER,
    "directory.edit_listing": OWNER,
    "directory.edit_mentoring": OWNER,
    "directory.add_challenge": OWNER,
    "directory.edit_challenge": OWNER,
    "directory.delete_challenge": OWNER,
    "directory.add_reform": OWNER,
    "directory.edit_reform": OWNER,
    "directory.delete_reform": OWNER,
    "directory.restore_removed": OWNER,
    "directory.refresh_embeddings": OWNER,
    "directory.imports_page": COORDINATORS,
    "directory.import_batch": COORDINATORS,
    "directory.import_confirm": COORDINATORS,
    "directory.import_discard": COORDINATORS,
    "directory.export": COORDINATORS,
    # --- learning
    "learning.catalogue": PUBLIC,
    "learning.course": PUBLIC,
    "learning.reference_page": PUBLIC,
    "learning.course_template": PUBLIC,
    "learning.enrol": OWNER,
    "learning.lesson": OWNER,
    "learning.complete_lesson": OWNER,
    "learning.quiz": OWNER,
    "learning.quiz_attempt": OWNER,
    "learning.check_certificate": PUBLIC,
    "learning.verify_certificate": PUBLIC,
    "learning.certificate_pdf": PUBLIC,
    "learning.cohort_dashboard": COORDINATORS,
    "learning.cohort_export": COORDINATORS,
    # the applied milestone: its author submits it; the assigned reviewer reviews it (services check who)
    "learning.submit_milestone": OWNER,
    "learning.milestone_visibility": OWNER,
    "learning.my_reviews": OWNER,
    "learning.review": OWNER,
    # --- peer_exchange
    # Runs are coordinators' work; a suggestion is seen only by its two people (the service makes others' pairs 404).
    "peer_exchange.runs": COORDINATORS,
    "peer_exchange.new_run": COORDINATORS,
    "peer_exchange.run": COORDINATORS,
    "peer_exchange.set_pair_state": COORDINATORS,
    "peer_exchange.swap_person": COORDINATORS,
    "peer_exchange.rerun": COORDINATORS,
    "peer_exchange.publish": COORDINATORS,
    "peer_exchange.unpublish_run": COORDINATORS,
    "peer_exchange.compare_runs": COORDINATORS,
    "peer_exchange.export": COORDINATORS,
    "peer_exchange.run_health": COORDINATORS,
    # The re-ranker learned from decisions: its state, retraining and its effect on runs are coordinators' views.
    "decisions.index": COORDINATORS,
    "decisions.retrain": COORDINATORS,
    "decisions.run_changes": COORDINATORS,
    "peer_exchange.suggestion": OWNER,
    "peer_exchange.respond": OWNER,
    # --- mentoring
    # Requests and mentorships are OWNER: services show only the actor's own (others' are 404). The emailed
    # accept/decline link is PUBLIC: its single-purpose token is the credential, and only its POST acts.
    "mentoring.index": LOGIN,
    "mentoring.new_request": OWNER,
    "mentoring.request_detail": OWNER,
    "mentoring.submit_request": OWNER,
    "mentoring.withdraw_request": OWNER,
    "mentoring.discard_request": OWNER,
    "mentoring.mentorship": OWNER,
    "mentoring.complete": OWNER,
    "mentoring.feedback": OWNER,
    "mentoring.cancel": OWNER,
    "mentoring.add_note": OWNER,
    "mentoring.delete_note": OWNER,
    "mentoring.inbox": OWNER,
    "mentoring.offer": OWNER,
    "mentoring.answer": OWNER,
    "mentoring.respond_link": PUBLIC,
    "mentoring.capacity": MENTORS,
    "mentoring.availability": MENTORS,
    "mentoring.queue": COORDINATORS,
    "mentoring.start_assignment": COORDINATORS,
    "mentoring.assignment": COORDINATORS,
    "mentoring.drop_row": COORDINATORS,
    "mentoring.publish_assignment": COORDINATORS,
    "mentoring.report": COORDINATORS,
    # --- roundtables
    # Organisers (and admins) plan roundtables together. An invitee answers through the emailed link (PUBLIC: the
    # signed token is the credential, and only its POST acts) or, signed in, on their own invitation page (OWNER:
    # others' invitations are 404).
    "roundtables.index": ORGANISERS,
    "roundtables.new": ORGANISERS,
    "roundtables.detail": ORGANISERS,
    "roundtables.edit": ORGANISERS,
    "roundtables.regenerate": ORGANISERS,
    "roundtables.set_person": ORGANISERS,
    "roundtables.send_invitations": ORGANISERS,
    "roundtables.withdraw_invitations": ORGANISERS,
    "roundtables.invite_substitute": ORGANISERS,
    "roundtables.remind": ORGANISERS,
    "roundtables.export_csv": ORGANISERS,
    "roundtables.sign_in_sheet": ORGANISERS,
    "roundtables.sign_in_pdf": ORGANISERS,
    "roundtables.calendar": ORGANISERS,
    "roundtables.rsvp": PUBLIC,
    "roundtables.rsvp_calendar": PUBLIC,
    "roundtables.invitation": OWNER,
    "roundtables.invitation_calendar": OWNER,
    # --- notifications and outcome follow-up
    # A person's own notifications, channels and check-ins (others' are 404). The emailed unsubscribe link is PUBLIC:
    # its signed token is the credential and names one kind; only its POST acts. The funnel is the coordinators'.
    "notifications.index": OWNER,
    "notifications.mark_read": OWNER,
    "notifications.mark_all_read": OWNER,
    "notifications.settings": OWNER,
    "notifications.unsubscribe": PUBLIC,
    "notifications.checkin": OWNER,
    "notifications.outcomes": COORDINATORS,
    "notifications.outcomes_export": COORDINATORS,
    "notifications.outcomes_named": COORDINATORS,
    "notifications.outcomes_named_export": COORDINATORS,
    # --- recognition (rounds of a scored, blind review of showcase stories)
    # Rounds are for signed-in people; opening one is coordinators' work. Reviewers reach only their own
    # assignments (others' are 404); results and winners: coordinators who are not on the round's panel (the
    # service checks).
    "recognition.index": LOGIN,
    "recognition.round_page": LOGIN,
    "recognition.nominate": LOGIN,
    "recognition.new_round": COORDINATORS,
    "recognition.assign": COORDINATORS,
    "recognition.results": COORDINATORS,
    "recognition.my_reviews": OWNER,
    "recognition.review": OWNER,
    # --- calls (calls for experts, under /support/calls)
    "calls.index": LOGIN,
    "calls.call": LOGIN,
    "calls.apply": LOGIN,
    "calls.mine": OWNER,
    "calls.new_call": COORDINATORS,
    "calls.assign": COORDINATORS,
    "calls.ranking": COORDINATORS,
    "calls.conflict": OWNER,  # a reviewer of that call only (the service makes other calls 404)
    "calls.my_reviews": OWNER,
    "calls.review": OWNER,
    # --- introductions and conversations
    # OWNER: services show only the actor's own requests and threads (others' are 404; coordinators read no
    # thread). The emailed answer link is PUBLIC: its signed token is the credential, and only its POST acts.
    "introductions.index": OWNER,
    "introductions.ask": OWNER,
    "introductions.detail": OWNER,
    "introductions.answer": OWNER,
    "introductions.withdraw": OWNER,
    "introductions.block": OWNER,
    "introductions.unblock": OWNER,
    "introductions.report": OWNER,
    "introductions.settings": OWNER,
    "introductions.respond_link": PUBLIC,
    "introductions.reports": COORDINATORS,
    "introductions.close_report": COORDINATORS,
    "introductions.conversations": OWNER,
    "introductions.conversation": OWNER,
    "introductions.mark_read": OWNER,
    "introductions.report_message": OWNER,
    # --- cocreation
    # Reading pages are PUBLIC at the gate: the services show a plan to its forum, to admins, and to anyone when the
    # plan is public (others get 404). Writing is for signed-in users, and the services decide on the plan: forum
    # facilitators and members edit, facilitators manage the forum and moderate, a non-member comments only on a
    # public plan in consultation.
    "cocreation.index": PUBLIC,
    "cocreation.plan": PUBLIC,
    "cocreation.draft": PUBLIC,
    "cocreation.compare_versions": PUBLIC,
    "cocreation.export_docx": PUBLIC,
    "cocreation.export_pdf": PUBLIC,
    "cocreation.export_csv": PUBLIC,
    "cocreation.new_plan": LOGIN,
    "cocreation.plan_status": LOGIN,
    "cocreation.add_member": LOGIN,
    "cocreation.remove_member": LOGIN,
    "cocreation.new_draft": LOGIN,
    "cocreation.edit_draft": LOGIN,
    "cocreation.add_comment": LOGIN,
    "cocreation.respond": LOGIN,
    "cocreation.moderate": LOGIN,
    "cocreation.finalise": LOGIN,
    "cocreation.reopen": LOGIN,
    # Commitment workshops (roundtables held for a plan): the services let the plan's facilitators and organisers
    # who can see the plan start one, and show it to them and to the plan's forum.
    "cocreation.new_workshop": LOGIN,
    "cocreation.workshop": LOGIN,
    # --- showcase
    # Reading is PUBLIC: only public stories and names (showcase/public.py) are served there. Writing is for signed-in
    # users and the services decide: the proposer edits until publication, each named person confirms or withdraws
    # only their own consent, coordinators edit and decide (others' stories are 404).
    "showcase.index": PUBLIC,
    "showcase.area": PUBLIC,
    "showcase.country": PUBLIC,
    "showcase.story": PUBLIC,
    "showcase.feed": PUBLIC,
    "showcase.sitemap": PUBLIC,
    "showcase.propose": LOGIN,
    "showcase.mine": OWNER,
    "showcase.manage": OWNER,
    "showcase.edit": OWNER,
    "showcase.consent": OWNER,
    "showcase.resubmit": OWNER,
    "showcase.translate": OWNER,
    "showcase.editorial": COORDINATORS,
    "showcase.decide": COORDINATORS,
    "showcase.request_changes": COORDINATORS,
    # --- partners
    # Every signed-in user reads organisations and offers (unverified ones are marked). Registering is for partner
    # staff and coordinators; the services let an organisation's staff (and coordinators) change it and its offers
    # (others get 403); coordinators verify.
    "partners.index": LOGIN,
    "partners.new": roles("partner", "coordinator"),
    "partners.organisation": LOGIN,
    "partners.edit": LOGIN,
    "partners.add_staff": LOGIN,
    "partners.verify": COORDINATORS,
    "partners.new_offer": LOGIN,
    "partners.offer": LOGIN,
    "partners.edit_offer": LOGIN,
    # --- support
    # A support request is its requester's, the coordinators' and, once connected, the partner staff's (others get
    # 404); a connection is its two sides' and the coordinators'. Triage, proposals and the pipeline are the
    # coordinators'.
    "support.index": LOGIN,
    "support.new": LOGIN,
    "support.need": OWNER,
    "support.edit": OWNER,
    "support.close": OWNER,
    "support.propose": COORDINATORS,
    "support.triage": COORDINATORS,
    "support.connection": OWNER,
    "support.accept": OWNER,
    "support.decline": OWNER,
    "support.advance": OWNER,
    "support.pipeline": COORDINATORS,
    "support.pipeline_csv": COORDINATORS,
    "support.new_roundtable": ORGANISERS,
    # --- api
    "api-docs.openapi_json": PUBLIC,
    "api_docs.page": PUBLIC,
    "api_me.Me": LOGIN,
    # Resources: the same policies as their HTML pages (services make others' objects 404); token scopes follow
    # (read for GET, write for changes, coordinate as well where the policy names coordinators or organisers).
    "api_directory.list": PUBLIC,
    "api_directory.profile": PUBLIC,
    "api_profile.mine": OWNER,
    "api_profile.challenges": OWNER,
    "api_profile.challenge": OWNER,
    "api_profile.reforms": OWNER,
    "api_profile.reform": OWNER,
    "api_courses.catalogue": PUBLIC,
    "api_courses.course": PUBLIC,
    "api_courses.enrol": OWNER,
    "api_courses.complete_lesson": OWNER,
    "api_courses.quiz": OWNER,
    "api_courses.enrolments": OWNER,
    "api_peers.runs": COORDINATORS,
    "api_peers.run": COORDINATORS,
    "api_peers.pairs": COORDINATORS,
    "api_peers.publish": COORDINATORS,
    "api_peers.suggestions": OWNER,
    "api_peers.suggestion": OWNER,
    "api_peers.respond": OWNER,
    "api_mentoring.requests": OWNER,
    "api_mentoring.request": OWNER,
    "api_mentoring.suggestions": OWNER,
    "api_mentoring.submit": OWNER,
    "api_mentoring.withdraw": OWNER,
    "api_mentoring.inbox": OWNER,
    "api_mentoring.answer": OWNER,
    "api_roundtables.roundtables": ORGANISERS,
    "api_roundtables.roundtable": ORGANISERS,
    "api_roundtables.generate": ORGANISERS,
    "api_roundtables.invitees": ORGANISERS,
    "api_roundtables.send_invitations": ORGANISERS,
    "api_roundtables.my_invitations": OWNER,
    "api_roundtables.invitation": OWNER,
    "api_roundtables.rsvp": OWNER,
    "api_notifications.list": OWNER,
    "api_notifications.read": OWNER,
    "api_notifications.read_all": OWNER,
    "api_notifications.preferences": OWNER,
    "api_introductions.introductions": OWNER,
    "api_introductions.introduction": OWNER,
    "api_introductions.answer": OWNER,
    "api_introductions.withdraw": OWNER,
    "api_introductions.settings": OWNER,
    "api_introductions.conversations": OWNER,
    "api_introductions.messages": OWNER,
    "api_introductions.read": OWNER,
    # Lists and creation share a path (one endpoint): signed-in callers; one plan or draft is readable by anyone when
    # its plan is public (the services decide, as on the pages).
    "api_cocreation.plans": LOGIN,
    "api_cocreation.drafts": LOGIN,
    "api_cocreation.comments": LOGIN,
    "api_cocreation.plan": PUBLIC,
    "api_cocreation.draft": PUBLIC,
    "api_cocreation.save_draft": LOGIN,
    "api_cocreation.finalise": LOGIN,
    "api_cocreation.respond": LOGIN,
    # The showcase: published stories are public (public.py decides what is); the editorial queue and decisions are
    # for coordinators (a token needs the coordinate scope); consent is the named person's own (others: 404).
    "api_showcase.stories": PUBLIC,
    "api_showcase.story": PUBLIC,
    "api_showcase.queue": COORDINATORS,
    "api_showcase.publish": COORDINATORS,
    "api_showcase.unpublish": COORDINATORS,
    "api_showcase.request_changes": COORDINATORS,
    "api_showcase.consent": OWNER,
    # Partners and support: as on /partners and /support (the services decide on staff, requesters and sides).
    "api_partners.organisations": LOGIN,
    "api_partners.organisation": LOGIN,
    "api_partners.new_offer": LOGIN,
    "api_partners.offers": LOGIN,
    "api_partners.offer": LOGIN,
    "api_partners.requests": OWNER,
    "api_partners.request": OWNER,
    "api_partners.request_offers": COORDINATORS,
    "api_partners.connections": LOGIN,
    "api_partners.connection": OWNER,
    "api_partners.accept": OWNER,
    "api_partners.decline": OWNER,
    "api_partners.advance": OWNER,
}


def missing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()} - POLICY.keys())


def enforce_policy():
    """before_request: apply the endpoint's policy. Unknown endpoints (404s) fall through to the router."""
    endpoint = request.endpoint
    if endpoint is None:
        return None
    policy = POLICY.get(endpoint)
    if policy is None:  # create_app forbids this; never fail open
        return (
            json_error("forbidden", "No access policy for this endpoint.", 403)
            if request.path.startswith("/api/")
            else ("Forbidden", 403)
        )
    if policy.allows(current_user):
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            return json_error("unauthorized", "Sign in or send a bearer token.", 401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    from flask import abort

    abort(403)
