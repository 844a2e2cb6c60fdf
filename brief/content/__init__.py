"""Source file -> Article: finding, decoding, front-matter, Markdown, licences.

Knows no Jinja, no output folder and no cache. Imports only the edge modules (errors, paths,
yamlmap, config).
"""
