"""`python -m brief` is the same as the `brief` command."""

from __future__ import annotations

import sys

from brief.cli import main

sys.exit(main())
