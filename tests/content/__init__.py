"""Tests of brief.content: sources, front-matter, slugs, articles."""
