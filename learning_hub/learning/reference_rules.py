"""The rules of courses/_reference/, the "OGP rules at a glance" page (courses/README.md, "The reference page").

English files give each rule's words as `{en: ...}` maps with its source and dates; a translation folder
(`_reference/<lang>/`) gives the same rule ids with plain strings. Every rule must exist in every translation
folder, and every language a course is offered in needs one.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from learning_hub.learning.spec import SLUG_PATTERN, FileReport, Problem, ReferenceSpec, RuleSpec
from learning_hub.learning.yaml_lines import LineDict

REFERENCE_FOLDER = "_reference"
PAGE_FILE = "_page.yaml"
ORIGINAL_LANGUAGE = "en"
WORDS = ("topic", "title", "rule")
RULE_KEYS = {*WORDS, "id", "source_title", "source_url", "in_force_since", "checked"}
TRANSLATED_RULE_KEYS = {*WORDS, "id"}
MAX_LENGTH = {"topic": 80, "title": 200, "rule": 2000, "intro": 2000}
STALE_AFTER_MONTHS = 18  # a rule last checked longer ago than this is reported for a fresh look at its source


def months_later(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day when it is shorter: 31 Aug + 18 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_rules(spec: ReferenceSpec, today: date) -> list[RuleSpec]:
    """Rules whose `checked` date is more than STALE_AFTER_MONTHS months before `today`."""
    return [rule for rule in spec.rules if months_later(rule.checked, STALE_AFTER_MONTHS) < today]


def validate_reference(root: Path, reader, languages: set[str], today: date | None = None) -> ReferenceSpec:
    """The reference page of the courses folder `root` (empty when there is no `_reference/` folder). Problems go to
    `reader` (validate._Reader); `languages` are the languages the courses are offered in. Rules checked more than
    18 months before `today` (default: the current date) become warnings in `spec.warnings`: the page still loads."""
    folder = root / REFERENCE_FOLDER
    spec = ReferenceSpec()
    if not folder.is_dir():
        return spec
    data, report = reader.yaml(folder / PAGE_FILE)
    if data is not None:
        report.check_keys(data, {"title", "intro"}, "the reference page")
        for key in ("title", "intro"):
            for language, text in _language_map(data, key, report).items():
                spec.page.setdefault(language, {})[key] = text
    topics = sorted(p for p in folder.glob("*.yaml") if p.name != PAGE_FILE)
    if not topics:
        reader.report(folder).add(0, "the reference page has no topic files (<topic>.yaml with 'rules:')")
    by_id: dict[str, RuleSpec] = {}
    for path in topics:
        _topic_file(path, reader, spec, by_id)
    subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for sub in subfolders:
        _translation(sub, topics, reader, spec, by_id)
    translated = {sub.name for sub in subfolders}
    for language in sorted(languages - translated - {ORIGINAL_LANGUAGE}):
        if spec.rules and not all(language in rule.texts for rule in spec.rules):
            reader.report(folder).add(
                0, f"courses are offered in '{language}' but the reference page has no {language}/ translation"
            )
    for language in sorted(spec.page):
        if language != ORIGINAL_LANGUAGE and set(spec.page[language]) != {"title", "intro"}:
            reader.report(folder / language / PAGE_FILE).add(0, "the page needs a 'title' and an 'intro'")
    today = today or date.today()
    for rule in stale_rules(spec, today):
        spec.warnings.append(
            Problem(
                rule.path,
                rule.line,
                f"rule '{rule.id}' was last checked on {rule.checked.isoformat()}, more than {STALE_AFTER_MONTHS} "
                f"months ago: compare it with its source ({rule.source_url}) and update 'checked'",
            )
        )
    return spec


def _language_map(mapping: LineDict, key: str, report: FileReport) -> dict[str, str]:
    """`key: {en: ..., es: ...}`: the texts by language; `en` is required."""
    value = mapping.get(key)
    if key not in mapping:
        report.add(mapping.line, f"'{key}' is missing")
        return {}
    if not isinstance(value, LineDict):
        report.add(mapping.line_of(key), f"'{key}' must be a map of language to text, such as {{en: ...}}")
        return {}
    texts = {}
    for language in value:
        text = report.text(value, language, MAX_LENGTH.get(key, 200), f"'{key}' in '{language}'")
        if text is not None:
            texts[str(language)] = text
    if ORIGINAL_LANGUAGE not in value:
        report.add(mapping.line_of(key), f"'{key}' needs an '{ORIGINAL_LANGUAGE}' text")
    return texts


def _date(mapping: LineDict, key: str, report: FileReport) -> date | None:
    value = mapping.get(key)
    if key not in mapping:
        report.add(mapping.line, f"'{key}' is missing (a date, YYYY-MM-DD)")
        return None
    if not isinstance(value, date):
        report.add(mapping.line_of(key), f"'{key}' must be a date written YYYY-MM-DD, not {value!r}")
        return None
    return value


def _rules(path: Path, reader) -> tuple[list, FileReport] | tuple[None, FileReport]:
    data, report = reader.yaml(path)
    if data is None:
        return None, report
    report.check_keys(data, {"rules"}, "a reference topic file")
    return report.sequence(data, "rules", "the rules of this topic"), report


def _topic_file(path: Path, reader, spec: ReferenceSpec, by_id: dict[str, RuleSpec]) -> None:
    items, report = _rules(path, reader)
    for index, raw in enumerate(items or []):
        item = report.mapping(raw, items.line_of(index), "each rule")
        if item is None:
            continue
        before = report.count
        report.check_keys(item, RULE_KEYS, "a rule")
        rule_id = report.identifier(item, "id", "the rule id", SLUG_PATTERN)
        texts = {key: _language_map(item, key, report) for key in WORDS}
        source_title = report.text(item, "source_title", 200)
        source_url = report.text(item, "source_url", 500)
        if source_url is not None and not source_url.startswith("https://"):
            report.add(item.line_of("source_url"), "source_url must be a public https:// address")
        in_force = _date(item, "in_force_since", report)
        checked = _date(item, "checked", report)
        if rule_id is not None and rule_id in by_id:
            other = by_id[rule_id]
            report.add(item.line_of("id"), f"rule id '{rule_id}' is also used in {other.path}:{other.line}")
            continue
        if report.count > before:
            continue
        rule = RuleSpec(
            id=rule_id,
            topic_file=path.stem,
            source_title=source_title,
            source_url=source_url,
            in_force_since=in_force,
            checked=checked,
            path=report.label,
            line=item.line_of("id"),
        )
        for key, by_language in texts.items():
            for language, text in by_language.items():
                rule.texts.setdefault(language, {})[key] = text
        by_id[rule_id] = rule
        spec.rules.append(rule)


def _translation(sub: Path, topics: list[Path], reader, spec: ReferenceSpec, by_id: dict[str, RuleSpec]) -> None:
    language = sub.name
    if not (len(language) == 2 and language.isascii() and language.islower()):
        reader.report(sub).add(0, "a translation folder is named by an ISO 639-1 language code, such as es")
        return
    data, report = reader.yaml(sub / PAGE_FILE)
    if data is not None:
        report.check_keys(data, {"title", "intro"}, "a translation of the reference page")
        page = {key: report.text(data, key, MAX_LENGTH.get(key, 200)) for key in ("title", "intro")}
        spec.page[language] = {key: text for key, text in page.items() if text is not None}
    for extra in sorted(p for p in sub.glob("*.yaml") if p.name != PAGE_FILE):
        if not (sub.parent / extra.name).is_file():
            reader.report(extra).add(0, f"there is no English topic file {extra.name} for this translation")
    for topic in topics:
        expected = [rule for rule in spec.rules if rule.topic_file == topic.stem]
        path = sub / topic.name
        items, report = _rules(path, reader)
        if items is None:
            continue
        found = set()
        for index, raw in enumerate(items):
            item = report.mapping(raw, items.line_of(index), "each rule")
            if item is None:
                continue
            report.check_keys(item, TRANSLATED_RULE_KEYS, "a translated rule (sources and dates stay in English)")
            rule_id = report.identifier(item, "id", "the rule id", SLUG_PATTERN)
            words = {key: report.text(item, key, MAX_LENGTH[key]) for key in WORDS}
            if rule_id is None:
                continue
            rule = by_id.get(rule_id)
            if rule is None or rule.topic_file != topic.stem:
                report.add(item.line_of("id"), f"rule '{rule_id}' is not in the English file {topic.name}")
                continue
            if rule_id in found:
                report.add(item.line_of("id"), f"rule '{rule_id}' is translated twice")
                continue
            found.add(rule_id)
            if all(text is not None for text in words.values()):
                rule.texts[language] = words
        for rule in expected:
            if rule.id not in found:
                report.add(items.line, f"rule '{rule.id}' of the English file is not translated here")
