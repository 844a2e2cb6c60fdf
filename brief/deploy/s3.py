"""Deploy to S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Backblaze B2) with boto3.

Objects are compared by MD5: a plain ETag is the MD5 of the object; a multipart one is not,
so each object brief uploads also carries its MD5 in metadata, read back (one HEAD request)
only for multipart objects. Uploads run in parallel within a phase and the phases in order
(see `plan.phases`); deletes run last, and only when every upload succeeded. Each object gets
its Content-Type and the Cache-Control of `render.hosting.cache_control`, the rules the
`_headers` file states for other hosts.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from brief.build.remote import DENIED
from brief.config import DeployTarget, SiteConfig
from brief.deploy.errors import DeployError
from brief.deploy.plan import DeployOptions, LocalFile, Plan, go_ahead, make_plan, phases
from brief.render.assets import looks_hashed
from brief.render.hosting import cache_control
from brief.render.mediatypes import content_type

Echo = Callable[[str], None]

MULTIPART_FROM = 64 * 1024 * 1024
"""Files from this size up are sent in parts (boto3's managed transfer)."""


def _client(target: DeployTarget, workers: int) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError:  # pragma: no cover - boto3 is a dependency
        raise DeployError("S3 needs boto3: pip install 'brief[s3]' (or boto3)") from None
    try:
        session = boto3.session.Session(profile_name=target.profile or None)
    except Exception as exc:  # ProfileNotFound, a broken config file
        raise DeployError(f"cannot load the AWS profile of target '{target.name}': {exc}") from None
    config = Config(
        retries={"mode": "standard", "total_max_attempts": 3},
        max_pool_connections=max(10, workers),
        connect_timeout=10,
        read_timeout=60,
    )
    return session.client(
        "s3",
        endpoint_url=target.endpoint_url or None,
        region_name=target.region or None,
        config=config,
    )


def _explain(exc: Exception, target: DeployTarget) -> DeployError:
    """One line for what botocore raised, never with a credential in it."""
    from botocore import exceptions as bx

    bucket = target.bucket
    if isinstance(exc, bx.NoCredentialsError | bx.PartialCredentialsError):
        return DeployError(
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile "
            f"(profile: in deploy.{target.name}, or AWS_PROFILE)"
        )
    if isinstance(
        exc,
        bx.EndpointConnectionError
        | bx.ConnectionClosedError
        | bx.ConnectTimeoutError
        | bx.ReadTimeoutError,
    ):
        where = target.endpoint_url or "S3"
        return DeployError(
            f"cannot reach {where} (the connection failed or dropped); check the endpoint and network, then deploy again"
        )
    if isinstance(exc, bx.ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("NoSuchBucket", "404", "NotFound"):
            return DeployError(
                f"bucket '{bucket}' does not exist; create it, or fix bucket: in deploy.{target.name}"
            )
        if code in DENIED:
            return DeployError(
                f"S3 refused the credentials for bucket '{bucket}' ({code}); check the access key, its secret and its rights on the bucket"
            )
        return DeployError(
            f"S3 said {code or 'no'} for bucket '{bucket}'; see the provider's documentation for {code}"
        )
    if isinstance(exc, bx.BotoCoreError):
        return DeployError(f"S3 client error: {exc}")
    return DeployError(f"S3 deploy failed: {type(exc).__name__}")


def _published(client: Any, target: DeployTarget) -> dict[str, str | None]:
    """Key (without the prefix) -> MD5 of every object under the prefix (None: unknown)."""
    found: dict[str, str | None] = {}
    multipart: list[str] = []
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=target.bucket, Prefix=target.prefix):
        for obj in page.get("Contents", []):
            key = obj["Key"]
            rel = key[len(target.prefix) :]
            if not rel or rel.endswith("/"):
                continue
            etag = obj.get("ETag", "").strip('"')
            if "-" in etag:
                multipart.append(rel)
                found[rel] = None
            else:
                found[rel] = etag
    for rel in multipart:
        head = client.head_object(Bucket=target.bucket, Key=target.prefix + rel)
        found[rel] = head.get("Metadata", {}).get("md5")
    return found


def deploy_s3(
    out: Path,
    local: Mapping[str, LocalFile],
    target: DeployTarget,
    config: SiteConfig,
    options: DeployOptions,
    echo: Echo,
) -> Plan:
    workers = options.workers or target.workers
    client = _client(target, workers)
    try:
        remote = _published(client, target)
    except Exception as exc:
        raise _explain(exc, target) from None
    if options.force:
        remote = dict.fromkeys(remote)
    plan = make_plan(local, remote)
    heading = f"deploy to {target.name} (s3, s3://{target.bucket}/{target.prefix})"
    if not go_ahead(plan, heading, options, echo, "the bucket already has this site"):
        return plan

    hashed = frozenset(p for p in local if looks_hashed(p))

    def upload(rel: str) -> None:
        f = local[rel]
        extra = {
            "ContentType": content_type(rel),
            "CacheControl": cache_control(rel, config, hashed),
            "Metadata": {"md5": f.md5},
        }
        key = target.prefix + rel
        if f.size >= MULTIPART_FROM:
            client.upload_file(f.file, target.bucket, key, ExtraArgs=extra)
            return
        with open(f.file, "rb") as fh:
            body = fh.read()
        md5 = base64.b64encode(bytes.fromhex(f.md5)).decode()
        client.put_object(Bucket=target.bucket, Key=key, Body=body, ContentMD5=md5, **extra)

    sent = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="upload") as pool:
        for phase in phases(plan):
            futures = [pool.submit(upload, rel) for rel in phase.paths]
            try:
                done, pending = wait(futures, return_when=FIRST_EXCEPTION)
            except KeyboardInterrupt:
                for fut in futures:
                    fut.cancel()
                raise
            failed = [fut for fut in done if fut.exception() is not None]
            if failed:
                for fut in pending:
                    fut.cancel()
                wait(pending)
                sent += sum(
                    1
                    for fut in futures
                    if fut.done() and not fut.cancelled() and fut.exception() is None
                )
                first = failed[0].exception()
                assert isinstance(first, Exception)
                reason = _explain(first, target)
                raise DeployError(
                    f"{reason}; stopped while sending {phase.name} ({sent} files sent, nothing "
                    "deleted): every page published before still works; run brief deploy again"
                )
            sent += len(futures)
    if plan.delete:
        keys = [target.prefix + rel for rel in plan.delete]
        try:
            for i in range(0, len(keys), 1000):
                batch = [{"Key": k} for k in keys[i : i + 1000]]
                answer = client.delete_objects(
                    Bucket=target.bucket, Delete={"Objects": batch, "Quiet": True}
                )
                if answer.get("Errors"):
                    code = answer["Errors"][0].get("Code", "an error")
                    raise DeployError(
                        f"S3 refused to delete {len(answer['Errors'])} old files ({code}); "
                        "the new site is published, run brief deploy again to remove them"
                    )
        except DeployError:
            raise
        except Exception as exc:
            raise _explain(exc, target) from None
    echo(f"deployed: {sent} uploaded, {len(plan.delete)} deleted")
    return plan
