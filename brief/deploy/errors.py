"""Deploy failures as one line that says what to do, with every secret taken out."""

from __future__ import annotations

import os
import re

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|API_KEY", re.I)


class DeployError(Exception):
    """A deploy that cannot go on: the remote, the credentials or the plan said no."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def redact(text: str) -> str:
    """`text` without the password or token of any URL, and without the value of any
    environment variable whose name says it is secret (a token in a remote URL, an AWS key
    echoed by a tool)."""
    text = _USERINFO.sub(lambda m: m.group("scheme") + "***@", text)
    for name, value in os.environ.items():
        if len(value) >= 6 and _SECRET_NAME.search(name) and value in text:
            text = text.replace(value, "***")
    return text
