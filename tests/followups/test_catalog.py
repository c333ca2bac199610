"""dialogs/followups.yaml and the `followups:` words are checked at load, naming file and key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.catalog import CatalogError, load_bundle

ROOT = Path(__file__).resolve().parents[2]
FOLLOWUPS = Path("dialogs/followups.yaml")
MESSAGES = Path("content/en/messages.yaml")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dialogs", tmp_path / "dialogs")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")  # dialogs/article.yaml quotes the article
    return tmp_path


def problems(root: Path, file: Path, change: Callable[[dict], None]) -> list[str]:
    path = root / file
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(CatalogError) as info:
        load_bundle(root)
    return info.value.problems


def test_an_offer_after_an_emergency_is_refused(tree: Path) -> None:
    found = problems(tree, FOLLOWUPS, lambda d: d["offer"]["after_levels"].append("emergency"))
    assert found == ["dialogs/followups.yaml: offer: after_levels: a check-in is never offered after an emergency result"]


def test_a_sign_the_check_does_not_have_is_named(tree: Path) -> None:
    found = problems(tree, FOLLOWUPS, lambda d: d["checkin"]["questions"]["signs"]["options"].append("itching"))
    assert "dialogs/followups.yaml: checkin.questions.signs.options: 'itching' is not an option of 'symptoms'" in found


def test_a_rule_on_an_unknown_answer_is_named(tree: Path) -> None:
    def change(d: dict) -> None:
        d["judgement"]["rules"][-1]["when"]["any_of"] = ["much_worse"]
    found = problems(tree, FOLLOWUPS, change)
    assert found == ["dialogs/followups.yaml: judgement.rules.8.when: 'much_worse' is not an option of 'course'"]


def test_a_missing_duration_for_the_onset_is_named(tree: Path) -> None:
    found = problems(tree, FOLLOWUPS, lambda d: d["onset"]["duration_days"].pop("1_to_2_weeks"))
    assert found == ["dialogs/followups.yaml: onset.duration_days.1_to_2_weeks: missing"]


def test_missing_words_name_the_messages_key(tree: Path) -> None:
    found = problems(tree, MESSAGES, lambda d: d["followups"]["reasons"].pop("persistent"))
    english = [line for line in found if line.startswith("content/en/")]  # translations: "unknown key"
    assert english == ["content/en/messages.yaml: followups.reasons.persistent: missing"]
    found = problems(tree, MESSAGES, lambda d: d["followups"]["checkin"]["options"]["course"].pop("gone"))
    assert "content/en/messages.yaml: followups.checkin.options.course.gone: missing" in found


def test_a_missing_followups_file_is_named(tree: Path) -> None:
    (tree / FOLLOWUPS).unlink()
    with pytest.raises(CatalogError) as info:
        load_bundle(tree)
    assert info.value.problems == ["dialogs/followups.yaml: file not found"]
