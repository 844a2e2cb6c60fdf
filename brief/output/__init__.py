"""The only code that touches output folders: atomic writes, and refusals of --output.

Imports only the edge modules.
"""
