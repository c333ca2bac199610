"""Data files are validated at load: each problem is one line naming the file and the key path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.catalog import CatalogError, load_bundle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dialogs", tmp_path / "dialogs")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")  # dialogs/article.yaml quotes the article
    return tmp_path


def edit(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def problems(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_bundle(root)
    return info.value.problems


def test_the_shipped_files_load(tree: Path) -> None:
    bundle = load_bundle(tree)
    assert bundle.order == ("emergency", "frequency", "duration", "course", "triggers", "symptoms")


def test_malformed_yaml_names_the_file_and_line(tree: Path) -> None:
    (tree / "dialogs" / "twitch_check.yaml").write_text("version: 1\nquestions: [unclosed\n")
    [line] = problems(tree)
    assert line.startswith("dialogs/twitch_check.yaml: invalid YAML (line")


def test_an_unknown_key_names_the_key_path(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d["questions"]["course"].update(colour="red"))
    assert problems(tree) == ["dialogs/twitch_check.yaml: questions.course.colour: unknown key"]


def test_a_dangling_next_is_an_error(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d["questions"]["course"].update(next="nowhere"))
    [line] = problems(tree)
    assert line.startswith("dialogs/twitch_check.yaml: ")
    assert "questions.course.next: 'nowhere' is not a question" in line


def test_an_unreachable_question_is_an_error(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d["questions"]["course"].update(next="symptoms"))
    [line] = problems(tree)
    assert "questions.triggers: unreachable" in line


def test_a_missing_text_in_a_locale_names_the_file_and_key(tree: Path) -> None:
    edit(tree / "content" / "en" / "messages.yaml", lambda d: d["options"]["frequency"].pop("daily"))
    assert problems(tree) == [
        "content/en/messages.yaml: options.frequency.daily: missing",
        # the translations now hold a key English lacks
        "content/es/messages.yaml: options.frequency.daily: unknown key",
        "content/ru/messages.yaml: options.frequency.daily: unknown key",
    ]


def test_a_second_locale_must_have_every_key(tree: Path) -> None:
    shutil.copytree(tree / "content" / "en", tree / "content" / "de")
    shutil.copy(tree / "content" / "es" / "article.yaml", tree / "content" / "de")
    edit(tree / "content" / "de" / "messages.yaml", lambda d: d["tips"].pop("hydrate"))
    assert problems(tree) == ["content/de/messages.yaml: tips.hydrate: missing"]


def test_a_complete_second_locale_loads(tree: Path) -> None:
    shutil.copytree(tree / "content" / "en", tree / "content" / "de")
    shutil.copy(tree / "content" / "es" / "article.yaml", tree / "content" / "de")
    bundle = load_bundle(tree)
    assert set(bundle.locales) == {"en", "es", "ru", "de"}
    assert bundle.locale("de-DE") == "de"
    assert bundle.locale("fr") == "en"


def test_a_triage_rule_naming_an_unknown_option_is_an_error(tree: Path) -> None:
    edit(tree / "dialogs" / "triage.yaml", lambda d: d["rules"][1]["conditions"][0].update(any_of=["weakness", "sneezing"]))
    lines = problems(tree)
    assert any(line.startswith("dialogs/triage.yaml: rules.1.conditions.0.any_of") for line in lines)


def test_a_wrong_type_names_the_key(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d["questions"]["frequency"].update(multi="sometimes"))
    [line] = problems(tree)
    assert line.startswith("dialogs/twitch_check.yaml: questions.frequency.multi:")


def test_an_empty_file_is_an_error_not_a_crash(tree: Path) -> None:
    (tree / "content" / "en" / "vocabulary.yaml").write_text("")
    [line] = problems(tree)
    assert line.startswith("content/en/vocabulary.yaml:")


# -- ids, cut-offs and level names the code relies on are declared in the data --------------


def test_the_emergency_question_must_be_a_question(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d.update(emergency_question="red_flags"))
    assert problems(tree) == ["dialogs/twitch_check.yaml: emergency_question: 'red_flags' is not a question"]


def test_the_emergency_level_must_match_the_emergency_question(tree: Path) -> None:
    edit(tree / "dialogs" / "triage.yaml", lambda d: d.update(emergency_level="see_doctor_soon"))
    [line] = problems(tree)
    assert line.startswith("dialogs/triage.yaml: emergency_level: 'see_doctor_soon' differs from the end_if_any")


def test_the_tips_question_must_be_a_question(tree: Path) -> None:
    edit(tree / "dialogs" / "triage.yaml", lambda d: d["tips"].update(question="habits"))
    assert "dialogs/triage.yaml: tips.question: 'habits' is not a question of the dialog" in problems(tree)


def test_duration_cut_offs_need_one_growing_limit_per_option(tree: Path) -> None:
    edit(tree / "dialogs" / "twitch_check.yaml",
         lambda d: d["questions"]["duration"]["days"].update(less_than_1_week={"under": 20}))
    [line] = problems(tree)
    assert line.startswith("dialogs/twitch_check.yaml: questions.duration: ") and "limits must grow" in line
    edit(tree / "dialogs" / "twitch_check.yaml", lambda d: d["questions"]["duration"]["days"].pop("1_to_2_weeks"))
    [line] = problems(tree)
    assert "one entry per option" in line


def test_the_cut_offs_come_from_the_data(tree: Path) -> None:
    said = "it has been twitching for 10 days"
    assert load_bundle(tree).content("en").understanding.interpret("duration", said).answer == ("1_to_2_weeks",)
    edit(tree / "dialogs" / "twitch_check.yaml",
         lambda d: d["questions"]["duration"]["days"].update(less_than_1_week={"under": 11}))
    assert load_bundle(tree).content("en").understanding.interpret("duration", said).answer == ("less_than_1_week",)
