"""The pure follow-up core: onset, judgement, schedule, the check-in and /log conversations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine import Bundle
from bot.engine.checkin import (
    Choose,
    Done,
    FollowUp,
    Typed,
    format_day,
    offer_reply,
    open_checkin,
    step_followup,
)
from bot.engine.diary import DiaryEntry, day_of, from_check, logged_span_days, sparkline
from bot.engine.diary_log import LEVEL, TRIGGERS, log_prompt, step_diary
from bot.engine.followup import DAY, judge, onset_from, record_check
from bot.engine.schedule import due_at, sendable_now, timeliness
from bot.engine.summary import build_summary
from tests.followups.given import T0

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = " ".join((ROOT / "docs" / "source_article.txt").read_text().split())


def rules(bundle: Bundle):  # type: ignore[no-untyped-def]
    assert bundle.followups is not None
    return bundle.followups


def test_every_judgement_rule_quotes_the_article(bundle: Bundle) -> None:
    j = rules(bundle).judgement
    for source in [r.source for r in j.rules] + [j.close.source]:
        assert source == "product-emergency-screen" or source in ARTICLE, source


def test_onset_is_the_earliest_the_duration_answer_allows(bundle: Bundle) -> None:
    assert onset_from(rules(bundle), ("1_to_2_weeks",), T0) == T0 - 14 * DAY
    assert onset_from(rules(bundle), ("less_than_1_week",), T0) == T0 - 7 * DAY
    assert onset_from(rules(bundle), (), T0) is None


def verdict(bundle: Bundle, onset_days: float, diary: tuple[DiaryEntry, ...] = (), **answers: tuple[str, ...]):  # type: ignore[no-untyped-def]
    base = {"course": ("same",), "emergency": (), "signs": ()}
    return judge(rules(bundle), bundle.triage.levels, {**base, **answers}, T0 - onset_days * DAY, diary, T0)


def test_same_past_14_days_since_onset_is_persistent(bundle: Bundle) -> None:
    v = verdict(bundle, 17)
    assert (v.outcome, v.level, v.reasons) == ("advice", "see_doctor", ("persistent",))
    assert "persistent or worsens over time" in v.sources[0]


def test_same_within_14_days_offers_another_checkin(bundle: Bundle) -> None:
    assert verdict(bundle, 10).outcome == "again"
    assert verdict(bundle, 10, course=("better",)).outcome == "again"


def test_worse_is_worsening_and_gone_closes(bundle: Bundle) -> None:
    v = verdict(bundle, 5, course=("worse",))
    assert (v.outcome, v.level, v.reasons) == ("advice", "see_doctor", ("worsening",))
    assert verdict(bundle, 30, course=("gone",)).outcome == "closed"  # gone is not persistent


def test_new_signs_escalate_even_when_gone(bundle: Bundle) -> None:
    v = verdict(bundle, 5, course=("gone",), signs=("numbness", "weakness"))
    assert (v.level, v.reasons) == ("see_doctor_soon", ("weakness", "numbness"))
    e = verdict(bundle, 5, emergency=("cannot_walk",), signs=("pain",))
    assert (e.level, e.reasons[0]) == ("emergency", "cannot_walk")


def test_logged_twitching_over_more_than_14_days_is_persistent(bundle: Bundle) -> None:
    today = day_of(T0)
    diary = (DiaryEntry(day=today - 15, level="a_little"), DiaryEntry(day=today - 3, level="some"))
    assert logged_span_days(diary) == 12
    assert verdict(bundle, 3, diary).outcome == "again"
    longer = (DiaryEntry(day=today - 18, level="some"), *diary[1:], DiaryEntry(day=today - 20, level="none"))
    assert verdict(bundle, 3, longer).reasons == ("persistent",)


def test_checkins_come_at_the_time_of_day_of_the_check_never_at_night(bundle: Bundle) -> None:
    s = rules(bundle).schedule
    assert due_at(s, T0, 3) == T0 + 3 * DAY
    late_evening = dt.datetime(2026, 11, 25, 23, 10, tzinfo=dt.UTC).timestamp()
    assert dt.datetime.fromtimestamp(due_at(s, late_evening, 3), dt.UTC) == dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    early = dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC).timestamp()
    assert dt.datetime.fromtimestamp(due_at(s, early, 7), dt.UTC) == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    assert not sendable_now(s, late_evening) and sendable_now(s, T0)


def test_a_checkin_found_late_says_so_and_one_too_late_is_dropped(bundle: Bundle) -> None:
    s = rules(bundle).schedule
    assert timeliness(s, T0, T0 + 60) == "on_time"
    assert timeliness(s, T0, T0 + 5 * 3600) == "late"
    assert timeliness(s, T0, T0 + 3 * DAY) == "drop"


def test_dates_are_written_in_words(bundle: Bundle) -> None:
    m = bundle.content("en").messages
    for when in (T0, 0.0, dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC).timestamp(), T0 + 400 * DAY):
        d = dt.datetime.fromtimestamp(when, dt.UTC)
        assert format_day(m, when) == f"{d.day} {d.strftime('%B')} {d.year}"


SELF_CARE = {"emergency": (), "frequency": ("daily",), "duration": ("1_to_2_weeks",), "course": ("same",),
             "triggers": ("caffeine",), "symptoms": ()}


def scheduled(bundle: Bundle, level: str = "self_care", choice: str = "in_3_days") -> FollowUp:
    record = record_check(rules(bundle), FollowUp(), SELF_CARE, level, (), T0, "offer1")
    offer = offer_reply(bundle, record)
    assert offer is not None and [o.id for o in offer.options] == ["in_3_days", "in_a_week", "no_thanks"]
    step = step_followup(bundle, record, (), Choose("offer1", None, choice), T0 + 5, "ci1")
    assert "I'll check in with you here on 28 November 2026" in step.replies[0].text
    return step.record


def test_no_offer_after_an_emergency_result(bundle: Bundle) -> None:
    record = record_check(rules(bundle), FollowUp(), {"emergency": ("cannot_walk",)}, "emergency", (), T0, "o")
    assert offer_reply(bundle, record) is None


def test_declining_and_stale_offer_presses(bundle: Bundle) -> None:
    record = record_check(rules(bundle), FollowUp(), SELF_CARE, "self_care", (), T0, "offer1")
    stale = step_followup(bundle, record, (), Choose("older", None, "in_3_days"), T0, "x")
    assert stale.replies[0].kind == "stale" and not stale.changed
    no = step_followup(bundle, record, (), Choose("offer1", None, "no_thanks"), T0, "x")
    assert no.record.pending is None and no.record.offer is None


def run_checkin(bundle: Bundle, record: FollowUp, course: str, now: float, signs: str = "none"):  # type: ignore[no-untyped-def]
    opened = open_checkin(bundle, record, now, late=False)
    first = opened.replies[0]
    assert first.question == "course" and "3 days ago" in first.text
    r = opened.record
    diary = (from_check(rules(bundle).diary, SELF_CARE, T0),)  # the check's day: "daily" is "some"
    assert diary[0] is not None and diary[0].level == "some"
    r = step_followup(bundle, r, diary, Choose("ci1", "course", course), now, "n").record
    r = step_followup(bundle, r, diary, Choose("ci1", "emergency", "none"), now, "n").record
    r = step_followup(bundle, r, diary, Done("ci1", "emergency"), now, "n").record
    r = step_followup(bundle, r, diary, Choose("ci1", "signs", signs), now, "n").record
    return step_followup(bundle, r, diary, Done("ci1", "signs"), now, "offer2")


def test_a_checkin_same_after_14_days_since_onset_advises_a_doctor(bundle: Bundle) -> None:
    record = scheduled(bundle)
    assert record.pending is not None and record.pending.due_at == T0 + 3 * DAY
    done = run_checkin(bundle, record, "same", T0 + 3 * DAY)
    assert done.verdict is not None and done.verdict.reasons == ("persistent",)
    assert "Book a visit with your doctor." in done.replies[0].text
    assert "becomes persistent or worsens over time" in done.replies[0].text
    assert done.entry is not None and done.entry.level == "some"
    assert done.record.checkins[-1].outcome == "advice" and done.record.conversation is None


def test_worse_is_worsening_and_gone_closes_without_an_offer(bundle: Bundle) -> None:
    worse = run_checkin(bundle, scheduled(bundle), "worse", T0 + 3 * DAY)
    assert worse.verdict is not None and worse.verdict.reasons[-1] == "worsening"
    assert worse.entry is not None and worse.entry.level == "a_lot"
    gone = run_checkin(bundle, scheduled(bundle), "gone", T0 + 3 * DAY)
    assert [r.kind for r in gone.replies] == ["verdict"] and "glad it's gone" in gone.replies[0].text
    assert gone.record.offer is None and gone.record.pending is None


def test_a_see_doctor_checkin_asks_whether_they_saw_someone(bundle: Bundle) -> None:
    record = scheduled(bundle, level="see_doctor")
    opened = open_checkin(bundle, record, T0 + 3 * DAY, late=True)
    assert opened.replies[0].question == "saw_doctor" and "later than planned" in opened.replies[0].text


def test_typed_answers_and_a_typed_emergency(bundle: Bundle) -> None:
    opened = open_checkin(bundle, scheduled(bundle), T0 + 3 * DAY, late=False)
    r = step_followup(bundle, opened.record, (), Typed("about the same"), T0, "n")
    assert r.record.conversation is not None and r.record.conversation.question == "emergency"
    again = step_followup(bundle, r.record, (), Typed("purple"), T0, "n")
    assert not again.changed and "didn't get that" in again.replies[0].text
    sos = step_followup(bundle, r.record, (), Typed("my leg gave way and I can't stand"), T0, "n")
    assert sos.verdict is not None and sos.verdict.level == "emergency"
    assert sos.record.offer is None  # never an offer after an emergency


def test_stale_checkin_presses_change_nothing(bundle: Bundle) -> None:
    opened = open_checkin(bundle, scheduled(bundle), T0 + 3 * DAY, late=False)
    for event in (Choose("other", "course", "same"), Choose("ci1", "signs", "pain"), Choose("ci1", "course", "x")):
        step = step_followup(bundle, opened.record, (), event, T0, "n")
        assert step.replies[0].kind == "stale" and step.record == opened.record


def test_log_in_one_or_two_taps(bundle: Bundle) -> None:
    prompt = log_prompt(bundle, "en", T0)
    assert [o.id for o in prompt.options] == ["none", "a_little", "some", "a_lot"]
    token = prompt.token
    one = step_diary(bundle, "en", (), Choose(token, LEVEL, "none"), T0)
    assert one.entry is not None and one.entry.level == "none" and one.replies[-1].question is None
    two = step_diary(bundle, "en", (), Choose(token, LEVEL, "some"), T0)
    assert two.entry is not None and two.replies[-1].question == TRIGGERS
    tick = step_diary(bundle, "en", (two.entry,), Choose(token, TRIGGERS, "caffeine"), T0)
    assert tick.entry is not None and tick.entry.triggers == ("caffeine",)
    done = step_diary(bundle, "en", (tick.entry,), Done(token, TRIGGERS), T0)
    assert "Logged for 25 November 2026: Some (Coffee" in done.replies[0].text
    yesterday = step_diary(bundle, "en", (), Choose(str(int(token) - 1), LEVEL, "some"), T0)
    assert yesterday.entry is None and yesterday.replies[0].kind == "stale"


def test_logging_over_more_than_14_days_says_see_a_doctor(bundle: Bundle) -> None:
    today = day_of(T0)
    diary = (DiaryEntry(day=today - 15, level="a_little"),)
    step = step_diary(bundle, "en", diary, Choose(str(today), LEVEL, "none"), T0)
    assert all(r.kind != "verdict" for r in step.replies)  # "none" today: nothing logged past the span
    step = step_diary(bundle, "en", diary, Choose(str(today), LEVEL, "a_little"), T0)
    assert step.replies[0].reasons == ("persistent",) and "Book a visit" in step.replies[0].text


def test_sparkline_marks_days_not_logged(bundle: Bundle) -> None:
    today = day_of(T0)
    diary = (DiaryEntry(day=today - 2, level="a_lot"), DiaryEntry(day=today, level="none"))
    assert sparkline(diary, rules(bundle).diary.levels, today, 4) == "·█·▁"


def test_summary_has_the_answers_results_and_checkins(bundle: Bundle) -> None:
    done = run_checkin(bundle, scheduled(bundle), "worse", T0 + 3 * DAY, signs="numbness")
    assert done.entry is not None
    summary = build_summary(bundle, done.record, (done.entry,), day_of(T0 + 3 * DAY))
    assert summary is not None
    text = summary.text()
    assert "First noticed: about 11 November 2026" in text and "1 to 2 weeks" in text
    assert "How often: Every day" in text and "Triggers: Coffee" in text
    assert "Twitching with numbness should be checked by a doctor." in text
    assert "Worse. Book a visit with your doctor." in text and "It is worse than before." in text
    assert build_summary(bundle, FollowUp(), (), 0) is None


@pytest.mark.parametrize("when", [T0 + 60, T0 + 3 * DAY])
def test_record_check_keeps_the_earliest_onset(bundle: Bundle, when: float) -> None:
    first = record_check(rules(bundle), FollowUp(), SELF_CARE, "self_care", (), T0, "a")
    later = record_check(rules(bundle), first, {**SELF_CARE, "duration": ("less_than_1_week",)}, "self_care", (), when, "b")
    assert later.onset_at == T0 - 14 * DAY and later.first_noticed == "1_to_2_weeks"
