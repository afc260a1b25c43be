"""Account pages. Thin: build the form, validate, call one service, flash and redirect."""

from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from learning_hub.api import tokens as token_services
from learning_hub.auth import bp, services, throttle
from learning_hub.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    TokenForm,
)
from learning_hub.errors import DomainError, ValidationError
from learning_hub.extensions import limiter
from learning_hub.models import hash_token
from learning_hub.security import safe_next, start_session


def _failed_attempt(response) -> bool:
    return response.status_code != 302  # a successful sign-in redirects


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _known_browser() -> bool:
    """This browser signed in before to the account of the email typed (its signed cookie says so)."""
    ids = throttle.known_user_ids()
    if not ids:
        return False
    user = services.find_user_by_email(request.form.get("email", ""))
    return user is not None and user.id in ids


def _sign_in(user, remember: bool) -> None:
    session.clear()  # no fixation: a fresh session for the signed-in user
    services.open_session(user, remember=remember, user_agent=request.user_agent.string)
    login_user(user, remember=remember)
    start_session()


def _sign_out() -> None:
    if current_user.is_authenticated:
        services.close_session(current_user.current_session_token)
    logout_user()
    session.clear()


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    """The answer is the same whether or not the email has an account: "check your email" (the email then holds
    either the confirmation link or, for an existing account, a note to sign in or reset the password)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.request_registration(
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                country=form.country.data,
                consent_listed=form.consent.data,
                locale=session.get("locale"),
            )
        except DomainError as exc:
            form.show_refusal(exc, "email")
        else:
            flash(
                _(
                    "Check your email: we have sent a message to %(email)s. Open the link in it within 24 hours to "
                    "finish creating your account.",
                    email=services.normalise_email(form.email.data),
                ),
                "info",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def confirm_registration(token: str):
    """The emailed link shows a button (reading the page changes nothing); pressing it creates the account."""
    try:
        pending = services.pending_registration(token)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("auth.register"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            user = services.confirm_registration(token)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("auth.login"))
        _sign_in(user, remember=False)
        flash(_("Welcome to Learning Hub. Add your challenges and reforms so that peers can find you."), "success")
        response = redirect(url_for("main.dashboard"))
        throttle.remember_browser(response, user.id)
        return response
    return render_template("auth/confirm_registration.html", form=form, pending=pending)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed_attempt, exempt_when=_known_browser)
def login():
    next_url = safe_next(request.args.get("next"), url_for("main.dashboard"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        wait = throttle.seconds_to_wait(form.email.data)
        if wait and not _known_browser():
            # Not checked, so a guess made too early learns nothing; the owner passes from a known browser.
            form.password.errors.append(
                ngettext(
                    "Too many wrong passwords for this account: wait %(num)s second before the next try, sign in "
                    "from a browser you used before, or reset your password.",
                    "Too many wrong passwords for this account: wait %(num)s seconds before the next try, sign in "
                    "from a browser you used before, or reset your password.",
                    wait,
                )
            )
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _sign_in(user, remember=form.remember.data)
            response = redirect(next_url)
            throttle.remember_browser(response, user.id)
            return response
        # About the pair, not one field: shown once in the summary, under no field's label.
        form.form_errors.append(_("Email or password is not right."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        _sign_out()
        flash(_("You are signed out."), "info")
        return redirect(url_for("main.index"))
    return render_template("auth/logout.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account uses that email, we have sent it a link to set a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        services.token_user(token)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("auth.forgot_password"))
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except ValidationError as exc:  # a refused password: the link stays usable
            form.show_refusal(exc, "password")
            return render_template("auth/reset_password.html", form=form), 422
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("auth.forgot_password"))
        _sign_out()
        flash(
            _("Your password is set. Every session and personal access token of your account has ended. Sign in now."),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


def _say_tokens_revoked(count: int) -> None:
    if count:
        flash(
            ngettext(
                "Your %(num)s personal access token is revoked: scripts using it need a new one.",
                "Your %(num)s personal access tokens are revoked: scripts using them need new ones.",
                count,
            ),
            "info",
        )


def _account_page(password_form=None, delete_form=None, token_form=None, new_token=None, status=200):
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(prefix="password"),
        everywhere_form=ConfirmForm(prefix="everywhere"),
        delete_form=delete_form or DeleteAccountForm(prefix="delete"),
        token_form=token_form or TokenForm(prefix="token"),
        new_token=new_token,
        tokens=token_services.list_tokens(current_user),
        live_tokens=token_services.count_live_tokens(current_user),
        revoke_form=ConfirmForm(prefix="revoke"),
        sessions=services.list_sessions(current_user),
        current_session_hash=hash_token(current_user.current_session_token),
    ), status


@bp.route("/account", methods=["GET", "POST"])
def account():
    """The account page; `?format=json` downloads all my data (a GET: reading changes nothing)."""
    if request.args.get("format") == "json":
        body = json.dumps(services.export_my_data(current_user), indent=2, ensure_ascii=False, default=str)
        return Response(
            body,
            mimetype="application/json",
            headers={"Content-Disposition": "attachment; filename=learning-hub-my-data.json"},
        )
    delete_form = DeleteAccountForm(prefix="delete")
    if delete_form.validate_on_submit():
        try:
            services.delete_account(current_user, delete_form.password.data)
        except DomainError as exc:
            delete_form.show_refusal(exc, "password")
        else:
            logout_user()
            session.clear()
            flash(_("Your account and your personal data are deleted."), "info")
            return redirect(url_for("main.index"))
    return _account_page(delete_form=delete_form, status=422 if delete_form.errors else 200)


@bp.route("/account/password", methods=["POST"])
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            revoked = services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as exc:
            form.show_refusal(exc, "current_password")
        else:
            flash(_("Your password is changed. Other devices are signed out."), "success")
            _say_tokens_revoked(revoked)
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form, status=422)


@bp.route("/account/logout-everywhere", methods=["POST"])
def logout_everywhere():
    form = ConfirmForm(prefix="everywhere")
    if form.validate_on_submit():
        revoked = services.logout_everywhere(current_user)
        logout_user()
        session.clear()
        flash(_("You are signed out on every device."), "info")
        _say_tokens_revoked(revoked)
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/account/tokens", methods=["POST"])
def create_token():
    """Create a personal access token; the page shows it once (never flashed: flashes live in the cookie)."""
    form = TokenForm(prefix="token")
    if form.validate_on_submit():
        try:
            row, raw = token_services.create_token(current_user, form.name.data, form.scopes.data, int(form.days.data))
        except DomainError as exc:
            form.show_refusal(exc, "name")
        else:
            return _account_page(new_token={"name": row.name, "value": raw}, status=201)
    return _account_page(token_form=form, status=422)


@bp.route("/account/tokens/<id:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    if ConfirmForm(prefix="revoke").validate_on_submit():
        row = token_services.revoke_token(current_user, token_id)
        flash(_("The token “%(name)s” is revoked.", name=row.name), "info")
    return redirect(url_for("auth.account") + "#tokens")
