"""A follow-up button's id names its question the same way in every adapter: there and back."""

from bot.catalog import load_bundle
from bot.engine.diary_log import LEVEL, TRIGGERS

BUNDLE = load_bundle()
RULES = BUNDLE.followups


def test_every_question_with_buttons_is_found_again_from_its_address() -> None:
    assert RULES is not None
    for question in (*RULES.checkin.order, LEVEL, TRIGGERS):
        address = RULES.button_address("checkin_question", question)
        assert address is not None, question
        assert RULES.button_question(*address) == question


def test_the_offer_has_an_address_and_no_question() -> None:
    assert RULES is not None
    assert RULES.button_address("offer", None) == ("o", 0)
    assert RULES.button_question("o", 0) is None


def test_replies_without_buttons_have_no_address() -> None:
    assert RULES is not None
    assert RULES.button_address("checkin_question", "no such question") is None
    assert RULES.button_address("note", None) is None
    assert RULES.button_question("c", len(RULES.checkin.order)) is None
