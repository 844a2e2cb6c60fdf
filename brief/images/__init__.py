"""Photos made fit for the web with Pillow: read safely (`probe`), planned as a set of
sizes and formats with content-addressed names (`plan`), and made (`process`), each derived
file stripped of the camera's metadata (EXIF: GPS, serial numbers) and carrying its credit
in XMP (`xmp`).

Pure: nothing here writes a file. `content/` probes and plans when an article is parsed;
`build/` runs `process` in workers, caches what it made in `.brief/`, and `output/` writes.
"""
