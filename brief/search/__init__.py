"""The search index: built pages in, the files of a static index out; writes nothing.

`Indexer` is the seam (`pagefind.Pagefind` is the one implementation): the build hands it
the pages to index as (URL, file) pairs, where the build staged or left them, and gets the
index's files back in memory, to write them with the pages in the same stage or patch (see
`build.search`).
"""
