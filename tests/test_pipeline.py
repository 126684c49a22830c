"""graph/pipeline.py: one file through every stage, errors naming the file as given."""
from __future__ import annotations

import pytest

from graph.parse import ParseError
from graph.pipeline import process_file
from graph.read import ReadError


def test_wstb_conforms_with_one_warning_for_kg(wstb_processed):
    assert wstb_processed.validation.conforms
    warnings = wstb_processed.validation.warnings
    assert len(warnings) == 1
    assert "KG" in warnings[0].line()
    assert wstb_processed.resolved.meeting.board_acronym == "WSTB"
    assert len(wstb_processed.built.graph) > 1000


def test_errors_name_the_path_as_given(tmp_path):
    no_date = tmp_path / "no-date.txt"
    no_date.write_text("Minutes\n\nAgenda item 1 - Welcome\n\nThe chair welcomed everyone.\n", encoding="utf-8")
    with pytest.raises(ParseError, match=f"^{no_date}: no recognisable meeting date"):
        process_file(no_date)
    with pytest.raises(ReadError, match="empty"):
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        process_file(empty)


def test_a_violation_is_reported_not_raised(tmp_path):
    # An action point number the parser accepts but an empty description: the shapes require text.
    minutes = tmp_path / "m.txt"
    minutes.write_text("Minutes\nTitle of Meeting:\tTest Board (TB)\nDate:\t1 March 2020\n\n"
                       "Agenda item 1 - Welcome\n\n(Action Point 3).\n", encoding="utf-8")
    processed = process_file(minutes)
    assert not processed.validation.conforms
    assert any("description" in f.line() for f in processed.validation.violations)
