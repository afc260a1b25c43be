"""The quality report (`python -m matching evaluate --report`): the regression rule on hand-made figures, and (slow)
every figure the repository's own data gives, with the default encoder, against the reviewed reference file
matching/data/quality_reference.csv. The labelled sets are not part of the repository: their rows are checked by
running the report with `--data` (the command exits 1 on a regression), not here."""

from __future__ import annotations

import pytest

from matching.tools import report


def test_a_figure_regresses_only_when_it_falls_by_more_than_its_noise():
    reference = {
        "probe/a/top1/default": report.Reference(0.90, 0.01),
        "probe/b/top1/default": report.Reference(0.50, 0.0),
    }
    rows = [("probe/a/top1/default", 0.891), ("probe/b/top1/default", 0.50), ("probe/c/top1/default", 0.1)]
    assert report.regressions(rows, reference) == []
    rows = [("probe/a/top1/default", 0.889), ("probe/b/top1/default", 0.49)]
    assert [name for name, _, _ in report.regressions(rows, reference)] == [
        "probe/a/top1/default",
        "probe/b/top1/default",
    ]
    table = report.render([*rows, ("probe/c/top1/default", 0.1)], reference)
    assert "REGRESSION" in table.splitlines()[1]
    assert "new (no reference)" in table.splitlines()[3]


def test_the_reference_file_is_well_formed():
    reference = report.read_reference()
    assert reference, "matching/data/quality_reference.csv is missing or empty"
    assert all(0 <= ref.tolerance < 0.05 for ref in reference.values())
    assert any(name.startswith("everyday/") for name in reference)
    assert any(name.startswith("labelled/") for name in reference)


@pytest.mark.slow
def test_no_figure_of_the_repository_data_fell_below_its_reference():
    from matching.encoders import get_encoder

    encoders: dict = {}

    def encoder_for(spec):
        return encoders.setdefault(spec, get_encoder(spec))

    rows = report.collect(encoder_for, None, None)
    names = {name for name, _ in rows}
    assert {"everyday/all/top1/default", "probe/heldout/top1/default", "search/junk_with_no_result/default"} <= names
    assert report.regressions(rows, report.read_reference()) == []
