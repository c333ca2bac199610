"""A translated locale against the one it is translated from: every key, same placeholders.

The models check the keys they name; this checks the whole tree, so keys inside mappings
(menu commands, options) and keys added to English later are reported for every locale.
"""

from __future__ import annotations

import re
from typing import Any

REFERENCE_LOCALE = "en"  # the locale every other one is translated from
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


# Sections whose last level differs by language on purpose (plural forms: en one/other,
# ru one/few/many/other); checked against the language's plural rules instead.
_PER_LANGUAGE = ("counts",)


def _leaves(tree: Any, path: str = "") -> dict[str, Any]:
    if isinstance(tree, dict) and not (path.count(".") == 1 and path.startswith(_PER_LANGUAGE)):
        out: dict[str, Any] = {}
        for key, value in tree.items():
            out.update(_leaves(value, f"{path}.{key}" if path else str(key)))
        return out
    return {path: tree}


def key_problems(reference: Any, translated: Any) -> list[str]:
    """"key.path: problem" for keys missing or unknown, and texts whose {placeholders} differ."""
    if not isinstance(reference, dict) or not isinstance(translated, dict):
        return []  # a file that is not a mapping is reported by its model
    want, have = _leaves(reference), _leaves(translated)
    problems = [f"{key}: missing" for key in want if key not in have]
    problems += [f"{key}: unknown key" for key in have if key not in want]
    for key, text in want.items():
        other = have.get(key)
        if isinstance(text, str) and isinstance(other, str):
            expected, found = set(_PLACEHOLDER.findall(text)), set(_PLACEHOLDER.findall(other))
            if expected != found:
                shown = ", ".join(f"{{{p}}}" for p in sorted(expected)) or "none"
                problems.append(f"{key}: placeholders differ (expected {shown})")
    return problems
