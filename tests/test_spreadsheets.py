"""Every export's cells are safe to open in a spreadsheet (docs/SECURITY.md §6)."""

from learning_hub.spreadsheets import FORMULA_STARTS, csv_text, neutralise


def test_every_dangerous_start_is_quoted():
    cases = {
        "=1+1": "'=1+1",
        "+1": "'+1",
        "-1": "'-1",
        "@x": "'@x",
        "\tx": "'\tx",
        "\rx": "'\rx",
        "plain": "plain",
        "a=b": "a=b",
        "": "",
    }
    for value, expected in cases.items():
        assert neutralise(value) == expected
    assert len(FORMULA_STARTS) == 6
    assert neutralise(None) is None
    assert neutralise(42) == 42
    assert neutralise(0.5) == 0.5


def test_csv_text_has_bom_crlf_and_neutral_cells():
    body = csv_text(["name", "score"], [['=HYPERLINK("x")', 3], [None, -1]])
    assert body.startswith("\ufeffname,score\r\n")
    assert "'=HYPERLINK" in body
    assert body.endswith(",-1\r\n")
