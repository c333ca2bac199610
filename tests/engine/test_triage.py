"""The triage rules, each pinned to the passage of the source article it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Bundle, assess

ARTICLE = (Path(__file__).resolve().parents[2] / "docs" / "source_article.txt").read_text()
CALM = {"emergency": (), "frequency": ("daily",), "duration": ("less_than_1_week",), "course": ("same",),
        "triggers": (), "symptoms": ()}


def answers(**changes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {**CALM, **changes}


def test_every_rule_and_tip_quotes_the_article(bundle: Bundle) -> None:
    for rule in bundle.triage.rules:
        for cond in rule.conditions:
            if cond.source == "product-emergency-screen":
                assert rule.level == "emergency"
                continue
            assert cond.source in ARTICLE, cond.source
    for tip, source in bundle.triage.tips.sources.items():
        assert source in ARTICLE, tip


@pytest.mark.parametrize("sign", ["one_sided_weakness", "bladder_bowel", "cannot_walk"])
def test_any_emergency_sign_is_an_emergency_even_alone(bundle: Bundle, sign: str) -> None:
    result = assess(bundle.triage, {"emergency": (sign,)})
    assert result.level == "emergency"
    assert result.reasons == (sign,)
    assert result.tips == ()


@pytest.mark.parametrize("symptom", ["weakness", "wasting"])
def test_weakness_or_wasting_means_see_a_doctor_soon(bundle: Bundle, symptom: str) -> None:
    # "...without other neurological deficits like muscle weakness or wasting..."
    assert assess(bundle.triage, answers(symptoms=(symptom,))).level == "see_doctor_soon"


@pytest.mark.parametrize("change", [
    {"symptoms": ("numbness",)}, {"symptoms": ("pain",)}, {"symptoms": ("spreading",)},
    {"symptoms": ("daily_life",)}, {"duration": ("more_than_2_weeks",)}, {"course": ("worsening",)},
    {"triggers": ("medication",)},
])
def test_each_doctor_sign_alone_means_see_a_doctor(bundle: Bundle, change: dict[str, tuple[str, ...]]) -> None:
    # "Consult a doctor if knee twitching becomes persistent or worsens over time..."
    assert assess(bundle.triage, answers(**change)).level == "see_doctor"


def test_nothing_concerning_is_self_care_with_all_general_tips(bundle: Bundle) -> None:
    result = assess(bundle.triage, answers())
    assert result.level == "self_care"
    assert result.reasons == ()
    assert result.tips == ("hydrate", "electrolytes", "cut_caffeine", "manage_stress", "sleep_hygiene",
                           "stretch_massage")


def test_reasons_list_every_concerning_input_most_severe_first(bundle: Bundle) -> None:
    result = assess(bundle.triage, answers(
        symptoms=("daily_life", "pain", "wasting", "weakness", "numbness", "spreading"),
        duration=("more_than_2_weeks",), course=("worsening",), triggers=("medication", "caffeine")))
    assert result.level == "see_doctor_soon"
    assert result.reasons == ("weakness", "wasting", "numbness", "pain", "spreading", "daily_life",
                              "more_than_2_weeks", "worsening", "medication")


def test_emergency_outranks_everything_and_keeps_other_reasons(bundle: Bundle) -> None:
    result = assess(bundle.triage, answers(emergency=("cannot_walk", "one_sided_weakness"), symptoms=("pain",)))
    assert result.level == "emergency"
    assert result.reasons == ("one_sided_weakness", "cannot_walk", "pain")
    assert result.tips == ()


@pytest.mark.parametrize("triggers, tips", [
    (("exercise",), ("rest_recover", "hydrate", "stretch_massage")),
    (("dehydration",), ("hydrate", "electrolytes")),
    (("caffeine",), ("cut_caffeine",)),
    (("stress",), ("manage_stress",)),
    (("sleep",), ("sleep_hygiene",)),
    (("medication",), ("review_medication",)),
    (("exercise", "dehydration"), ("rest_recover", "hydrate", "electrolytes", "stretch_massage")),
])
def test_tips_are_the_union_over_the_triggers(bundle: Bundle, triggers: tuple[str, ...], tips: tuple[str, ...]) -> None:
    assert assess(bundle.triage, answers(triggers=triggers)).tips == tips


def test_medication_never_advises_stopping_a_prescribed_medicine(bundle: Bundle) -> None:
    text = bundle.content("en").messages.tips["review_medication"].lower()
    assert "don't stop" in text or "do not stop" in text
