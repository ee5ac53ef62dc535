"""A sentence with a count in it (i18n.Message with a plural form) takes the singular or plural in the reader's
language: «Vent 1 sekund» / «Wait 1 second», «Wait 30 seconds»; a fraction reads as plural."""

from __future__ import annotations

import pickle

import pytest

from indicators import i18n
from indicators.followup import accounts
from indicators.followup.errors import DATABASE_PROBLEMS
from tests.languages import in_each_language


@pytest.mark.parametrize(("count", "expected"), [
    (1, {"nn": "Vent 1 sekund og", "nb": "Vent 1 sekund og", "en": "Wait 1 second and"}),
    (30, {"nn": "Vent 30 sekund og", "nb": "Vent 30 sekunder og", "en": "Wait 30 seconds and"}),
])
def test_the_sign_in_wait_takes_the_form_its_count_needs(count, expected):
    shown = in_each_language(accounts.REFUSALS.message("throttled", count=count))
    missing = {language: text for language, text in shown.items() if expected[language] not in text}
    assert missing == {}


def test_a_fraction_of_a_second_is_plural():
    with i18n.use("en"):
        assert "(waited 1.5 seconds)" in str(DATABASE_PROBLEMS.message("busy_waited", count="1.5"))
        assert "(waited 1 second)" in str(DATABASE_PROBLEMS.message("busy_waited", count="1"))


def test_a_plural_message_keeps_its_form_through_pickling_and_needs_its_count():
    message = accounts.REFUSALS.message("throttled", count=1)
    assert pickle.loads(pickle.dumps(message)) == message
    assert message != accounts.REFUSALS.message("throttled", count=2)
    with pytest.raises(ValueError):
        accounts.REFUSALS.message("throttled", seconds=1)
    with pytest.raises(TypeError):
        accounts.REFUSALS["throttled"]
