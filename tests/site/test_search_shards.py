"""How the search index is cut into shards (brief/site/routes.py): a power of two of them,
none empty, each page in the shard of its URL whatever else is on the site."""

from __future__ import annotations

from brief.site.routes import MAX_SHARDS, bundle_of, search_shard, search_shards, shard_bundle


def urls(n: int, start: int = 0) -> list[str]:
    return [f"/2022/01/01/story-{i}/" for i in range(start, start + n)]


def test_the_count_is_the_fewest_powers_of_two_of_at_most_the_pages_asked() -> None:
    assert search_shards(urls(0), 2500) == 1
    assert search_shards(urls(2500), 2500) == 1
    assert search_shards(urls(2501), 2500) == 2
    assert search_shards(urls(10_000), 2500) == 4
    assert search_shards(urls(10_001), 2500) == 8
    assert search_shards(urls(100_000), 2500) == MAX_SHARDS  # 40 would do: the next power
    assert search_shards(urls(1_000_000), 2500) == MAX_SHARDS  # no more, however large


def test_no_shard_is_left_empty() -> None:
    for n in range(2, 40):
        pages = urls(n)
        count = search_shards(pages, 1)
        assert {search_shard(u, count) for u in pages} == set(range(count)), n


def test_a_page_keeps_its_shard_whatever_is_added_around_it() -> None:
    pages = urls(5000)
    before = {u: search_shard(u, 4) for u in pages}
    more = pages + urls(4000, start=5000)
    assert search_shards(more, 2500) == 4
    assert all(search_shard(u, 4) == s for u, s in before.items())


def test_the_first_shard_is_the_search_pages_own_bundle() -> None:
    assert shard_bundle(0) == "/pagefind/"
    assert shard_bundle(3) == "/pagefind/shard-3/"


def test_an_index_file_is_read_back_to_its_shard() -> None:
    for shard in (0, 1, 12):
        folder = shard_bundle(shard)
        for name in ("pagefind-entry.json", "index/en_1a2b.pf_index", "fragment/en_3c.pf_fragment"):
            assert bundle_of(folder + name) == folder
    assert bundle_of("/pagefind/shard-notes.txt") == "/pagefind/"  # no folder: the first
