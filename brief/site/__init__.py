"""Articles -> Edition -> Pages: what is published, grouped and planned into pages. Pure.

Imports `brief.content` and the edge modules; never reads or writes files.
"""
