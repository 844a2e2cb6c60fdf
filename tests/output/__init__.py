"""Tests of brief.output: atomic writes of the built site."""
