"""Hostile input: names, paths and URLs built to break the file system, the URL space or the
page. Every case either builds correctly or fails with exact `path:line:col` lines."""
