"""Tests of the edge modules: site.yaml and the located YAML reader."""
