"""Licences for attribution footers in the TASL form: the registry, reading licence text,
and free-form notices. Import from here; the submodules are how it is kept."""

from __future__ import annotations

from brief.content.licenses.lookup import lookup, nearest
from brief.content.licenses.notices import (
    NOTICE_ALL_RIGHTS_RESERVED,
    NOTICE_KINDS,
    NOTICE_PERMISSION,
    notice_kind,
)
from brief.content.licenses.registry import LICENSES, License, by_id

__all__ = [
    "LICENSES",
    "NOTICE_ALL_RIGHTS_RESERVED",
    "NOTICE_KINDS",
    "NOTICE_PERMISSION",
    "License",
    "by_id",
    "lookup",
    "nearest",
    "notice_kind",
]
