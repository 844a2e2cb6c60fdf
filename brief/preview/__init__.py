"""`brief serve`: the rebuild loop, the HTTP server, live reload and the file watcher.

Builds through `brief.build`; owns the memo that makes its rebuilds fast.
"""
