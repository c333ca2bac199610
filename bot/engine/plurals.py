"""Counts in words by CLDR plural rules: "1 день / 2 дня / 5 дней", "1 día / 2 días".

Babel carries the CLDR rules for every language, so a translator writes only the forms
(messages.yaml `counts`) and never a rule; Fluent would bring its own message syntax for the
same rules, and gettext's ngettext only the rule a .po header spells out by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

OTHER = "other"


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def categories(code: str) -> frozenset[str]:
    """The plural categories a language tells apart ("other" always included)."""
    locale = _locale(code)
    return frozenset({OTHER, *(locale.plural_form.tags if locale else ())})


def category(code: str, n: float) -> str:
    locale = _locale(code)
    return str(locale.plural_form(n)) if locale else OTHER


def count(code: str, forms: Mapping[str, str], n: float) -> str:
    """`n` with its noun in the form the language uses for it ({n} marks the number)."""
    form = forms.get(category(code, n)) or forms[OTHER]
    locale = _locale(code)
    number = format_decimal(n, locale=locale) if locale else str(n)  # "1,5" in Russian and Spanish
    return form.format(n=number)


def check_counts(code: str, counts: Mapping[str, Mapping[str, str]]) -> list[str]:
    """"counts.<noun>: ..." for forms a language needs and lacks, or does not have."""
    wanted = categories(code)
    errors = []
    for noun, forms in counts.items():
        missing = sorted(wanted - set(forms))
        extra = sorted(set(forms) - wanted)
        if missing:
            errors.append(f"counts.{noun}: missing the plural form(s) {', '.join(missing)}")
        if extra:
            errors.append(f"counts.{noun}: {', '.join(extra)} is no plural form of '{code}'")
        errors += [f"counts.{noun}.{k}: no {{n}} for the number" for k, v in forms.items() if "{n}" not in v]
    return errors
