"""The first migration's warnings about plan files it cannot read (plan_import.WARNINGS) print in the language of
the command (issue 21); Nynorsk is the reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators import i18n
from indicators.followup.plan_import import plan_status_rows


@pytest.mark.parametrize(("language", "start", "nynorsk"), [
    ("nn", "Åtvaring: statusane i målfila er ikkje importerte: ", True),
    ("nb", "Advarsel: statusene i målfilen er ikke importert: ", False),
    ("en", "Warning: the statuses in the goals file were not imported: ", False),
])
def test_an_unreadable_goals_file_is_reported_in_the_language(tmp_path: Path, capsys, language, start, nynorsk):
    missing = tmp_path / "goals.toml"
    with i18n.use(language):
        rows = plan_status_rows(goals_path=missing)
    assert rows == []
    err = capsys.readouterr().err
    assert err.startswith(start), err
    assert str(missing.name) in err
    assert ("ikkje" in err) == nynorsk, err  # the file's problem too reads in the language


@pytest.mark.parametrize(("language", "start"), [
    ("nn", "Åtvaring: statusane i tiltaksfila er ikkje importerte: "),
    ("nb", "Advarsel: statusene i tiltaksfilen er ikke importert: "),
    ("en", "Warning: the statuses in the actions file were not imported: "),
])
def test_an_unreadable_actions_file_is_reported_in_the_language(tmp_path: Path, capsys, language, start):
    actions = tmp_path / "actions.csv"
    actions.write_text("ikkje,ein,tiltaksfil\n1,2,3\n", encoding="utf-8")
    with i18n.use(language):
        plan_status_rows(actions_path=actions)
    err = capsys.readouterr().err
    assert start in err, err
