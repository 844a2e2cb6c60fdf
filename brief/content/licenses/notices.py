"""Free-form notices: terms that are not a licence, rendered exactly as written.

"Used with permission" and "© AP. All rights reserved." are not licences; `notice_kind`
recognises them so the article parser can accept them as notices.
"""

from __future__ import annotations

import re

from brief.content.licenses.registry import WORD_SPLIT
from brief.content.licenses.registry import normalise as _normalise

NOTICE_PERMISSION = "permission"
"""The work is used by permission of its owner; the notice says whose."""
NOTICE_ALL_RIGHTS_RESERVED = "all-rights-reserved"
"""The owner reserves all rights (a copyright notice); the notice is shown as written."""
NOTICE_KINDS: frozenset[str] = frozenset({NOTICE_PERMISSION, NOTICE_ALL_RIGHTS_RESERVED})

_PERMISSION = re.compile(
    r"^(?:permission|permission granted)$"
    r"|\b(?:with|by)\s+(?:the\s+)?(?:kind\s+|express\s+|written\s+)?permission\b"
)
_RESERVED = re.compile(r"\ball\s+rights\s+reserved\b|©|\(c\)|\bcopyright\b|\bcopr\b")
_NOT_A_NOTICE = re.compile(
    r"\bno\s+(?:known\s+)?copyright|\bcopyright\s+free\b|\bnot\s+copyrighted\b"
    r"|\bpublic\s+domain\b|creative\s*commons|\bcc\s*(?:by|0|zero)\b|\bpdm\b"
)


def notice_kind(text: str) -> str | None:
    """ "permission" or "all-rights-reserved" if `text` is such a notice, else None.

    Lets the article parser accept `license: permission`, "Used with permission",
    "© 2024 AP. All rights reserved." and the like as notices rendered as written. Permission
    wins when both appear ("© AP, used with permission"): it is what allows the use. Text that
    names a CC licence or the public domain ("© Jane Doe, CC BY 4.0", "No known copyright
    restrictions") is not a notice: it belongs in `license:`, where `lookup` and `nearest`
    check it. "Used without permission" is not a permission.
    """
    normal = WORD_SPLIT.sub(" ", _normalise(text)).strip(" .")
    if not normal or _NOT_A_NOTICE.search(normal):
        return None
    if _PERMISSION.search(normal):
        return NOTICE_PERMISSION
    if _RESERVED.search(normal):
        return NOTICE_ALL_RIGHTS_RESERVED
    return None
