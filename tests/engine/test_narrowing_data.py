"""dialogs/narrowing.yaml and dialogs/article.yaml agree with the dialog and the article."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.catalog import load_bundle
from bot.engine.article import ArticleTopics
from bot.engine.article import check as check_article
from bot.engine.narrowing import NarrowingRules, check

ROOT = Path(__file__).resolve().parents[2]


def _rules() -> NarrowingRules:
    return NarrowingRules.model_validate(yaml.safe_load((ROOT / "dialogs" / "narrowing.yaml").read_text()))


def _shapes() -> tuple[dict[str, tuple[str, ...]], dict[str, bool]]:
    dialog = load_bundle().dialog
    return ({q: d.options for q, d in dialog.questions.items()}, {q: d.multi for q, d in dialog.questions.items()})


def test_every_question_has_a_narrower_form_naming_real_options() -> None:
    options, multi = _shapes()
    assert check(_rules(), options, multi) == []


def test_a_narrowing_that_names_an_unknown_option_is_reported_with_its_key() -> None:
    options, multi = _shapes()
    bad = NarrowingRules.model_validate({"questions": {**_rules().model_dump()["questions"],
                                                       "duration": {"unsure": {"ask": "forever", "no": "same"}}}})
    errors = check(bad, options, multi)
    assert "questions.duration.unsure.ask: 'forever' is not an option of 'duration'" in errors


def test_narrowing_ids_start_with_the_question_they_narrow() -> None:
    rules = _rules()
    assert rules.narrow("emergency") == "emergency.one_sided_weakness"
    assert rules.after("emergency.one_sided_weakness") == "emergency.bladder_bowel"
    assert rules.after("emergency.cannot_walk") is None
    assert rules.narrow("duration") == "duration.choose"
    assert rules.unsure_route("duration") == "duration.more_than_2_weeks"
    assert rules.unsure_route("frequency") is None
    assert rules.sequence("symptoms.pain")[0] == "symptoms.weakness"
    assert all(i.split(".")[0] in rules.questions for i in rules.ids())


def test_every_article_topic_quotes_the_article_word_for_word() -> None:
    topics = ArticleTopics.model_validate(yaml.safe_load((ROOT / "dialogs" / "article.yaml").read_text()))
    article = (ROOT / "docs" / "source_article.txt").read_text()
    assert check_article(topics, article) == []
    forged = ArticleTopics(topics={"als_ms": "ALS is common in young people."})
    assert check_article(forged, article) == ["topics.als_ms: the passage is not in docs/source_article.txt"]
