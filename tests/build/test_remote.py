"""The build cache shared through a bucket (`cache: s3://...`, `brief build --cache-url`).

moto's standalone S3 server on loopback (the `moto_server` fixture) stands in for S3, because
no cloud is reachable from where the tests run: it speaks the real protocol over real HTTP,
so boto3's signing, retries and errors are all exercised. Each "runner" is a fresh clone of
the site: a copy without `.brief/` and `public/`, every file with a new mtime, in a folder
of its own, as a CI job starts.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import brief
from brief.build import BuildOptions, BuildReport, build
from brief.build.cache import CACHE_DIR, Held, cache_key, load_articles_cache
from brief.build.gather import gather
from brief.build.images import ImageJob
from brief.build.remote import (
    apply_articles,
    bundle,
    connect,
    digest,
    plan_articles,
    save,
    unbundle,
)
from brief.config import RemoteCache, SiteConfig, load_config
from tests.deploy.servers import S3Proxy, S3Server, free_port, make_bucket
from tests.helpers import PNG_BYTES, REPO, article, tree
from tests.photos import photo

BUCKET = "brief-cache"
URL = f"s3://{BUCKET}/ci"
LOCATION = RemoteCache(BUCKET, "ci/")
SECRET = "testing-secret-do-not-print"  # the moto_server fixture's AWS_SECRET_ACCESS_KEY
TOKEN = "session-token-never-shown"
VERSIONED = f"ci/brief-{brief.__version__}/"
PHOTOS = 3


@pytest.fixture
def bucket(moto_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """moto with an empty cache bucket, named to brief through AWS_ENDPOINT_URL, as CI sets it."""
    make_bucket(moto_server, BUCKET)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    yield moto_server


def _repo(root: Path, *, search: bool = False) -> Path:
    """The site as its repository holds it: articles with lead photos, a chart in a body,
    articles without images, and `cache:` in site.yaml."""
    root.mkdir(parents=True)
    (root / "site.yaml").write_text(
        f"title: T\nbase_url: https://ex.org/\ncache: {URL}\nsearch: {str(search).lower()}\n"
    )
    content = root / "content"
    content.mkdir()
    for n in range(6):
        extra = {"tags": "[Energy]"}
        if n < PHOTOS:
            (content / f"lead{n}.jpg").write_bytes(photo(320, 240, seed=n))
            extra["image"] = (
                f"{{src: /lead{n}.jpg, alt: A photo, credit: Jane, license: CC BY 4.0}}"
            )
        body = f"Story number {n}."
        if n == 4:
            (content / "chart.png").write_bytes(PNG_BYTES)
            extra["figures"] = "{/chart.png: {credit: Sam, license: CC BY 4.0}}"
            body += '\n\n![A chart](/chart.png "The chart")'
        (content / f"s{n}.md").write_text(
            article(f"Story {n}", date=f"2022-02-1{n}", body=body, **extra)
        )
    return root


def _clone(repo: Path, at: Path) -> Path:
    """A fresh checkout of `repo` at `at`: no `.brief/`, no `public/`, new mtimes."""
    if at.exists():
        shutil.rmtree(at)
    ignore = shutil.ignore_patterns("public", CACHE_DIR)
    shutil.copytree(repo, at, ignore=ignore, copy_function=shutil.copy)
    return at


def _clean(repo: Path, out: Path) -> dict[str, bytes]:
    """What a clean build of `repo` writes: no cache of any kind."""
    copy = _clone(repo, out.with_name(out.name + "-site"))
    build(load_config(copy), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


def _build(root: Path) -> BuildReport:
    config = load_config(root)
    return build(config, BuildOptions(remote=config.cache, jobs=2))


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`brief build` as CI runs it: a real process, the AWS settings from the environment."""
    return subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(root), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _objects(server: S3Server) -> dict[str, bytes]:
    client = server.client()
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = client.get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read()
    return found


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and TOKEN not in text


# --- (a) a fresh clone restored from the bucket ---------------------------------------------


