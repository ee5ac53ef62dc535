"""The follow-up's refusals in the reader's language (issue 21): accounts, backups, mail settings, the audit log,
the reporting rounds' secretariat check, the unit of work and a refresh carry an i18n.Message (the Nynorsk msgid
and its parameters) and read in Nynorsk, Bokmål or English where they are shown, placeholders filled."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD

from indicators import i18n
from indicators.followup import accounts, audit, backup, db, mail, reporting_rounds
from indicators.followup.errors import FollowupError
from indicators.followup.unit_of_work import UnitOfWorkError, write_transaction
from indicators.refresh import refresh
from tests.languages import in_each_language


def _refused(call, error=FollowupError) -> dict[str, str]:
    with i18n.use("en"), pytest.raises(error) as refused:  # raised in English, shown in each language
        call()
    return in_each_language(refused.value)


def test_account_refusals_read_in_each_language(session, editor):
    shown = _refused(lambda: accounts.require_role(session, "ingen-slik"))
    assert shown == {"nn": "Ukjend brukar «ingen-slik».", "nb": "Ukjent bruker «ingen-slik».",
                     "en": "Unknown user «ingen-slik»."}
    shown = _refused(lambda: accounts.add_user(session, "ola", "lesar", PASSWORD))
    assert shown == {"nn": "Ukjend rolle «lesar»; bruk editor eller admin.",
                     "nb": "Ukjent rolle «lesar»; bruk editor eller admin.",
                     "en": "Unknown role «lesar»; use editor or admin."}
    shown = _refused(lambda: accounts.require_role(session, editor, ("admin",)))
    assert shown["nn"] == "Brukaren «kari» har rolla «editor»; dette krev admin."
    assert shown["en"] == "The user «kari» has the role «editor»; this requires admin."
    shown = _refused(lambda: accounts.authenticate(session, "kari", "feil-passord-her"))
    assert shown == {"nn": "Feil brukarnamn eller passord.", "nb": "Feil brukernavn eller passord.",
                     "en": "Wrong user name or password."}


def test_backup_refusals_read_in_each_language(engine, tmp_path):
    shown = _refused(lambda: backup.write_backup(engine, tmp_path))
    assert shown["nn"] == f"{tmp_path} er ei mappe; gi eit filnamn for tryggingskopien."
    assert shown["nb"] == f"{tmp_path} er en mappe; gi et filnavn for sikkerhetskopien."
    assert shown["en"] == f"{tmp_path} is a folder; give a file name for the backup."
    other = tmp_path / "anna.json"
    other.write_text('{"format": "noko anna"}', encoding="utf-8")
    shown = _refused(lambda: backup.restore(engine, other))
    assert shown["nn"] == f"{other} er ikkje ein tryggingskopi av oppfølgingsdatabasen."
    assert shown["en"] == f"{other} is not a backup of the follow-up database."


def test_mail_settings_read_in_each_language(monkeypatch):
    monkeypatch.delenv("SMTP_URL", raising=False)
    shown = _refused(mail.smtp_settings, mail.MailSettingsError)
    assert shown["nn"] == "SMTP_URL er ikkje sett (t.d. smtp://e-post.kommune.no:587 eller smtps://…)."
    assert shown["nb"] == "SMTP_URL er ikke satt (f.eks. smtp://e-post.kommune.no:587 eller smtps://…)."
    assert shown["en"] == "SMTP_URL is not set (e.g. smtp://e-post.kommune.no:587 or smtps://…)."


def test_only_the_secretariat_opens_a_round_in_each_language(session):
    accounts.add_user(session, "gol", "editor", PASSWORD, municipality="3324")
    shown = _refused(lambda: reporting_rounds.add_round(session, "Vår", dt.date(2099, 1, 1), user="gol"))
    assert shown == {"nn": "gol rapporterer for ein kommune; berre sekretariatet kan opprette rapporteringsrundar.",
                     "nb": "gol rapporterer for en kommune; bare sekretariatet kan opprette rapporteringsrunder.",
                     "en": "gol reports for a municipality; only the secretariat can create reporting rounds."}


def test_audit_unit_of_work_and_database_problems_read_in_each_language(session, editor, tmp_path):
    shown = _refused(lambda: audit.record_event(session, editor, "  "))
    assert shown["en"] == "The audit log needs a name for the action."
    assert shown["nn"] == "Revisjonsloggen treng eit namn på handlinga."

    def twice() -> None:
        with write_transaction(session), write_transaction(session):
            pass

    shown = _refused(twice, UnitOfWorkError)
    assert shown["nb"] == "En skrivetransaksjon er allerede åpen for denne økten."
    assert shown["en"] == "A write transaction is already open for this session."
    missing = in_each_language(db.missing_message(tmp_path / "borte.sqlite3"))
    assert missing["nn"].startswith("Oppfølgingsdatabasen finst ikkje (borte.sqlite3). Ingenting er lagra.")
    assert missing["en"].startswith("The follow-up database does not exist (borte.sqlite3). Nothing was saved.")


def test_a_refresh_of_an_unknown_dataset_reads_in_each_language(tmp_path):
    with i18n.use("en"):
        [result] = refresh(["folketal"], cache_directory=tmp_path)
    assert not result.ok
    shown = in_each_language(result.text)
    assert shown["nn"].startswith("Ukjend datasett «folketal». Kjende datasett: population")
    assert shown["nb"].startswith("Ukjent datasett «folketal». Kjente datasett: population")
    assert shown["en"].startswith("Unknown dataset «folketal». Known datasets: population")
    with i18n.use("nb"):
        assert result.message == shown["nb"]


def test_the_service_refuses_in_each_language(session, editor, qualitative_goal, indicator_goal):
    from followup_fixtures import active_plan

    from indicators.followup import service
    from indicators.followup.errors import InvalidInputError, InvalidStatusError
    from indicators.formatting import format_number
    from indicators.regions import active_region

    plan, region = active_plan(), active_region()
    shown = _refused(lambda: service.record_status(session, qualitative_goal, "ferdig", user=editor, plan=plan),
                     InvalidStatusError)
    assert shown["nn"].startswith("Ugyldig status «ferdig» for eit kvalitativt mål; bruk ein av: ")
    assert shown["nb"].startswith("Ugyldig status «ferdig» for et kvalitativt mål; bruk en av: ")
    assert shown["en"].startswith("Invalid status «ferdig» for a qualitative goal; use one of: ")
    long_note = "x" * (service.MAX_NOTE_LENGTH + 1)
    shown = _refused(lambda: service.record_status(session, qualitative_goal, "in_progress", note=long_note,
                                                   user=editor, plan=plan), InvalidInputError)
    with i18n.use("nn"):
        grouped = format_number(4001), format_number(4000)  # digits grouped as each language groups them
    assert shown["nn"] == "Merknaden er for lang: {} teikn; høgst {} er lov.".format(*grouped)
    assert shown["nb"].startswith("Merknaden er for lang: ") and shown["nb"].endswith(" er tillatt.")
    assert shown["en"] == "The note is too long: 4,001 characters; at most 4,000 are allowed."
    shown = _refused(lambda: service.record_figure(session, indicator_goal, "mange", period=2024, source_name="SSB",  # type: ignore[arg-type]
                                                   user=editor, plan=plan, region=region), InvalidInputError)
    assert shown == {"nn": "«mange» er ikkje eit tal.", "nb": "«mange» er ikke et tall.",
                     "en": "«mange» is not a number."}
    shown = _refused(lambda: service.resolve_item(session, "999", plan, kind="action"))
    assert shown["nn"].startswith("Ukjend tiltak nummer «999». Bruk ein mål-id frå målfila eller eit tiltaksnummer")
    assert shown["en"].startswith("Unknown action number «999». Use a goal id from the goals file or an action")


def test_the_emissions_download_refuses_in_each_language(tmp_path):
    from indicators.sources.miljodirektoratet import EmissionsDownloadError
    from indicators.sources.miljodirektoratet.download import refresh_emissions

    settings = tmp_path / "sources.toml"
    settings.write_text("[emissions]\nmanual_page = \"https://example.no/utslepp\"\n", encoding="utf-8")
    shown = _refused(lambda: refresh_emissions(settings), EmissionsDownloadError)
    assert shown["nn"].startswith(f"Miljødirektoratet har ikkje noko dokumentert API, og ingen nedlastingsadresse er "
                                  f"sett i {settings}. Last ned fila for hand: opne https://example.no/utslepp, vel ")
    assert shown["nb"].startswith("Miljødirektoratet har ikke noe dokumentert API, og ingen nedlastingsadresse er satt")
    assert shown["en"].startswith(f"The Norwegian Environment Agency has no documented API, and no download address "
                                  f"is set in {settings}. Download the file by hand: open https://example.no/utslepp")
    assert " or " in shown["en"] and "`python -m indicators import-emissions FILE`." in shown["en"]


def test_an_emissions_import_is_described_in_each_language(tmp_path):
    from indicators.sources.miljodirektoratet.release import ImportSummary, ReleaseInfo

    first = active_region_code()
    result = ReleaseInfo(2024, (2009, 2024), (first,), 120, ("utslepp.xlsx",))
    summary = ImportSummary(result, None, "new", tmp_path / "emissions")
    shown = _shown_text(summary.describe)
    assert shown["nn"].startswith("Importerte klimagassutslepp frå Miljødirektoratet: utgåve 2024 (2009–2024, 2 år; ")
    assert shown["nb"].startswith("Importerte klimagassutslipp fra Miljødirektoratet: utgave 2024 (2009–2024, 2 år; ")
    assert shown["en"].startswith("Imported greenhouse-gas emissions from the Norwegian Environment Agency: release "
                                  "2024 (2009–2024, 2 years; ")
    assert shown["en"].endswith(f"Saved in {tmp_path / 'emissions'}.") and "120 rows" in shown["en"]


def active_region_code() -> str:
    from indicators.regions import active_region

    return active_region().member_codes[0]


def _shown_text(describe) -> dict[str, str]:
    shown = {}
    for language in i18n.LANGUAGES:
        with i18n.use(language):
            shown[language] = describe()
    return shown
