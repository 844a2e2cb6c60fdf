"""`brief deploy`: publish a built site to a git branch, an rsync/SSH host or S3-compatible
storage, sending only what changed, in an order that never shows a reader a broken page."""
