"""Tests of brief.site: the edition of all articles together."""
