"""Page -> bytes: templates, the bundled theme, links, feeds and sitemaps. Never writes.

Imports `brief.site`, `brief.content` and the edge modules.
"""
