"""The deploy test servers themselves: each one does what deploy tests will rely on, so a deploy
test that fails points at deploy, not at its servers."""

from __future__ import annotations

import http.client
import os
import shlex
import subprocess
import urllib.error

import pytest

from tests.deploy.conftest import SITE_BUCKET
from tests.deploy.servers import (
    HOST,
    BucketSite,
    FolderSite,
    S3Proxy,
    S3Server,
    Sshd,
    broken_links,
    make_bucket,
    opener,
)
from tests.helpers import Site, tree


def get(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body), 404s included."""
    try:
        with opener().open(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


# --- sshd --------------------------------------------------------------------------------------


def test_rsync_copies_a_folder_over_sshd(sshd: Sshd, tmp_path):
    src = Site(tmp_path / "src")
    src.write("index.html", "<p>home</p>\n")
    src.write("posts/a b/index.html", "<p>spaces</p>\n")
    src.write("img/pixel.bin", bytes(range(256)))
    dest = tmp_path / "dest"
    dest.mkdir()
    done = subprocess.run(
        [
            "rsync",
            "-rz",
            "--checksum",
            "-e",
            sshd.ssh_command,
            f"{src.root}/",
            sshd.remote(f"{dest}/"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert tree(dest) == tree(src.root)


def test_unknown_host_key_is_refused(sshd: Sshd):
    done = subprocess.run(
        [*shlex.split(sshd.ssh_command_unknown_host), f"{sshd.user}@{sshd.host}", "true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert "Host key verification failed" in done.stderr


# --- moto --------------------------------------------------------------------------------------


def test_moto_server_stores_objects_and_restarts_empty(moto_server: S3Server):
    from botocore.exceptions import BotoCoreError

    s3 = moto_server.client(attempts=1)
    make_bucket(moto_server, "bkt")
    s3.put_object(Bucket="bkt", Key="k.txt", Body=b"hello")
    assert s3.get_object(Bucket="bkt", Key="k.txt")["Body"].read() == b"hello"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == "testing-secret-do-not-print"

    moto_server.stop()
    with pytest.raises(BotoCoreError):
        s3.list_buckets()
    moto_server.start()
    assert s3.list_buckets()["Buckets"] == []


# --- the proxy ---------------------------------------------------------------------------------


def test_proxy_forwards_and_counts(s3_proxy: S3Proxy, moto_server: S3Server):
    s3 = s3_proxy.client()
    s3.create_bucket(Bucket="bkt")
    payload = os.urandom(300_000)
    for key, body in (("a.txt", b"a"), ("posts/é x/index.html", b"<p>x</p>"), ("big.bin", payload)):
        s3.put_object(Bucket="bkt", Key=key, Body=body)
    listed = s3.list_objects_v2(Bucket="bkt")
    assert sorted(o["Key"] for o in listed["Contents"]) == [
        "a.txt",
        "big.bin",
        "posts/é x/index.html",
    ]

    assert s3_proxy.requests == [
        ("PUT", "/bkt"),
        ("PUT", "/bkt/a.txt"),
        ("PUT", "/bkt/posts/é x/index.html"),
        ("PUT", "/bkt/big.bin"),
        ("GET", "/bkt"),
    ]
    assert s3_proxy.log[-1].query == "list-type=2&encoding-type=url"
    assert s3_proxy.puts() == ["/bkt", "/bkt/a.txt", "/bkt/posts/é x/index.html", "/bkt/big.bin"]
    # the bytes moto stored are the bytes sent through the proxy
    assert moto_server.client().get_object(Bucket="bkt", Key="big.bin")["Body"].read() == payload

    s3_proxy.reset_counts()
    s3.delete_object(Bucket="bkt", Key="a.txt")
    s3.delete_objects(
        Bucket="bkt",
        Delete={"Objects": [{"Key": "big.bin"}, {"Key": "posts/é x/index.html"}]},
    )
    assert s3_proxy.deletes() == ["/bkt/a.txt", "/bkt/big.bin", "/bkt/posts/é x/index.html"]
    assert [method for method, _ in s3_proxy.requests] == ["DELETE", "POST"]
    assert "Contents" not in s3.list_objects_v2(Bucket="bkt")


def test_proxy_drops_connections_after_k_requests(s3_proxy: S3Proxy, moto_server: S3Server):
    from botocore.exceptions import BotoCoreError

    make_bucket(moto_server, "bkt")
    s3 = s3_proxy.client(attempts=1)
    s3_proxy.fail_after(1)
    s3.put_object(Bucket="bkt", Key="one", Body=b"1")
    with pytest.raises(BotoCoreError) as caught:
        s3.put_object(Bucket="bkt", Key="two", Body=b"2")
    assert "Connection" in type(caught.value).__name__
    assert s3_proxy.puts() == ["/bkt/one"]
    assert [r.path for r in s3_proxy.dropped] == ["/bkt/two"]

    s3_proxy.heal()
    s3.put_object(Bucket="bkt", Key="two", Body=b"2")
    keys = [o["Key"] for o in moto_server.client().list_objects_v2(Bucket="bkt")["Contents"]]
    assert keys == ["one", "two"]


def test_proxy_answers_502_while_moto_is_down(s3_proxy: S3Proxy, moto_server: S3Server):
    from botocore.exceptions import ClientError

    moto_server.stop()
    with pytest.raises(ClientError) as caught:
        s3_proxy.client(attempts=1).list_buckets()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 502


# --- static hosts and links --------------------------------------------------------------------

PAGES = {
    "index.html": """<!doctype html><title>Home</title>
