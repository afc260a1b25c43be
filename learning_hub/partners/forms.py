"""Forms: an organisation, an offer, a colleague to add, and the plain POST buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from learning_hub import vocab
from learning_hub.forms import Form, NoControlChars, SingleLine, country_choices
from learning_hub.partners import vocab as partner_vocab
from learning_hub.partners.services import OfferInput, OrganisationInput


def served_choices() -> list[tuple[str, str]]:
    return [("*", str(_l("Any country"))), *[c for c in country_choices(blank=False)]]


def language_choices() -> list[tuple[str, str]]:
    return [(code, vocab.language_name(code)) for code in partner_vocab.TEXT_LANGUAGES]


class OrganisationForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200), SingleLine()])
    org_type = SelectField(_l("Kind of organisation"), validators=[DataRequired()])
    description = TextAreaField(
        _l("What the organisation does"), validators=[Optional(), Length(max=4000), NoControlChars()]
    )
    website = StringField(_l("Website"), validators=[Optional(), Length(max=500), SingleLine()])
    countries = SelectMultipleField(_l("Countries served"), validators=[DataRequired()])
    regions = StringField(
        _l("Regions served"),
        validators=[Optional(), Length(max=300), SingleLine()],
        description=_l("In your words, for example: Latin America, the Sahel."),
    )
    areas = SelectMultipleField(_l("Areas"), validators=[Optional()])
    languages = SelectMultipleField(_l("Working languages"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = vocab.choices(partner_vocab.ORG_TYPES)
        self.countries.choices = served_choices()
        self.areas.choices = vocab.choices(vocab.POLICY_AREAS)
        self.languages.choices = language_choices()

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.data,
            org_type=self.org_type.data,
            description=self.description.data or "",
            website=self.website.data,
            countries=self.countries.data,
            regions=self.regions.data,
            areas=self.areas.data,
            languages=self.languages.data,
        )


class OfferForm(Form):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200), SingleLine()])
    description = TextAreaField(_l("What you offer"), validators=[InputRequired(), Length(max=4000), NoControlChars()])
    kind = SelectField(_l("Kind of support"), validators=[DataRequired()])
    areas = SelectMultipleField(_l("Areas"), validators=[DataRequired(message=_l("Choose at least one area."))])
    countries = SelectMultipleField(_l("Countries served"), validators=[DataRequired()])
    size_range = StringField(
        _l("Size or budget range"),
        validators=[Optional(), Length(max=200), SingleLine()],
        description=_l("For example: USD 5,000 to 25,000, or three to six months of an expert."),
    )
    how_to_apply = TextAreaField(_l("How to apply"), validators=[Optional(), Length(max=4000), NoControlChars()])
    language = SelectField(_l("Language the offer is written in"), validators=[DataRequired()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    active = BooleanField(_l("Open to requests"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = vocab.choices(partner_vocab.SUPPORT_KINDS)
        self.areas.choices = vocab.choices(vocab.POLICY_AREAS)
        self.countries.choices = served_choices()
        self.language.choices = language_choices()

    def to_input(self) -> OfferInput:
        return OfferInput(
            title=self.title.data,
            description=self.description.data,
            kind=self.kind.data,
            areas=self.areas.data,
            countries=self.countries.data,
            size_range=self.size_range.data,
            how_to_apply=self.how_to_apply.data or "",
            language=self.language.data,
            valid_until=self.valid_until.data,
            active=self.active.data,
        )


class StaffForm(Form):
    email = StringField(_l("Email address of a colleague"), validators=[InputRequired(), Email(), SingleLine()])


class EmptyForm(Form):
    pass
