"""Deploy failures as one line that says what to do, with every secret taken out."""

from __future__ import annotations

from brief.errors import redact

__all__ = ["DeployError", "redact"]


class DeployError(Exception):
    """A deploy that cannot go on: the remote, the credentials or the plan said no."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))