<link rel="stylesheet" href="style.css"><script src="/brief/app.js"></script>
<a href="about/">About</a> <a href="#top">top</a> <a href="mailto:desk@example.org">mail</a>
<a href="https://example.org/elsewhere">other host</a> <img src="logo.png" alt="">
""",
    "about/index.html": """<!doctype html><title>About</title>
<a href="../">Home</a> <a href="../about/#team">team</a> <a href="missing.html">gone</a>
""",
    "style.css": "body { color: black }\n",
    "app.js": "console.log(1)\n",
    "logo.png": "png",
}


def test_folder_site_and_broken_links(tmp_path):
    folder = Site(tmp_path / "public")
    for rel, text in PAGES.items():
        folder.write(rel, text)
    (tmp_path / "secret.txt").write_text("outside")
    with FolderSite(folder.root, mount="/brief/") as site:
        assert site.url == f"http://{HOST}:{site.port}/brief/"
        status, kind, body = get(site.url)
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert body == PAGES["index.html"].encode()
        assert get(f"{site.url}about/")[2] == PAGES["about/index.html"].encode()
        assert get(f"{site.url}style.css")[:2] == (200, "text/css; charset=utf-8")
        assert get(f"{site.url}about")[0] == 404  # no trailing slash: not a pretty URL
        assert get(f"{site.endpoint}/index.html")[0] == 404  # outside the mount
        for escape in ("/brief/../secret.txt", "/brief/%2e%2e/secret.txt", "/brief//etc/passwd"):
            conn = http.client.HTTPConnection(HOST, site.port, timeout=10)
            conn.request("GET", escape)
            assert conn.getresponse().status == 404, escape
            conn.close()

        assert broken_links(site.url, [""]) == ["/brief/about/ -> /brief/about/missing.html: 404"]
        assert broken_links(site.url, ["nope/"]) == ["(start) -> /brief/nope/: 404"]


def test_bucket_site_serves_objects_under_a_prefix(moto_server: S3Server):
    make_bucket(moto_server, "www")
    s3 = moto_server.client()
    for rel, text in PAGES.items():
        kind = "text/html; charset=utf-8" if rel.endswith(".html") else "text/plain"
        s3.put_object(Bucket="www", Key=f"v1/{rel}", Body=text.encode(), ContentType=kind)
    with BucketSite(s3, "www", prefix="v1/", mount="/brief/") as site:
        assert get(site.url) == (200, "text/html; charset=utf-8", PAGES["index.html"].encode())
        assert get(f"{site.url}app.js")[:2] == (200, "text/plain")
        assert get(f"{site.url}nothing/")[0] == 404
        assert broken_links(site.url, [""]) == ["/brief/about/ -> /brief/about/missing.html: 404"]


def test_bucket_site_fixture(bucket_site: BucketSite, moto_server: S3Server):
    moto_server.client().put_object(
        Bucket=SITE_BUCKET, Key="index.html", Body=b"<p>hi</p>", ContentType="text/html"
    )
    assert get(bucket_site.url) == (200, "text/html", b"<p>hi</p>")
