"""Strict CSV reading: every user mistake is an InputError naming the file."""

import pytest

from matching.errors import InputError
from matching.io import read_csv, unique_ids, write_csv
from tests.matching.helpers import write


def test_reads_header_rows_and_strips(tmp_path):
    path = write(tmp_path / "a.csv", '\ufeffid, text\n1, hello \n\n2,"a, b"\n')
    table = read_csv(str(path), ["id", "text"])
    assert table.columns == ("id", "text")
    assert table.column("text") == ["hello", "a, b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"id,text\n", "no data rows"),
        (b"id,name\n1,x\n", "no column 'text'"),
        (b"id,text\n1,caf\xe9\n", "not UTF-8 text (undecodable byte on line 2)"),
        (b'id,text\n1,"unclosed\n', "not valid CSV"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_csv(str(path), ["id", "text"])


def test_unreadable_path(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_csv(str(tmp_path / "missing.csv"))
    with pytest.raises(InputError, match="cannot read"):
        read_csv(str(tmp_path))


def test_duplicate_and_empty_ids(tmp_path):
    table = read_csv(str(write(tmp_path / "d.csv", "id,text\n1,a\n2,b\n1,c\n")))
    with pytest.raises(InputError, match="duplicate id '1'"):
        unique_ids(table, "id")
    table = read_csv(str(write(tmp_path / "e.csv", "id,text\n,a\n")))
    with pytest.raises(InputError, match="empty 'id'"):
        unique_ids(table, "id")


def test_write_csv(tmp_path):
    out = tmp_path / "out.csv"
    assert write_csv(str(out), ["a", "b"], [(1, "x,y")]) == 1
    assert out.read_bytes() == b'a,b\r\n1,"x,y"\r\n'
    with pytest.raises(InputError, match="does not exist"):
        write_csv(str(tmp_path / "no" / "out.csv"), ["a"], [])
