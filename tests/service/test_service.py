"""CheckService, the adapters' one door: nonces, edits, duplicate deliveries, resuming."""

from __future__ import annotations

from bot.engine import Bundle, NoteReply, QuestionReply, ResultReply
from bot.engine.events import Answer, Text
from bot.engine.session import Keyboard
from bot.service import CheckService
from bot.stores.base import Record, SessionKey
from bot.stores.memory_store import MemoryStore

KEY = SessionKey("test", "u1")


def service(bundle: Bundle) -> CheckService:
    return CheckService(bundle, MemoryStore(), clock=lambda: 1_700_000_000.0)


async def test_every_start_gets_a_fresh_nonce_made_by_the_service(bundle: Bundle) -> None:
    s = service(bundle)
    first = await s.start(KEY, "en")
    second = await s.start(KEY, "en")
    assert first.session.nonce and second.session.nonce and first.session.nonce != second.session.nonce
    assert isinstance(second.replies[0], QuestionReply) and second.replies[0].question == "emergency"


async def test_an_update_delivered_twice_is_applied_once_and_shows_where_the_check_is(bundle: Bundle) -> None:
    s = service(bundle)
    await s.start(KEY, "en", event_id="e1")
    answer = await s.handle(KEY, lambda now: Answer(now, "en", "emergency", ("none",)), event_id="e2")
    again = await s.handle(KEY, lambda now: Answer(now, "en", "emergency", ("none",)), event_id="e2")
    assert again.duplicate and again.session == answer.session
    [reply] = again.replies
    assert isinstance(reply, QuestionReply) and reply.question == "frequency"


async def test_an_edit_is_read_for_emergency_signs_only(bundle: Bundle) -> None:
    s = service(bundle)
    started = await s.start(KEY, "en")
    calm = await s.edited(KEY, "en", "every day for a week")
    assert calm.session == started.session
    assert [type(r) for r in calm.replies] == [NoteReply]
    assert calm.replies[0].text == bundle.content("en").messages.chat.edited
    alarm = await s.edited(KEY, "en", "my leg gave way and I cannot walk")
    [result] = alarm.replies
    assert isinstance(result, ResultReply) and result.assessment.level == "emergency"
    assert alarm.session.status == "done"


async def test_resume_shows_the_waiting_question_with_a_note(bundle: Bundle) -> None:
    s = service(bundle)
    assert await s.resume(KEY) is None
    await s.start(KEY, "en")
    await s.handle(KEY, lambda now: Text(now, "en", "no, none of those"))
    shown = await s.resume(KEY, "Sorry, something went wrong.")
    assert shown is not None
    [reply] = shown.replies
    assert isinstance(reply, QuestionReply) and reply.text.startswith("Sorry, something went wrong.")


async def test_the_live_keyboard_is_kept_without_making_its_buttons_stale(bundle: Bundle) -> None:
    s = service(bundle)
    shown = (await s.start(KEY, "en")).session
    kept = Keyboard(message="42:7", question="emergency", text="First, the important one.")
    await s.keep_keyboard(KEY, shown, kept)
    now = await s.current(KEY)
    assert now is not None and now.keyboard == kept and (now.nonce, now.version) == (shown.nonce, shown.version)
    moved = (await s.handle(KEY, lambda t: Answer(t, "en", "emergency", ("none",)))).session
    assert moved.keyboard == kept  # carried along until the adapter retires it
    await s.keep_keyboard(KEY, shown, None)  # a reply for a state the session has left: ignored
    assert (await s.current(KEY)).keyboard == kept  # type: ignore[union-attr]
    restarted = (await s.start(KEY, "en")).session
    assert restarted.keyboard == kept  # a new check still knows which buttons to retire


class CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.saves = 0

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        self.saves += 1
        await super().save(key, record, expected)


async def test_delivery_keeps_the_keyboard_and_marks_the_update_shown_in_one_save(bundle: Bundle) -> None:
    store = CountingStore()
    s = CheckService(bundle, store, clock=lambda: 1_700_000_000.0)
    shown = (await s.start(KEY, "en", event_id="e1")).session
    kept = Keyboard(message="42:7", question="emergency")
    before = store.saves
    await s.delivered(KEY, shown, "e1", kept)
    assert store.saves == before + 1
    again = await s.start(KEY, "en", event_id="e1")  # delivered again: nothing shown twice
    assert again.duplicate and again.replies == [] and again.session.keyboard == kept
    await s.delivered(KEY, shown, "e1", kept)  # nothing new to remember: no save
    assert store.saves == before + 1
