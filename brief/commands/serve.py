"""`brief serve`: the preview, rebuilt and reloaded on every save (see `brief.preview`)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """`brief serve`."""
    from brief.preview.session import ServeOptions, serve  # watchdog and the server load here

    if args.port is not None and not 0 <= args.port <= 65535:
        print("brief: error: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    options = ServeOptions(
        source=args.source,
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        future=args.future,
        open_browser=args.open,
    )
    return serve(options)
