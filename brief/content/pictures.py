"""The responsive-image plan of an article's local photos (lead and body), made when the
article is parsed: the file probed (`images.probe`), its credit turned into the XMP it will
carry, its derived files planned (`images.plan`). SVGs and remote images get none and are
shown as they are.
"""

from __future__ import annotations

from pathlib import Path

from brief.config import SiteConfig
from brief.content.article import Credit
from brief.images.plan import Picture, Rights, plan_picture
from brief.images.probe import is_raster, probe


def rights_of(credit: Credit | None) -> Rights:
    """What a photo's XMP says of its credit: creator, credit line, copyright notice, the
    licence's deed (or the source page) as the web statement, the source as licensor."""
    if credit is None:
        return Rights()
    licence = credit.license
    holder = credit.creator or credit.source
    if credit.notice:
        notice: str | None = credit.notice
    elif licence is not None:
        notice = f"{holder}, {licence.id}" if holder else licence.id
    else:
        notice = f"© {holder}" if holder else None
    line = " / ".join(x for x in (credit.creator, credit.source) if x) or None
    return Rights(
        creator=credit.creator,
        credit_line=line,
        copyright=notice,
        web_statement=licence.url if licence else credit.source_url,
        licensor_url=credit.source_url,
        source=credit.source,
    )


def picture_of(
    file: Path,
    site_path: str,
    credit: Credit | None,
    config: SiteConfig,
    social: bool,
    line: int,
) -> tuple[Picture | None, str | None, str | None]:
    """(picture, error, warning) of the local image `file` published at `site_path`: no
    picture for an SVG; an error for a file that cannot be published; a warning for an
    animated one. The caller places both messages."""
    if not is_raster(file):
        return None, None, None
    found = probe(file)
    if isinstance(found, str):
        return None, found, None
    warning = None
    if found.animated:
        warning = (
            f"image '{file.name}' is animated; brief publishes its first frame as a still "
            "(a moving picture belongs in a video file)"
        )
    picture = plan_picture(site_path, found, config.images, rights_of(credit), social, line)
    return picture, None, warning
