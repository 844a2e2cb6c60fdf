"""Other people's copy into content/: wire stories (`wire`), their image credits
(`credits`), and the article files made from them (`write`). Checks what it writes with
`content.parse`, so an import never leaves an article the build refuses."""
