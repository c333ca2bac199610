"""Short replies that are not answers to a question's options: yes / no / not sure (to a
narrowing question), questions back to the bot about a topic of the article ("is it ALS?"),
and fear ("I'm scared"). All words are locale data (vocabulary.yaml: yes, no, not_sure,
topics, scared)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.understand.clauses import ClauseReader
from bot.understand.matcher import Phrase, PhraseIndex, resolve
from bot.understand.text import Corrector, expand_tokens, normalise, tokens

YES, NO, NOT_SURE = "yes", "no", "unsure"
_TOPIC, _SCARED = "topic", "scared"


class ReplyReader:
    def __init__(self, yes: Sequence[str], no: Sequence[str], not_sure: Sequence[str],
                 topics: Mapping[str, Sequence[str]], scared: Sequence[str], clauses: ClauseReader,
                 spellings: Mapping[str, str], bare_no: Sequence[str] = (), fillers: Sequence[str] = ()) -> None:
        phrases: list[Phrase] = []
        self._bare_no = frozenset(" ".join(w for w, _, _ in tokens(normalise(b))) for b in bare_no)
        self._fillers = frozenset(fillers) | {",", ".", ";", "!", "?"}

        def add(kind: str, option: str, texts: Sequence[str]) -> None:
            for text in texts:
                for words in expand_tokens(text):
                    phrases.append(Phrase(kind, option, words))

        add("answer", YES, yes)
        add("answer", NO, no)
        add("answer", NOT_SURE, not_sure)
        for topic, texts in topics.items():
            add(_TOPIC, topic, texts)
        add(_SCARED, _SCARED, scared)
        self._index = PhraseIndex(phrases)
        self._clauses = clauses
        self._spell = dict(spellings)
        words = {w for p in phrases for w in p.words if not w.endswith("*")}
        self._corrector = Corrector(words, {w[:-1] for p in phrases for w in p.words if w.endswith("*")}, ())

    def _words(self, text: str) -> list[str]:
        return [self._corrector.correct(self._spell.get(t, t)) for t, _, _ in tokens(normalise(text))]

    def _found(self, words: Sequence[str], kind: str) -> list[tuple[Phrase, int, int]]:
        return [f for f in resolve([f for f in self._index.find(words) if f[0].question == kind])]

    def bare_no(self, text: str) -> bool:
        """Whether the whole message is a word that is a "no" only on its own ("не!")."""
        if not self._bare_no:
            return False
        said = [w for w, _, _ in tokens(normalise(text)) if w not in self._fillers]
        return " ".join(said) in self._bare_no  # "не", "не-не"

    def yes_no(self, text: str) -> str | None:
        """"yes", "no" or "unsure" when the text says one of them (and no other), else None."""
        if self.bare_no(text):
            return NO
        words = self._words(text)
        found = self._found(words, "answer")
        said = {p.option for p, _, _ in found}
        if len(said) == 1:
            return said.pop()
        if not said:
            return None
        if said == {YES, NOT_SURE}:
            return YES  # a hedged yes is a yes
        if NOT_SURE not in said and found[0][1] == 0:
            return found[0][0].option  # "yes, no pain though": a leading yes or no decides
        return NOT_SURE

    def topics(self, text: str) -> tuple[str, ...]:
        """Topics the text asks about ("is it MS?", "what causes it"), in the order named."""
        words = self._words(text)
        asking = self._clauses.question_positions(words)
        if not asking and words and words[-1] == "?":
            asking = set(range(len(words)))
        found = [p.option for p, s, _ in self._found(words, _TOPIC) if s in asking]
        return tuple(dict.fromkeys(found))

    def asks(self, text: str) -> bool:
        """Whether the text asks something back ("what now?", "is that bad?")."""
        words = self._words(text)
        return bool(self._clauses.question_positions(words)) or (bool(words) and words[-1] == "?")

    def scared(self, text: str) -> bool:
        return bool(self._found(self._words(text), _SCARED))