def test_a_fresh_clone_with_the_shared_cache_parses_and_processes_nothing(
    bucket: S3Server, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo", search=True)
    first = _build(_clone(repo, tmp_path / "runner-1"))
    assert first.parsed == 6 and first.images.images == PHOTOS + 1  # and the chart
    assert first.shared is not None and first.shared.saved > 0 and first.warnings == ()
    stored = _objects(bucket)
    assert len([k for k in stored if "/photos/" in k]) == PHOTOS + 1
    assert sum(k.endswith("/latest") for k in stored) == 1

    # another runner, another folder: every article from the bucket's shards (none parsed),
    # every photo's files from the bucket (none processed), nothing new to save
    runner = _clone(repo, tmp_path / "elsewhere" / "runner-2")
    second = _build(runner)
    assert (second.parsed, second.images.images) == (0, 0)
    assert second.shared is not None
    assert second.shared.photos == PHOTOS + 1 and second.shared.shards > 0
    assert second.shared.saved == 0 and second.warnings == ()
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")
    assert _objects(bucket) == stored

    # the command as CI runs it says what the shared cache did, and nothing else
    run = _cli(_clone(repo, tmp_path / "runner-3"))
    assert (run.returncode, run.stderr) == (0, "")
    assert f"shared cache: restored {PHOTOS + 1} photos and " in run.stdout
    assert "cache files, saved 0 objects in " in run.stdout
    assert "processed" not in run.stdout
    _no_secret(run.stdout, run.stderr)


def _saved_then_reused(repo: Path, tmp_path: Path) -> None:
    """After one article and its photo changed: the next clone parses and processes just
    those and saves them (its shard, the photo, the pointer); the one after reuses them."""
    edited = _build(_clone(repo, tmp_path / "runner"))
    assert (edited.parsed, edited.images.images) == (1, 1)
    assert edited.shared is not None and edited.shared.saved == 3  # shard, photo, pointer
    again = _build(_clone(repo, tmp_path / "runner"))
    assert (again.parsed, again.images.images) == (0, 0)
    assert tree(tmp_path / "runner/public") == _clean(repo, tmp_path / "clean")


def test_an_edit_saves_its_shard_and_photo_and_the_next_clone_has_them(
    bucket: S3Server, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    (repo / "content/s5.md").write_text(
        article(
            "Story 5 now with a photo",
            date="2022-02-15",
            image="{src: /new.jpg, alt: New, credit: Jane, license: CC BY 4.0}",
        )
    )
    (repo / "content/new.jpg").write_bytes(photo(300, 200, seed=50))
    _saved_then_reused(repo, tmp_path)


def test_a_photo_replaced_in_place_saves_its_articles_shard(
    bucket: S3Server, tmp_path: Path
) -> None:
    """Same file name, other bytes, the article's text unchanged: its cached parse is not
    the bucket's any more (its photo's key changed), so its shard is saved again."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    (repo / "content/lead0.jpg").write_bytes(photo(320, 240, seed=40))
    _saved_then_reused(repo, tmp_path)


def test_a_cache_of_another_brief_version_is_not_read(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything lies under the version (photos) or the cache key, which holds it too."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    monkeypatch.setattr(brief, "__version__", brief.__version__ + ".post1")
    other = _build(_clone(repo, tmp_path / "runner"))
    assert (other.parsed, other.images.images) == (6, PHOTOS + 1)
    assert other.shared is not None and (other.shared.shards, other.shared.photos) == (0, 0)
    assert other.warnings == ()


# --- (b) builds saving at once -----------------------------------------------------------------


def _edit_a(repo: Path) -> None:
    (repo / "content/s1.md").write_text(article("Story 1 retold", date="2022-02-11", tags="[Gas]"))
    (repo / "content/a.jpg").write_bytes(photo(300, 220, seed=71))
    (repo / "content/s5.md").write_text(
        article(
            "Story 5",
            date="2022-02-15",
            image="{src: /a.jpg, alt: A, credit: Jane, license: CC BY 4.0}",
        )
    )


def _edit_b(repo: Path) -> None:
    (repo / "content/lead2.jpg").write_bytes(photo(320, 240, seed=72))  # replaced in place
    (repo / "content/s3.md").write_text(article("Story 3, later", date="2022-02-20"))
    (repo / "content/s6.md").write_text(article("Story 6", date="2022-02-16", tags="[Energy]"))


def _merged(repo: Path, at: Path, *edits: Callable[[Path], None]) -> Path:
    """The repository with `edits` made to it, as a branch of its own at `at`."""
    merged = _clone(repo, at)
    for edit in edits:
        edit(merged)
    return merged


EDITS: dict[str, tuple[Callable[[Path], None], ...]] = {
    "a": (_edit_a,),
    "b": (_edit_b,),
    "a+b": (_edit_a, _edit_b),
    "neither": (),
}


def test_two_builds_saving_in_the_worst_order_leave_a_store_read_correctly(
    bucket: S3Server, tmp_path: Path
) -> None:
    """A plans against the latest set and uploads its shards; B then saves all of its own,
    pointer included; A's pointer lands last, naming a set planned before B's existed."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    sides = []
    for name in ("a", "b"):
        at = _clone(_merged(repo, tmp_path / f"repo-{name}", *EDITS[name]), tmp_path / name)
        config = load_config(at)
        build(config, BuildOptions(jobs=1))  # its .brief/, without the shared cache
        held: Held = {}
        load_articles_cache(config, cache_key(config), held)
        sides.append((config, held, _jobs(config)))
    (ca, ha, jobs_a), (cb, hb, jobs_b) = sides
    key = cache_key(ca)
    assert cache_key(cb) == key
    a, b = connect(LOCATION, key), connect(LOCATION, key)
    plan_a = plan_articles(a, ca, ha)
    assert plan_a.shards and plan_a.pointer is not None
    apply_articles(a, dataclasses.replace(plan_a, pointer=None))
    save(b, cb, hb, jobs_b)
    apply_articles(a, dataclasses.replace(plan_a, shards=()))
    save(a, ca, ha, jobs_a)  # its photos; its articles' set is the bucket's now
    assert a.failure is None and b.failure is None and not a.damaged and not b.damaged
    assert b.saved > 0 and a.saved == len(plan_a.shards) + 1 + 1  # and a.jpg's files

    for name, edits in EDITS.items():
        source = _merged(repo, tmp_path / f"source-{name}", *edits)
        runner = _clone(source, tmp_path / "reader")
        report = _build(runner)
        assert report.warnings == (), name
        assert tree(runner / "public") == _clean(source, tmp_path / f"clean-{name}"), name
        if name == "a":  # A's set is the latest: nothing of A's to parse, nor to process
            assert (report.parsed, report.images.images) == (0, 0)
        else:  # B's photo was saved, though its articles' set was not the last
            assert report.images.images == 0


def _jobs(config: SiteConfig) -> list[ImageJob]:
    """The photos of the site, each as the job that makes its files."""
    site = gather(config)
    return [f.job for f in site.files if f.job is not None]


def test_two_builds_at_once_then_a_fresh_one(bucket: S3Server, tmp_path: Path) -> None:
    """Two `brief build` processes of different edits save to one prefix at the same time
    (each through a proxy that slows every request, so that their saves overlap)."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    proxies = [S3Proxy(bucket.port), S3Proxy(bucket.port)]
    try:
        procs = []
        for proxy, name in zip(proxies, ("a", "b"), strict=True):
            proxy.delay = 0.15
            source = _merged(repo, tmp_path / f"repo-{name}", *EDITS[name])
            runner = _clone(source, tmp_path / f"runner-{name}")
            env = {**os.environ, "PYTHONPATH": str(REPO), "AWS_ENDPOINT_URL": proxy.endpoint}
            cmd = [sys.executable, "-m", "brief", "build", "--source", str(runner)]
            procs.append(
                subprocess.Popen(
                    cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            )
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            assert (proc.returncode, err) == (0, ""), out
            _no_secret(out, err)
        pointers = [p for proxy in proxies for p in proxy.puts() if p.endswith("/latest")]
        assert len(pointers) == 2  # both saved a set
    finally:
        for proxy in proxies:
            proxy.close()
    for name, edits in EDITS.items():
        source = _merged(repo, tmp_path / f"source-{name}", *edits)
        runner = _clone(source, tmp_path / "reader")
        report = _build(runner)
        assert report.warnings == (), name
        assert report.images.images == 0, name  # every photo of either edit was saved
        assert tree(runner / "public") == _clean(source, tmp_path / f"clean-{name}"), name


# --- (c) damaged objects ------------------------------------------------------------------------

DAMAGE = {
    "cut short": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"<html>Service Unavailable</html>\n",
    "empty": lambda data: b"",
}


def _key_of(stored: dict[str, bytes], what: str) -> str:
    if what == "pointer":
        return next(k for k in stored if k.endswith("/latest"))
    if what == "shard":
        return sorted(k for k in stored if "/articles/" in k)[0]
    return sorted(k for k in stored if "/photos/" in k)[0]


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize("what", ["pointer", "shard", "photo"])
def test_a_damaged_object_is_one_warning_and_a_correct_site(
    bucket: S3Server, tmp_path: Path, what: str, how: str
) -> None:
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    stored = _objects(bucket)
    key = _key_of(stored, what)
    bucket.client().put_object(Bucket=BUCKET, Key=key, Body=DAMAGE[how](stored[key]))

    runner = _clone(repo, tmp_path / "runner")
    run = _cli(runner)
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr
    assert run.stderr.splitlines() == [
        f"{URL}: warning: shared build cache: 1 object in it could not be read as brief's "
        f"(missing, cut short, or not written by brief), such as {key}; built without it"
    ]
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")
    _no_secret(run.stdout, run.stderr)

    # the build saved good copies: the next runner finds everything, and warns no more
    again = _build(_clone(repo, tmp_path / "runner"))
    assert again.warnings == () and (again.parsed, again.images.images) == (0, 0)


def test_a_shard_deleted_while_the_pointer_names_it_is_one_warning(
    bucket: S3Server, tmp_path: Path
) -> None:
    """What a lifecycle rule that expires objects by age may do: the build parses that
    shard's articles, warns once, and saves the shard again."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    key = _key_of(_objects(bucket), "shard")
    bucket.client().delete_object(Bucket=BUCKET, Key=key)
    report = _build(_clone(repo, tmp_path / "runner"))
    assert [w.message for w in report.warnings] == [
        "shared build cache: 1 object in it could not be read as brief's (missing, cut short, "
        f"or not written by brief), such as {key}; built without it"
    ]
    assert 0 < report.parsed < 6 and report.images.images == 0
    stored = _objects(bucket)
    named = json.loads(stored[_key_of(stored, "pointer")])["shards"].values()
    assert all(any(k.endswith(f"/articles/{blob}") for k in stored) for blob, _ in named)
    again = _build(_clone(repo, tmp_path / "runner"))
    assert again.warnings == () and again.parsed == 0


def test_a_shard_that_is_not_briefs_is_refused_by_the_caches_own_check(
    bucket: S3Server, tmp_path: Path
) -> None:
    """Bytes that match the digest they are stored under and a pointer naming them, but
    that are not brief's articles (a pickle of something else): refused, never unpickled
    into the build."""
    import pickle

    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    stored = _objects(bucket)
    pointer_key = _key_of(stored, "pointer")
    evil = pickle.dumps((os.system, ("touch pwned",)))
    blob = digest(evil)
    text = stored[pointer_key].decode()
    first = sorted(k for k in stored if "/articles/" in k)[0].rsplit("/", 1)[1]
    client = bucket.client()
    client.put_object(
        Bucket=BUCKET, Key=f"{pointer_key[: -len('latest')]}articles/{blob}", Body=evil
    )
    client.put_object(Bucket=BUCKET, Key=pointer_key, Body=text.replace(first, blob).encode())

    runner = _clone(repo, tmp_path / "runner")
    report = _build(runner)
    assert [w.message.split(",")[0] for w in report.warnings] == [
        "shared build cache: 1 object in it could not be read as brief's (missing"
    ]
    assert not (runner / "pwned").exists() and not Path("pwned").exists()
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")


def test_a_bundle_is_checked_whole() -> None:
    files = [("a.jpg", b"x" * 100), ("a.1.webp", b"y" * 50)]
    data = bundle(files)
    assert unbundle(data) == dict(files)
    assert unbundle(data[:-1]) is None
    assert unbundle(data + b"z") is None
    assert unbundle(data.replace(b"y" * 50, b"y" * 49 + b"z")) is None
    assert unbundle(b'brief photo files 1\n[["a", -1, ""]]\n') is None
    assert unbundle(b"") is None


# --- (d) the bucket cannot be used ------------------------------------------------------------


def _fails(
    run: subprocess.CompletedProcess[str], runner: Path, repo: Path, tmp_path: Path, why: str
) -> None:
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        f"{URL}: warning: shared build cache: {why}; built with the local cache only"
    ]
    assert "built " in run.stdout and "Traceback" not in run.stdout + run.stderr
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")
    _no_secret(run.stdout, run.stderr)


def test_an_endpoint_that_is_down_is_one_warning_and_a_built_site(
    bucket: S3Server, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    bucket.stop()
    runner = _clone(repo, tmp_path / "runner")
    run = _cli(runner)
    why = f"cannot reach {bucket.endpoint} (the connection failed or dropped)"
    _fails(run, runner, repo, tmp_path, why)
    assert "processed 4 images" in run.stdout  # built locally, from scratch


def test_an_endpoint_that_never_answers_is_given_up_on(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connections are taken but nothing comes back: the read timeout ends each try."""
    repo = _repo(tmp_path / "repo")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    taken: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                taken.append(silent.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    try:
        runner = _clone(repo, tmp_path / "runner")
        run = _cli(runner)
    finally:
        silent.close()
        for conn in taken:
            conn.close()
    _fails(
        run, runner, repo, tmp_path, f"cannot reach {endpoint} (the connection failed or dropped)"
    )


def test_an_endpoint_url_with_a_password_is_shown_without_it(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path / "repo")
    port = free_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://cache-user:pa55-in-the-url@127.0.0.1:{port}")
    runner = _clone(repo, tmp_path / "runner")
    run = _cli(runner)
    why = f"cannot reach http://***@127.0.0.1:{port} (the connection failed or dropped)"
    _fails(run, runner, repo, tmp_path, why)
    assert "pa55-in-the-url" not in run.stdout + run.stderr


def test_a_missing_bucket_is_one_warning(bucket: S3Server, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    runner = _clone(repo, tmp_path / "runner")
    run = _cli(runner, "--cache-url", "s3://no-such-bucket/ci")
    assert run.returncode == 0
    assert run.stderr.splitlines() == [
        "s3://no-such-bucket/ci: warning: shared build cache: bucket 'no-such-bucket' does not "
        "exist; create it, or fix cache: in site.yaml; built with the local cache only"
    ]
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")


def test_no_credentials_is_one_warning(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_SESSION_TOKEN")
    repo = _repo(tmp_path / "repo")
    runner = _clone(repo, tmp_path / "runner")
    run = _cli(runner)
    why = "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
    _fails(run, runner, repo, tmp_path, why)


def test_connections_dropped_midway_are_one_warning(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bucket answers the first requests, then every connection drops (a network cut
    during the restore): what was restored is used, the rest is built, one warning."""
    repo = _repo(tmp_path / "repo")
    _build(_clone(repo, tmp_path / "runner"))
    with S3Proxy(bucket.port) as proxy:
        proxy.fail_after(3)
        runner = _clone(repo, tmp_path / "runner")
        config = load_config(runner)
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.endpoint)
        report = build(config, BuildOptions(remote=config.cache, jobs=2))
    assert [w.message for w in report.warnings] == [
        f"shared build cache: cannot reach {proxy.endpoint} (the connection failed or dropped); "
        "built with the local cache only"
    ]
    assert tree(runner / "public") == _clean(repo, tmp_path / "clean")


# --- the flag and the summary ---------------------------------------------------------------------


def test_the_flag_wins_over_site_yaml_and_none_turns_it_off(
    bucket: S3Server, tmp_path: Path
) -> None:
    make_bucket(bucket, "other-cache")
    repo = _repo(tmp_path / "repo")
    run = _cli(_clone(repo, tmp_path / "runner"), "--cache-url", "s3://other-cache/x/")
    assert (run.returncode, run.stderr) == (0, "")
    assert all(k.startswith("x/brief-") for k in _objects_of(bucket, "other-cache"))
    assert _objects(bucket) == {}
    off = _cli(_clone(repo, tmp_path / "runner"), "--cache-url", "none")
    assert off.returncode == 0 and "shared cache" not in off.stdout


def _objects_of(server: S3Server, name: str) -> list[str]:
    answer = server.client().list_objects_v2(Bucket=name)
    return [o["Key"] for o in answer.get("Contents", [])]


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        (
            "https://x.example/",
            "'--cache-url' must be an s3:// URL such as s3://my-bucket/brief-cache, got 'https://x.example/'",
        ),
        ("s3://", "'--cache-url' needs a bucket name after s3://, e.g. s3://my-bucket/brief-cache"),
        (
            f"s3://AKIA:{SECRET}@bucket/x",
            "'--cache-url' must not carry a key or secret (the part before '@'); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment instead",
        ),
    ],
)
def test_a_bad_flag_is_a_usage_error(tmp_path: Path, flag: str, message: str) -> None:
    repo = _repo(tmp_path / "repo")
    run = _cli(repo, "--cache-url", flag)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"brief: error: {message}\n"
    assert not (repo / "public").exists()


def _long_ago(root: Path) -> None:
    """Every input's mtime moved past the racy window, so the next build trusts stats."""
    for path in root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts:
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))


def test_a_no_change_build_asks_nothing_of_the_bucket(
    bucket: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path / "repo")
    runner = _clone(repo, tmp_path / "runner")
    _build(runner)
    with S3Proxy(bucket.port) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.endpoint)
        _long_ago(runner)
        changed = _build(runner)  # the stats changed: a build, which asks the bucket
        assert proxy.requests != [] and changed.shared is not None
        proxy.reset_counts()
        report = _build(runner)
    assert report.written == () and report.shared is None
    assert proxy.requests == []


def test_a_warning_is_not_repeated_by_a_no_change_build(bucket: S3Server, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    runner = _clone(repo, tmp_path / "runner")
    bucket.stop()
    first = _build(runner)
    assert len(first.warnings) == 1
    _long_ago(runner)
    assert len(_build(runner).warnings) == 1  # a build that asked the bucket again
    again = _build(runner)
    assert again.written == () and again.warnings == ()
