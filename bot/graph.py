"""The dialog as a Mermaid flowchart (`twitchcheck graph`)."""

from __future__ import annotations

from bot.engine import Bundle
from bot.engine.dialog import RESULT


def mermaid(bundle: Bundle) -> str:
    m = bundle.content(bundle.default_locale).messages
    lines = ["flowchart TD", "    start([/start]) --> " + bundle.dialog.start]
    for qid, question in bundle.dialog.questions.items():
        kind = "several" if question.multi else "one"
        label = m.questions[qid].prompt.replace('"', "'")
        lines.append(f'    {qid}["{qid} ({kind})<br/>{label}"]')
    for qid, question in bundle.dialog.questions.items():
        target = "triage" if question.next == RESULT else question.next
        if question.end_if_any:
            lines.append(f"    {qid} -- any sign --> level_{question.end_if_any}")
            lines.append(f"    {qid} -- none of these --> {target}")
        else:
            lines.append(f"    {qid} --> {target}")
    lines.append("    triage{{triage rules}}")
    for level in bundle.triage.levels:
        text = m.levels[level]
        lines.append(f'    level_{level}(["{text.badge} {level}"])')
        if level != bundle.triage.emergency_level:
            lines.append(f"    triage --> level_{level}")
    return "\n".join(lines)
