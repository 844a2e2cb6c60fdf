"""Editorial checks over the gathered site: ordered plain functions that return problems.

Imports `brief.site`, `brief.content` and the edge modules.
"""
