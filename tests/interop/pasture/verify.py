"""verify_actor cases (pasture's ActorVerifier) and the driver's own HTTP-signature checks.

Both functions take a harness.Harness `h`: h.session is the
guarded aiohttp session, h.server is pasture's HTTP server, and h.mark() /
h.collect(mark) give the requests made in both directions plus the Tessera log
lines of one case. Statuses are taken from the driver's own HTTP trace, not from
pasture's event log wording or Tessera's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import urlparse

from offline_contexts import AS_CONTEXT_URL

CASE_DESCRIPTIONS = {
    "alice": "unsigned GET of the Tessera actor, then unsigned POST of an EchoRequest "
    "to its inbox; alice has WebFinger",
    "bob": "signed GET of the Tessera actor, then signed POST of a Like to its inbox; "
    "bob's actor document is served to unsigned GETs",
    "claire": "as bob, but claire's actor document (with her key) is only served to "
    "signed GETs: Tessera must sign its key fetch",
    "dean": "as alice, without a WebFinger account",
    "emily": "as bob, without a WebFinger account",
    "frank": "as claire, without a WebFinger account",
}


def expectation_for(actor) -> dict:
    """pasture's result table as a server that requires signed inbox POSTs gives it.

    get_actor for unsigned fetches is not judged: without authorized fetch the actor
    is served (True), with it refused (False); both are fine."""
    if actor.requires_signed_post_for_inbox:
        return {"get_actor": True, "post_inbox": True}
    return {"get_actor": None, "post_inbox": False}


def last_post_status(requests: list[dict]) -> int | None:
    posts = [r for r in requests if r["method"] == "POST"]
    return posts[-1]["status"] if posts else None


def judge(actor, result: dict, post_status: int | None) -> list[str]:
    """Problems of one actor case; none means pass."""
    expected = expectation_for(actor)
    problems = [
        f"{key} was {result.get(key)}, expected {want}"
        for key, want in expected.items()
        if want is not None and result.get(key) != want
    ]
    if actor.requires_signed_post_for_inbox:
        # Stricter than pasture, which counts a 400 answer as "posted": a correctly
        # signed Like must be acknowledged with a 2xx.
        if result.get("post_inbox") and not (post_status and 200 <= post_status < 300):
            problems.append(
                f"signed POST answered {post_status}, expected 2xx "
                "(pasture itself counts 400 as posted)"
            )
    elif result.get("get_actor") and not (post_status and 400 <= post_status < 500):
        problems.append(f"unsigned POST answered {post_status}, expected 4xx")
    return problems


async def run_verify_actor(args, dp, h) -> dict:
    from fediverse_pasture.server.verify_actor import ActorVerifier
    from fediverse_pasture.types import Message

    verifier = ActorVerifier(
        actor_list=dp.possible_actors + [dp.one_actor],
        remote_uri=args.actor_url,
        message=Message(),
        domain=h.server.domain,
        timeout=args.timeout,
    )
    verifier.scheme = "http"  # pasture's own actors are served over plain HTTP
    await verifier.determine_remote_actor_uri(h.session)
    resolve_messages = [str(m) for m in verifier.message.steps]

    cases = []
    for actor in dp.possible_actors:
        verifier.message = Message()
        mark, started, error = h.mark(), time.monotonic(), None
        try:
            result = await verifier.verify_for_actor(h.session, actor)
        except Exception as e:  # noqa: BLE001 - reported, never fatal
            result, error = {"get_actor": False, "post_inbox": False}, repr(e)
        seen = await h.collect(mark)
        post_status = last_post_status(seen["driver_requests"])
        problems = judge(actor, result, post_status)
        if actor.requires_signed_get_for_actor and result.get("post_inbox") is False:
            # Explain a failure: claire's and frank's keys are only served signed.
            path = f"/{actor.actor_name}"
            if any(
                r["path"] == path and not r["signed"]
                for r in seen["requests_from_tessera"]
            ):
                problems.append("Tessera fetched the actor document without a signature")
        if error:
            problems.append(f"exception: {error}")
        cases.append(
            {
                "name": actor.actor_name,
                "description": CASE_DESCRIPTIONS.get(actor.actor_name, ""),
                "pasture_actor": f"http://{h.server.domain}/{actor.actor_name}",
                "signs_requests": actor.requires_signed_post_for_inbox,
                "actor_document_requires_signed_get": actor.requires_signed_get_for_actor,
                "has_webfinger": actor.user_part is not None,
                "result": result,
                "expected": expectation_for(actor),
                "inbox_post_status": post_status,
                "pasture_verdict": error is None
                and all(
                    want is None or result.get(key) == want
                    for key, want in expectation_for(actor).items()
                ),
                "pass": not problems,
                "problems": problems,
                "error": error,
                "seconds": round(time.monotonic() - started, 3),
                "messages": [str(m) for m in verifier.message.steps],
                **seen,
            }
        )

    verifier.message = Message()
    mark, wf_error = h.mark(), None
    try:
        wf = await verifier.check_webfinger_result(h.session)
    except Exception as e:  # noqa: BLE001
        wf, wf_error = False, repr(e)
    cases.append(
        {
            "name": "webfinger",
            "description": "GET the actor (signed by pasture's application actor), "
            "then WebFinger acct:preferredUsername@host must return the actor id",
            "result": {"webfinger": wf},
            "expected": {"webfinger": True},
            "pass": wf is True,
            "problems": [] if wf is True else ["WebFinger result does not match the actor id"],
            "error": wf_error,
            "messages": [str(m) for m in verifier.message.steps],
            **(await h.collect(mark)),
        }
    )
    return {
        "actor_uri": args.actor_url,
        "resolved_actor_uri": verifier.remote_actor_uri,
        "resolve_messages": resolve_messages,
        "table": {c["name"]: c["result"] for c in cases},
        "cases": cases,
        "summary": summarize(cases),
    }


def summarize(cases: list[dict]) -> dict:
    return {
        "passed": sum(1 for c in cases if c["pass"]),
        "failed": sum(1 for c in cases if not c["pass"]),
    }


# --- The driver's own negative HTTP-signature cases (not part of pasture) ---------------


def sign_cavage(private_pem: str, key_id: str, fields: list[tuple[str, str]]) -> str:
    """A draft-cavage-12 Signature header (rsa-sha256), as Mastodon sends it."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    message = "\n".join(f"{name}: {value}" for name, value in fields)
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    names = " ".join(name for name, _ in fields)
    return (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{names}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )


