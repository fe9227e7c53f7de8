"""How placeholders look, which spellings of them are restored, and which are not.

A pseudonymised value becomes `[TYPE_N]` (`[PERSON_1]`, `[ADDRESS_2]`): readable for the model,
numbered per type in order of first appearance within one request. A masked value becomes
`[TYPE]` and is never restored.

Restored (case-insensitive, only for placeholders this request issued):

- `[PERSON_1]`, `<PERSON_1>`, `{PERSON_1}`, with one optional space inside the brackets and
  `_`, `-` or a space between type and number (`[person 1]`, `< PERSON-1 >`);
- the bare form `PERSON_1` (underscore required, not glued to a preceding letter or digit);
- with anything around it, so quotes (`"[PERSON_1]"`), Markdown (`**[PERSON_1]**`) and
  possessive endings (`[PERSON_1]s`, `[PERSON_1]'s`) keep working: only the placeholder is
  replaced, surrounding characters stay as the model wrote them.

Not restored: placeholders the request never issued (`[PERSON_9]` when only one person was
found), masked ones (`[EMAIL_ADDRESS]`), translated or paraphrased ones (`[PERSON_EINS]`,
`[NAME_1]`, `Person 1`), double brackets are left as one bracket pair around the value
(`[[PERSON_1]]` → `[Anna Müller]`), unpaired brackets stay (`[PERSON_1>` → `[Anna Müller>`).

A user's own text that looks like a placeholder (any spelling above) is never restored into
someone's data: before detection it is itself replaced by a `[LITERAL_N]` placeholder whose
value is the literal text, so every placeholder the model sees was issued by this request.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

LITERAL_TYPE = "LITERAL"


@cache
def placeholder_pattern(types: tuple[str, ...]) -> regex.Pattern[str]:
    names = "|".join(regex.escape(t) for t in sorted(types, key=len, reverse=True))
    sep = r"[_\- ]"
    core = rf"(?P<type>{names}){sep}(?P<index>\d+)"
    return regex.compile(
        rf"\[ ?{core} ?\]|< ?{core} ?>|\{{ ?{core} ?\}}|(?<![\p{{L}}\p{{N}}_])(?P<type>{names})_(?P<index>\d+)(?!\d)",
        regex.IGNORECASE,
    )


@cache
def literal_pattern(types: tuple[str, ...]) -> regex.Pattern[str]:
    """What must be escaped in a user's text: every restorable spelling, and the bare form also when
    glued to a letter or digit ("XPERSON_1"), because redaction may put a bracket in front of it."""
    names = "|".join(regex.escape(t) for t in sorted(types, key=len, reverse=True))
    bare = rf"(?P<type>{names})_(?P<index>\d+)(?!\d)"
    return regex.compile(rf"{placeholder_pattern(types).pattern}|{bare}", regex.IGNORECASE)


def may_hold_placeholder(text: str, types: tuple[str, ...]) -> bool:
    """False if no spelling of a placeholder can be in the text: no type name, in any case,
    followed by "_", "-" or a space and a digit.

    Far cheaper than the case-insensitive patterns, which try every position of the text. Their
    IGNORECASE also takes "ı" and "İ" for "i", "ſ" for "s" and the Kelvin sign for "k": upper then
    lower case turns those into the ASCII letter ("İ" into "i" and a combining dot).
    """
    folded = text.upper().lower().replace("i\u0307", "i")
    for name in {t.lower() for t in types}:
        at = folded.find(name)
        while at >= 0:
            after = at + len(name)
            if folded[after : after + 1] in ("_", "-", " ") and folded[after + 1 : after + 2].isdigit():
                return True
            at = folded.find(name, at + 1)
    return False


def format_placeholder(entity_type: str, index: int) -> str:
    return f"[{entity_type}_{index}]"


def format_mask(entity_type: str) -> str:
    return f"[{entity_type}]"


def all_types(entity_types: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({*entity_types, LITERAL_TYPE}))
