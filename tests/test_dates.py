"""One reader of typed dates (core.dates) behind `--from/--to`, the site's `from=/to=` and the
query's `date:`: the three entry points accept the same dates and mean the same days."""
from __future__ import annotations

import json

import pytest
from werkzeug.datastructures import MultiDict

from cli.main import main
from core.dates import DateError, period
from search.query import parse_query
from webui.params import BadParameter, parse_search_args

READS = [
    ("2017", ("2017-01-01", "2017-12-31")),
    ("2016-07", ("2016-07-01", "2016-07-31")),
    ("2016-7", ("2016-07-01", "2016-07-31")),
    ("2016-02", ("2016-02-01", "2016-02-29")),
    ("2017-06-20", ("2017-06-20", "2017-06-20")),
    ("2017/06/20", ("2017-06-20", "2017-06-20")),
    ("20/06/2017", ("2017-06-20", "2017-06-20")),
    ("20.06.2017", ("2017-06-20", "2017-06-20")),
    ("06/2017", ("2017-06-01", "2017-06-30")),
    ("June 2017", ("2017-06-01", "2017-06-30")),
    ("jun 2017", ("2017-06-01", "2017-06-30")),
    ("Sept. 2016", ("2016-09-01", "2016-09-30")),
    ("20 June 2017", ("2017-06-20", "2017-06-20")),
    ("20th June 2017", ("2017-06-20", "2017-06-20")),
    ("June 20, 2017", ("2017-06-20", "2017-06-20")),
    ("  May   2017 ", ("2017-05-01", "2017-05-31")),
]
NOT_DATES = ["", "yesterday", "2017-13", "2017-02-30", "31/02/2017", "17", "Juin 2017", "2017-06-20T10:00",
             "June", "0099", "1 2 3"]


@pytest.mark.parametrize("text,expected", READS)
def test_a_typed_date_is_the_inclusive_range_of_days_it_names(text, expected):
    assert period(text) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_anything_else_is_refused_with_how_to_write_it(text):
    with pytest.raises(DateError, match="2017-06"):
        period(text)


def _cli_bounds(capsys, sample_index, text: str) -> tuple[str, str]:
    code = main(["search", "", "--index", str(sample_index), "--from", text, "--to", text, "--json",
                 "--limit", "100"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def _query_bounds(text: str) -> tuple[str | None, str | None]:
    q = parse_query(f'date:"{text}"').query
    return (q.start, q.end)


@pytest.mark.parametrize("text,expected", READS)
def test_cli_site_and_query_read_a_date_the_same(text, expected):
    from cli.commands import _date_arg

    cli = (_date_arg(end=False)(text), _date_arg(end=True)(text))
    req = parse_search_args(MultiDict({"from": text, "to": text}))
    site = (req.date_from, req.date_to)
    assert cli == site == _query_bounds(text) == expected


@pytest.mark.parametrize("text", NOT_DATES[1:])
def test_cli_site_and_query_refuse_the_same_dates(text, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["search", "x", "--from", text])
    assert exit_.value.code == 2
    assert "not a date" in capsys.readouterr().err
    with pytest.raises(BadParameter):
        parse_search_args(MultiDict({"from": text}))
    parsed = parse_query(f'budget date:"{text}"')
    assert any("Ignored" in n for n in parsed.notices)


@pytest.mark.parametrize("text", ["2017", "2016-07", "June 2017", "20/06/2017"])
def test_cli_site_and_query_find_the_same_items(text, capsys, sample_index, sample_app):
    """End to end over the sample index: `--from X --to X`, `?from=X&to=X` and `date:"X"`."""
    cli = [h["item_id"] for h in _cli_bounds(capsys, sample_index, text)["results"]]
    client = sample_app.test_client()
    site = [h["item_id"] for h in client.get("/search.json", query_string={
        "from": text, "to": text, "limit": 100}).get_json()["results"]]
    query = [h["item_id"] for h in client.get("/search.json", query_string={
        "q": f'date:"{text}"', "limit": 100}).get_json()["results"]]
    assert cli and cli == site == query


@pytest.mark.parametrize("spelling,month", [("Sept", 9), ("sep", 9), ("September", 9), ("Jun", 6), ("june", 6), ("Dec", 12)])
def test_reader_and_query_read_month_names_alike(spelling: str, month: int) -> None:
    """One month table: a date the reader finds in a paper is the date a query for it names."""
    from indexer.textutil import find_date

    found = find_date(f"held on 4 {spelling} 2019 at the Town Hall")
    assert found is not None and found[0] == f"2019-{month:02d}-04"
    assert period(f"{spelling} 2019")[0] == f"2019-{month:02d}-01"