async def signed_post_raw(
    session,
    inbox: str,
    body: bytes,
    *,
    private_pem: str,
    key_id: str,
    date: datetime | None = None,
    signed_names=("(request-target)", "host", "date", "digest", "content-type"),
    digest_body: bytes | None = None,
    target_path: str | None = None,
):
    """POSTs body with a signature that each case can break in one way."""
    url = urlparse(inbox)
    path = url.path + (f"?{url.query}" if url.query else "")
    digest = hashlib.sha256(digest_body if digest_body is not None else body).digest()
    headers = {
        "host": url.netloc,
        "date": format_datetime(date or datetime.now(timezone.utc), usegmt=True),
        "digest": "SHA-256=" + base64.b64encode(digest).decode(),
        "content-type": "application/activity+json",
        "user-agent": "tessera-interop-pasture",
    }
    fields = [
        (name, f"post {target_path or path}" if name == "(request-target)" else headers[name])
        for name in signed_names
    ]
    headers["signature"] = sign_cavage(private_pem, key_id, fields)
    async with session.post(inbox, data=body, headers=headers) as response:
        return response.status, (await response.text())[:500]


def status_matches(expect: str, status: int | None) -> bool:
    if status is None:
        return False
    if expect == "2xx":
        return 200 <= status < 300
    if expect == "4xx":
        return 400 <= status < 500
    return 200 <= status < 500  # "2xx_or_4xx"


async def run_extra_signature_checks(args, dp, h) -> dict:
    actors = {a.actor_name: a for a in dp.possible_actors}
    base = f"http://{h.server.domain}"
    bob_id, emily_id = f"{base}/bob", f"{base}/emily"
    bob_pair = actors["bob"].key_pairs[0]
    emily_pem = actors["emily"].key_pairs[0].private
    inbox, now = args.inbox, datetime.now(timezone.utc)
    # A path of Tessera's that is not the inbox the request goes to.
    alt_path = urlparse(args.actor_id).path.rstrip("/") + "/inbox"
    if alt_path == urlparse(inbox).path:
        alt_path = "/inbox"

    def like(actor_id: str, **extra) -> bytes:
        return json.dumps(
            {
                "@context": AS_CONTEXT_URL,
                "id": f"{base}/activity/extra-{secrets.token_urlsafe(8)}",
                "type": "Like",
                "actor": actor_id,
                "object": args.actor_id,
                **extra,
            }
        ).encode()

    control = like(bob_id)
    # (name, description, body, changes to the correct request, expected status)
    specs = [
        ("valid_control", "correctly signed by bob (control for the cases below)",
         control, {}, "2xx"),
        ("replay_same_request", "the control request sent again, byte for byte "
         "(same activity id): a duplicate is acknowledged, not processed again",
         control, {}, "2xx_or_4xx"),
        ("wrong_key", "keyId is bob's key, but signed with emily's private key",
         like(bob_id), {"private_pem": emily_pem}, "4xx"),
        ("body_tampered", "Digest and signature computed for another body",
         like(bob_id), {"digest_body": like(bob_id)}, "4xx"),
        ("digest_not_signed", "signature covers (request-target) host date only",
         like(bob_id), {"signed_names": ("(request-target)", "host", "date")}, "4xx"),
        ("stale_date", "Date two hours in the past",
         like(bob_id), {"date": now - timedelta(hours=2)}, "4xx"),
        ("future_date", "Date one hour in the future",
         like(bob_id), {"date": now + timedelta(hours=1)}, "4xx"),
        ("request_target_mismatch", f"signed for POST {alt_path}, sent to {inbox}",
         like(bob_id), {"target_path": alt_path}, "4xx"),
        ("impersonate_same_host", "signed with bob's key, activity claims actor emily "
         "(same host)", like(emily_id), {}, "4xx"),
        ("key_host_differs_from_actor", "signed with bob's key, actor on another host",
         like("http://other.invalid/users/x"), {}, "4xx"),
        ("unknown_actor", "actor and keyId on pasture's host, but the actor is 404",
         like(f"{base}/nobody"), {"key_id": f"{base}/nobody#main"}, "4xx"),
    ]

    results = []
    for name, description, body, changes, expect in specs:
        kw = {"private_pem": bob_pair.private, "key_id": f"{bob_id}#{bob_pair.name}"}
        kw.update(changes)
        mark, error = h.mark(), None
        try:
            status, text = await signed_post_raw(h.session, inbox, body, **kw)
        except Exception as e:  # noqa: BLE001
            status, text, error = None, None, repr(e)
        results.append(
            {
                "name": name,
                "description": description,
                "expected": expect,
                "status": status,
                "response": text,
                "error": error,
                "pass": status_matches(expect, status),
                **(await h.collect(mark)),
            }
        )
    if results and not results[0]["pass"]:
        for r in results[1:]:
            r["inconclusive"] = "the valid control request failed"
    return {"inbox": inbox, "signer": bob_id, "cases": results, "summary": summarize(results)}
