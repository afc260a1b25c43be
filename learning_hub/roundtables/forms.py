"""Forms: a roundtable (details, seats, quotas, pins and exclusions), person actions, reminders and answers."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine, SubForm, country_choices
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables import times
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.services import PERSON_ACTIONS, Details

MAX_QUOTAS = 20
MIN_SEATS, MAX_SEATS = 2, 200


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuotaRowForm(SubForm):
    """One quota: who (rendered as a grouped <select> by the template), and a minimum and/or maximum."""

    who = StringField(_l("Who"), validators=[Optional(), Length(max=60), SingleLine()])
    min = StringField(_l("At least"), validators=[Optional(), Length(max=8), SingleLine()])
    max = StringField(_l("At most"), validators=[Optional(), Length(max=8), SingleLine()])

    def is_blank(self) -> bool:
        return not ((self.who.data or "").strip() or (self.min.data or "").strip() or (self.max.data or "").strip())


def who_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The options of a quota's "who" picker, grouped; values are "kind:value"."""
    sectors = [(f"sector:{key}", str(label)) for key, label in vocab.SECTORS.items() if key != vocab.PARTNER_SECTOR]
    return [
        (_("Partner seats"), [("partner:", _("Technical and financial partners"))]),
        (
            _("Gender (counted only in aggregate)"),
            [("gender:woman", _("Women")), ("gender:man", _("Men")), ("gender:non_binary", _("Non-binary people"))],
        ),
        (
            _("Government and civil society"),
            [
                ("side:government", _("Government (any branch or level)")),
                ("side:civil_society", _("Civil society (organisations, academia, media)")),
            ],
        ),
        (_("Sector"), sectors),
        (_("Country"), [(f"country:{code}", name) for code, name in country_choices(blank=False)]),
    ]


def who_value(row: q.QuotaRow) -> str:
    return f"{row.kind}:{row.value if row.kind != 'partner' else ''}"


class RoundtableForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200), SingleLine()])
    topic = TextAreaField(
        _l("Topic"),
        validators=[DataRequired(), Length(min=20, max=4000), NoControlChars()],
        description=_l(
            "A few sentences on what the roundtable is about. People are ranked by how "
            "well their challenges and reforms meet it."
        ),
    )
    start_date = DateField(_l("Date"), validators=[InputRequired(message=_l("Choose the date."))])
    start_time = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Choose the start time."))])
    time_zone = SelectField(
        _l("Time zone"),
        default="UTC",
        validators=[InputRequired()],
        description=_l(
            "The date, start time and deadline are in this time zone. Zones are grouped by country; invitees also"
            " see the times in their own zone."
        ),
    )
    duration_minutes = IntegerField(
        _l("Length in minutes"), default=90, validators=[InputRequired(), NumberRange(min=15, max=720)]
    )
    format = RadioField(
        _l("Format"),
        default="virtual",
        choices=[("virtual", _l("Virtual")), ("in_person", _l("In person"))],
        validators=[InputRequired()],
    )
    location = StringField(
        _l("Venue or meeting link"),
        validators=[Optional(), Length(max=300), SingleLine()],
        description=_l("Required in person: the venue. Virtual: the meeting link, if known."),
    )
    seats = IntegerField(
        _l("Seats"),
        default=12,
        validators=[
            InputRequired(),
            NumberRange(min=MIN_SEATS, max=MAX_SEATS, message=_l("Choose between 2 and 200 seats.")),
        ],
    )
    deadline_date = DateField(_l("Answer by (date)"), validators=[InputRequired(message=_l("Choose the deadline."))])
    deadline_time = TimeField(_l("Answer by (time)"), default=time(17, 0), validators=[InputRequired()])
    quotas = FieldList(FormField(QuotaRowForm), min_entries=3, max_entries=MAX_QUOTAS)
    max_per_country = IntegerField(
        _l("At most this many people from any one country"), validators=[Optional(), NumberRange(min=1, max=MAX_SEATS)]
    )
    pins = SelectMultipleField(
        _l("Pinned: always invited"),
        coerce=int,
        validators=[Optional()],
        description=_l("Type a name to find someone; hold Ctrl or ⌘ to pick several."),
    )
    excludes = SelectMultipleField(_l("Excluded: never listed"), coerce=int, validators=[Optional()])
    series = StringField(
        _l("Series"),
        validators=[Optional(), Length(max=120), SingleLine()],
        description=_l(
            "Roundtables with the same series name share their history: people invited to earlier roundtables "
            "of the series have their invitations counted by the fair lottery."
        ),
    )
    selection = RadioField(
        _l("How invitees are chosen"),
        choices=[
            ("lottery", _l("Fair lottery: a panel drawn so that every eligible person has a fair chance")),
            ("relevance", _l("Most relevant list: the people who best meet the topic")),
        ],
        validators=[Optional()],
        description=_l("If you choose neither: the fair lottery in a series, the most relevant list otherwise."),
    )
    check = SubmitField(_l("Check the quotas"))
    submit = SubmitField(_l("Save and generate the list"))

    def __init__(self, *args, people_choices=(), lock_rules: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = times.zone_choices()  # grouped by country; the page adds a search box
        self.time_zone.data = times.canonical(self.time_zone.data)
        self.lock_rules = lock_rules
        if lock_rules:  # invitations are out: only the details may change
            for name in ("seats", "quotas", "max_per_country", "pins", "excludes", "series", "selection", "check"):
                delattr(self, name)
        else:
            self.pins.choices = self.excludes.choices = list(people_choices)
        self.quota_rows: list[q.QuotaRow] = []
        self.restated: dict[int, str] = {}
        self.starts_at = self.deadline_at = None

    def add_blank_rows(self, count: int = 2) -> None:
        blanks = sum(1 for entry in self.quotas if entry.form.is_blank())
        while blanks < count and len(self.quotas) < MAX_QUOTAS:
            self.quotas.append_entry()
            blanks += 1

    def _check_times(self) -> bool:
        ok = True
        zone = self.time_zone.data
        if not times.is_zone(zone):
            self.time_zone.errors.append(_("Choose a time zone from the list."))
            return False
        for day, at, target in (
            (self.start_date, self.start_time, "starts_at"),
            (self.deadline_date, self.deadline_time, "deadline_at"),
        ):
            if day.data is None or at.data is None:
                continue
            try:
                setattr(self, target, times.to_utc(day.data, at.data, zone))
            except times.TimeProblem as exc:
                at.errors.append(str(exc))
                ok = False
        if self.starts_at and self.deadline_at and self.deadline_at > self.starts_at:
            self.deadline_date.errors.append(_("The deadline must come before the roundtable starts."))
            ok = False
        return ok

    def _check_quotas(self) -> bool:
        ok, seen = True, {}
        seats = self.seats.data if not self.seats.errors else None
        self.quota_rows, self.restated = [], {}
        for index, entry in enumerate(self.quotas):
            sub = entry.form
            if sub.is_blank():
                continue
            kind, _sep, value = (sub.who.data or "").partition(":")
            try:
                row = q.QuotaRow(kind, value, q.clean_bound(sub.min.data), q.clean_bound(sub.max.data))
                q.check_value(row.kind, row.value)
                if seats is not None:
                    q.check_row(row, seats)
                    self.restated[index] = q.restate(row, seats)
            except q.QuotaProblem as exc:
                sub.who.errors = [*list(sub.who.errors), str(exc)]
                ok = False
                continue
            key = (row.kind, row.value)
            if key in seen:
                sub.who.errors = [
                    *list(sub.who.errors),
                    _("Quota %(n)s is for the same people; merge the two.", n=seen[key] + 1),
                ]
                ok = False
                continue
            seen[key] = index
            self.quota_rows.append(row)
        return ok

    def restate(self) -> None:
        """Fill the plain-words column for quotas shown before any submission (the edit page)."""
        if not self.lock_rules and isinstance(self.seats.data, int) and MIN_SEATS <= self.seats.data <= MAX_SEATS:
            self._check_quotas()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = self._check_times() and ok
        if self.format.data == "in_person" and not (self.location.data or "").strip():
            self.location.errors.append(_("Give the venue of an in-person roundtable."))
            ok = False
        if not self.lock_rules:
            ok = self._check_quotas() and ok
            both = set(self.pins.data or []) & set(self.excludes.data or [])
            if both:
                self.excludes.errors.append(_("Someone cannot be both pinned and excluded."))
                ok = False
            if not self.seats.errors and len(self.pins.data or []) > self.seats.data:
                self.pins.errors.append(_("More people are pinned than there are seats."))
                ok = False
        return ok

    def details(self) -> Details:
        return Details(
            title=self.title.data.strip(),
            topic=self.topic.data.strip(),
            starts_at=self.starts_at,
            time_zone=self.time_zone.data,
            duration_minutes=int(self.duration_minutes.data),
            format=self.format.data,
            location=(self.location.data or "").strip() or None,
            invitation_deadline=self.deadline_at,
        )

    def rules(self) -> ListRules:
        return ListRules(
            title=self.title.data.strip(),
            topic=self.topic.data.strip(),
            seats=int(self.seats.data),
            quotas=list(self.quota_rows),
            max_per_country=self.max_per_country.data or None,
            pins=list(dict.fromkeys(self.pins.data or [])),
            excludes=list(dict.fromkeys(self.excludes.data or [])),
            selection=self.chosen_selection(),
            series=self.series_name(),
        )

    def series_name(self) -> str | None:
        return " ".join((self.series.data or "").split()) or None

    def chosen_selection(self) -> str:
        """The method ticked, or by default the fair lottery for a roundtable of a series."""
        if self.selection.data in ("lottery", "relevance"):
            return self.selection.data
        return "lottery" if self.series_name() else "relevance"


def initial_data(roundtable) -> dict:
    """The edit form's values for a saved roundtable (local date and time in its zone)."""
    start_day, start_at = times.split_local(roundtable.starts_at, roundtable.time_zone)
    deadline_day, deadline_at = times.split_local(roundtable.invitation_deadline, roundtable.time_zone)
    return {
        "title": roundtable.title,
        "topic": roundtable.topic,
        "start_date": start_day,
        "start_time": start_at,
        "time_zone": roundtable.time_zone,
        "duration_minutes": roundtable.duration_minutes,
        "format": roundtable.format,
        "location": roundtable.location or "",
        "seats": roundtable.seats,
        "deadline_date": deadline_day,
        "deadline_time": deadline_at,
        "quotas": [{"who": who_value(row), "min": row.min, "max": row.max} for row in q.rows_of(roundtable.quotas)],
        "max_per_country": roundtable.max_per_country,
        "pins": list(roundtable.pins or []),
        "excludes": list(roundtable.excludes or []),
        "series": roundtable.series or "",
        "selection": roundtable.selection or "relevance",
    }


class PersonForm(Form):
    action = HiddenField(validators=[DataRequired(), AnyOf(PERSON_ACTIONS)])


class ActionForm(Form):
    """Only a CSRF token: regenerate, send the invitations, invite a substitute."""


class ReminderForm(Form):
    invitees = MultiCheckboxField(
        _l("Pending invitees"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one person to remind."))],
    )
    submit = SubmitField(_l("Send reminders"))


class RsvpForm(Form):
    answer = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])
