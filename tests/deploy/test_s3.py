"""`brief deploy` to S3. No cloud is reachable here: moto's standalone server stands in for S3
on a loopback port (the real protocol over real HTTP, so boto3's signing, retries and errors
all run), behind a proxy that counts requests and can drop connections mid-deploy."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.servers import BucketSite, S3Proxy, S3Server, broken_links, make_bucket
from tests.deploy.sites import deploy, edit_article, make_site
from tests.helpers import tree

BUCKET = "news"


def s3_site(tmp_path: Path, proxy: S3Proxy, extra: str = "", **kwargs: str) -> Path:
    target = f"{{type: s3, bucket: {BUCKET}, endpoint_url: '{proxy.endpoint}', region: us-east-1{extra}}}"
    return make_site(tmp_path, f"  bucket: {target}\n", **kwargs)


def objects(server: S3Server, prefix: str = "") -> dict[str, dict[str, str]]:
    client = server.client()
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        for obj in page.get("Contents", []):
            head = client.head_object(Bucket=BUCKET, Key=obj["Key"])
            found[obj["Key"]] = {
                "type": head.get("ContentType", ""),
                "cache": head.get("CacheControl", ""),
            }
    return found


def uploads(proxy: S3Proxy) -> list[str]:
    return [p.removeprefix(f"/{BUCKET}/") for p in proxy.puts() if p != f"/{BUCKET}"]


def test_first_deploy_uploads_every_file_with_its_type_and_cache_rule(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy)
    result = deploy(site)
    assert result.code == 0, result
    assert "70 to add, 0 to change, 0 to delete" in result.out
    published = objects(moto_server)
    assert set(published) == set(tree(site / "public")) - {".brief-output"}
    assert published["index.html"] == {
        "type": "text/html; charset=utf-8",
        "cache": "public, max-age=0, must-revalidate",
    }
    css = next(k for k in published if re.fullmatch(r"style\.[0-9a-f]{8}\.css", k))
    assert published[css] == {
        "type": "text/css; charset=utf-8",
        "cache": "public, max-age=31536000, immutable",
    }
    assert published["feed.xml"]["type"] == "application/atom+xml"
    assert published["media/2022/02/kremlin.png"] == {
        "type": "image/png",
        "cache": "public, max-age=3600",
    }
    # the order: assets before pages, pages before feeds and sitemaps
    sent = uploads(s3_proxy)
    assert sent.index(css) < sent.index("index.html") < sent.index("feed.xml")
    assert max(sent.index(k) for k in sent if k.endswith(".html")) < sent.index("sitemap.xml")


def test_a_second_deploy_sends_only_what_the_build_rewrote(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy)
    assert deploy(site).code == 0
    before = tree(site / "public")
    s3_proxy.reset_counts()
    same = deploy(site)
    assert same.code == 0, same
    assert "nothing to deploy" in same.out
    assert uploads(s3_proxy) == [] and s3_proxy.deletes() == []

    edit_article(site)
    s3_proxy.reset_counts()
    one = deploy(site)
    assert one.code == 0, one
    after = tree(site / "public")
    rewritten = {k for k in after if after[k] != before.get(k)} - {".brief-output"}
    assert sorted(uploads(s3_proxy)) == sorted(rewritten)
    # only the search index's files of the last index that this one no longer has
    gone = set(before) - set(after)
    assert gone and all(p.startswith("pagefind/") for p in gone)
    assert sorted(s3_proxy.deletes()) == sorted(f"/{BUCKET}/{p}" for p in gone)


def test_more_deletes_than_allowed_change_nothing(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy)
    assert deploy(site).code == 0
    published = objects(moto_server)
    (site / "content/2022/02/belarus.md").unlink()
    s3_proxy.reset_counts()
    refused = deploy(site, "--max-deletes", "2")
    assert refused.code == 1
    assert "more than --max-deletes 2" in refused.err
    assert uploads(s3_proxy) == [] and s3_proxy.deletes() == []
    assert objects(moto_server) == published
    done = deploy(site, "--yes")
    assert done.code == 0, done
    assert any(
        d.endswith("/2022/02/27/talks-begin-on-the-belarus-border/index.html")
        for d in s3_proxy.deletes()
    ), s3_proxy.deletes()
    assert set(objects(moto_server)) == set(tree(site / "public")) - {".brief-output"}


@pytest.mark.parametrize("after", [1, 3, 8, 14])
def test_a_connection_lost_mid_deploy_leaves_every_page_whole(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy, after: int
) -> None:
    """A new stylesheet, an edited article and a deleted one; the connection drops after
    `after` requests. Every page the bucket then holds loads with its stylesheet, images and
    links, and nothing was deleted."""
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy, base_url="https://example.org/brief/")
    assert deploy(site).code == 0
    css = site / "layouts/static/style.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    from tests.helpers import REPO

    css.write_text((REPO / "layouts/static/style.css").read_text() + "\n.new { color: red }\n")
    edit_article(site)
    (site / "content/2022/02/ceasefire.md").unlink()
    before = set(objects(moto_server))

    s3_proxy.fail_after(after)
    failed = deploy(site, "--yes")
    assert failed.code == 1, failed
    assert "Traceback" not in failed.err
    assert "nothing deleted): every page published before still works" in failed.err
    assert before <= set(objects(moto_server))  # nothing deleted
    with BucketSite(moto_server.client(), BUCKET, mount="/brief/") as host:
        assert broken_links(host.url, ["/brief/"]) == []

    s3_proxy.heal()
    finished = deploy(site, "--yes")
    assert finished.code == 0, finished
    assert set(objects(moto_server)) == set(tree(site / "public")) - {".brief-output"}


def test_a_missing_bucket_is_one_line(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    site = s3_site(tmp_path, s3_proxy)
    result = deploy(site)
    assert result.code == 1
    assert result.err == (
        f"brief: error: bucket '{BUCKET}' does not exist; create it, or fix bucket: in "
        "deploy.bucket\nbrief: deploy failed\n"
    )


def test_an_unreachable_endpoint_is_one_line_and_no_secret_is_printed(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy)
    # every connection dropped from the first request; the fixture's secret key must not
    # appear in anything printed
    s3_proxy.fail_after(0)
    result = deploy(site)
    assert result.code == 1
    assert "testing-secret-do-not-print" not in result.out + result.err
    assert result.err.startswith("brief: error: cannot reach http://127.0.0.1:")
    assert "Traceback" not in result.err


def test_a_prefix_and_a_staging_target(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    make_bucket(moto_server, BUCKET)
    site = s3_site(
        tmp_path,
        s3_proxy,
        ", prefix: staging/, base_url: 'https://staging.example.org/', production: false",
    )
    result = deploy(site)
    assert result.code == 0, result
    keys = set(objects(moto_server))
    assert keys and all(k.startswith("staging/") for k in keys)
    robots = moto_server.client().get_object(Bucket=BUCKET, Key="staging/robots.txt")
    assert robots["Body"].read() == b"User-agent: *\nDisallow: /\n"
    page = moto_server.client().get_object(Bucket=BUCKET, Key="staging/index.html")["Body"].read()
    assert b'<meta name="robots" content="noindex">' in page
    assert b"https://staging.example.org/" in page
    # the site's own public/ was not touched by the staging build
    assert not (site / "public").exists()
    assert (site / ".brief/deploy/bucket/index.html").is_file()


def test_ctrl_c_mid_deploy_leaves_every_page_whole(
    tmp_path: Path, moto_server: S3Server, s3_proxy: S3Proxy
) -> None:
    """Stopped by SIGINT while the changed pages go up (each request slowed so the signal
    lands midway): exit 130, a message saying so, nothing deleted, every page whole."""
    make_bucket(moto_server, BUCKET)
    site = s3_site(tmp_path, s3_proxy, base_url="https://example.org/brief/")
    assert deploy(site).code == 0
    from tests.helpers import REPO

    css = site / "layouts/static/style.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((REPO / "layouts/static/style.css").read_text() + "\n.late { color: red }\n")
    (site / "content/2022/02/ceasefire.md").unlink()
    assert (
        subprocess.run(
            [sys.executable, "-m", "brief", "build"], cwd=site, capture_output=True, timeout=120
        ).returncode
        == 0
    )
    s3_proxy.reset_counts()
    s3_proxy.delay = 0.3
    proc = subprocess.Popen(
        [sys.executable, "-m", "brief", "deploy", "--no-build", "--yes", "--workers", "1"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(uploads(s3_proxy)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(uploads(s3_proxy)) >= 4, "the deploy never got going"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, (out, err)
    assert err == (
        "brief: deploy interrupted; every page published before still works (nothing was "
        "deleted); run brief deploy again to finish\n"
    )
    assert "Traceback" not in err
    assert s3_proxy.deletes() == []
    s3_proxy.delay = 0.0
    with BucketSite(moto_server.client(), BUCKET, mount="/brief/") as host:
        assert broken_links(host.url, ["/brief/"]) == []
