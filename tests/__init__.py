"""The test suite, a package so that every module is imported under one name (`tests.*`)."""
