"""The report made for a reporting round (issue 22, «Tertialrapport 3 2026»): the status report's inputs with
the round's status read once from the follow-up database — every assignment of the round, reported in it or
not, by whom and when (`followup.reporting_rounds.round_status`). The presentation words it
(`present.round_view.report_section`): per reporter, what was reported in the round and what is missing.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import db, reporting_rounds
from indicators.followup.errors import FollowupError
from indicators.plan_state import DatabaseUnavailable, readable_engine
from indicators.regions import active_region
from indicators.report_inputs import ReportInputs


class RoundUnavailableError(FollowupError):
    """The round could not be read (no database, or it does not answer); the message says why, in Nynorsk."""


def with_round(inputs: ReportInputs, name: str) -> ReportInputs:
    """`inputs` with the status of the round called `name`. Raises `reporting_rounds.UnknownRoundError` (naming
    the rounds there are) or `RoundUnavailableError`."""
    if not inputs.state.available:
        raise RoundUnavailableError(f"Rapporteringsrunden kan ikkje lesast: {inputs.state.problem}")
    try:
        with db.session_scope(readable_engine()) as session:
            status = reporting_rounds.round_status(session, name, plan=inputs.plan, region=active_region(),
                                                   actions=inputs.actions)
    except DatabaseUnavailable as exc:
        raise RoundUnavailableError(f"Rapporteringsrunden kan ikkje lesast: {exc}") from None
    except SQLAlchemyError as exc:
        raise RoundUnavailableError(f"Rapporteringsrunden kan ikkje lesast ({type(exc).__name__}).") from None
    return replace(inputs, round=status)


def round_names() -> list[str]:
    """The rounds there are, the latest opened first (none when the database cannot be read)."""
    try:
        with db.session_scope(readable_engine()) as session:
            return list(reporting_rounds.round_names(session))
    except (DatabaseUnavailable, SQLAlchemyError):
        return []
