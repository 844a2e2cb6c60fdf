"""`python -m brief` is the same as the `brief` command."""

from __future__ import annotations

from brief.cli import entry

entry()
