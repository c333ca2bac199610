"""The sans-I/O heart of TwitchCheck: dialog data, sessions, triage and the step function.

Nothing in this package reads a file, a clock, the environment or the network:
data comes in as typed values and goes out as typed values.
"""

from bot.engine.bundle import Bundle, LocaleContent
from bot.engine.events import Answer, Command, Event, Language, Start, Submit, Text, Toggle
from bot.engine.machine import step
from bot.engine.replies import NoteReply, Option, QuestionReply, Reply, ResultReply, StaleReply
from bot.engine.result import ResultView, Section, result_text
from bot.engine.session import Session
from bot.engine.triage import Assessment, assess

__all__ = [
    "Answer", "Assessment", "Bundle", "Command", "Event", "Language", "LocaleContent", "NoteReply", "Option", "QuestionReply",
    "Reply", "ResultReply", "ResultView", "Section", "Session", "StaleReply", "Start", "Submit", "Text", "Toggle",
    "assess", "result_text", "step",
]
