"""One thin module per command: arguments in, a report printed, an exit code out."""
