#!/usr/bin/env python3
"""Interop driver: runs fediverse-pasture against a Tessera hub and prints JSON.

Two parts, selected with --mode (default: all):

verify_actor (verify.py)
    pasture's actor verification (fediverse_pasture.server.verify_actor.
    ActorVerifier). Pasture serves six test actors from its own HTTP server and,
    for each, fetches the Tessera actor and posts to its inbox:
      alice, dean:    unsigned GET of the Tessera actor, unsigned POST of an
                      EchoRequest to its inbox.
      bob, emily:     GET and POST (a Like) signed by the pasture actor, whose
                      document is served without a signature.
      claire, frank:  as bob, but pasture serves the actor document (and so the
                      key) only to *signed* GETs (authorized fetch).
    dean, emily and frank are alice, bob and claire without a WebFinger account.
    A last case ("webfinger") resolves acct:preferredUsername@host and compares
    the result with the actor id.
    "expected" is what a server that requires signed inbox POSTs gives: unsigned
    POSTs rejected with a 4xx, signed ones accepted. A case's "pass" is stricter
    than pasture's own verdict ("pasture_verdict"): pasture counts a 400 answer
    to a signed POST as posted, the driver requires a 2xx.
    The driver adds its own negative HTTP-signature cases
    ("extra_signature_checks": wrong key, tampered body, stale date, ...), each
    with the status class it expects.

send (send.py)
    Every example of every fediverse_pasture_inputs input, as a Create{Note}
    signed by pasture's application actor http://localhost:PORT/actor, POSTed to
    the Tessera inbox. Each is judged on the HTTP status alone: accepted (2xx) and
    rejected (4xx) pass, error (5xx, no answer) fails.

Network: pasture's server binds 127.0.0.1 only and names its actors
http://localhost:PORT/... (Tessera refuses actor URLs whose host is an IP
literal). The driver's HTTP client refuses any host but Tessera's and pasture's,
and JSON-LD contexts are served offline (offline_contexts.py).

--tessera-log is optional: new lines of that file are attached to each case as
diagnostics; no verdict depends on them.

JSON results go to stdout (and to --out); logs go to stderr. "ok" is true when
no case of any part failed; "failed" counts the failed cases.
Exit status: 0 when every check passed, 1 when one failed, 2 on a setup error
(Tessera not answering, port taken, bad option).

Files: harness.py (pasture's server, the guarded HTTP client, per-case evidence),
verify.py, send.py, offline_contexts.py; requirements.lock pins the packages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from datetime import datetime, timezone

# Never write __pycache__ next to these files: the repository stays untouched.
sys.dont_write_bytecode = True

import offline_contexts  # noqa: E402
import send  # noqa: E402
import verify  # noqa: E402
from harness import BIND_HOST, Harness, HttpTrace, LogTail, PastureServer, SetupError  # noqa: E402

log = logging.getLogger("pasture.driver")


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Run fediverse-pasture verify_actor and send against Tessera."
    )
    p.add_argument("--tessera-base", default="http://localhost:18080",
                   help="base URL of the Tessera hub (default %(default)s)")
    p.add_argument("--actor-url", default=None,
                   help="Tessera actor to test and address (default "
                   "TESSERA_BASE/users/alice; acct: URIs are resolved by WebFinger)")
    p.add_argument("--inbox", default=None,
                   help="inbox to deliver to (default TESSERA_BASE/inbox, the shared inbox)")
    p.add_argument("--port", type=int, default=2909,
                   help="port of pasture's own server on 127.0.0.1 (default %(default)s)")
    p.add_argument("--out", default=None, help="also write the JSON results here")
    p.add_argument("--mode", choices=["all", "verify_actor", "send"], default="all")
    p.add_argument("--no-extra", action="store_true",
                   help="skip the driver's own extra signature checks")
    p.add_argument("--only-inputs", default=None,
                   help="comma separated fediverse_pasture_inputs names to send")
    p.add_argument("--include-cc", action="store_true", help="SendingConfig.include_cc")
    p.add_argument("--mention", action="store_true",
                   help="SendingConfig.include_mention: mention the target actor")
    p.add_argument("--include-activity", action="store_true",
                   help="include each full Create activity in the send results")
    p.add_argument("--timeout", type=int, default=20,
                   help="per-request timeout in seconds (default %(default)s)")
    p.add_argument("--tessera-log", default=None,
                   help="Tessera's log file; its new lines are attached to each case "
                   "(diagnostics only)")
    p.add_argument("--workdir", default=None,
                   help="scratch directory: bovine's JSON-LD cache and the default "
                   "keys file (default: a new temporary directory)")
    p.add_argument("--keys-file", default=None,
                   help="TOML file with pasture's actors and private keys, created on "
                   "first use and reused after (default WORKDIR/pasture_keys.toml); "
                   "'none' for fresh keys in memory")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)

    # Absolute paths: main() changes into the workdir.
    args.tessera_base = args.tessera_base.rstrip("/")
    args.actor_url = args.actor_url or f"{args.tessera_base}/users/alice"
    args.inbox = args.inbox or f"{args.tessera_base}/inbox"
    args.workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix="pasture_"))
    if args.keys_file is None:
        args.keys_file = os.path.join(args.workdir, "pasture_keys.toml")
    elif args.keys_file.lower() == "none":
        args.keys_file = None
    else:
        args.keys_file = os.path.abspath(args.keys_file)
    args.out = os.path.abspath(args.out) if args.out else None
    args.tessera_log = os.path.abspath(args.tessera_log) if args.tessera_log else None
    return args


def load_or_generate_actors(path: str | None):
    """pasture's DataProvider (actors and RSA keys), kept in a TOML file shaped like
    pasture's data.toml. Reuse only matters against a long-lived Tessera: it
    caches a remote actor's key and re-fetches it after a signature failure at most
    once a minute per actor. CI starts from a fresh database, so fresh keys are fine."""
    import tomllib
    import tomli_w
    from fediverse_pasture.data_provider import DataProvider
    from fediverse_pasture.data_provider.models import ActorData

    if path and os.path.exists(path):
        with open(path, "rb") as fp:
            data = tomllib.load(fp)
        return DataProvider(
            one_actor=ActorData(**data["one_actor"]),
            possible_actors=[ActorData(**x) for x in data["possible_actors"]],
        )
    dp = DataProvider.generate()
    if path:
        data = {
            "one_actor": dp.one_actor.model_dump(exclude_none=True),
            "possible_actors": [x.model_dump(exclude_none=True) for x in dp.possible_actors],
        }
        with open(path, "wb") as fp:
            tomli_w.dump(data, fp)
    return dp


def allowed_hosts(args) -> set[tuple[str, int]]:
    """Tessera (base URL, actor, inbox) and pasture's own server."""
    from yarl import URL

    allowed = {("localhost", args.port), (BIND_HOST, args.port)}
    for url in (args.tessera_base, args.actor_url, args.inbox):
        if url.startswith(("http://", "https://")):
            u = URL(url)
            allowed.add(((u.host or "").lower(), u.port))
    return allowed


async def resolve_actor_id(args, session) -> str:
    """The actor id used as the send target and Like object (acct: via WebFinger).
    Also the preflight: Tessera not answering at all is a setup error (exit 2),
    not a failed check. Any HTTP status counts as answering."""
    import aiohttp
    from bovine.clients import lookup_uri_with_webfinger

    try:
        async with session.get(args.tessera_base + "/.well-known/nodeinfo") as r:
            await r.read()
        if args.actor_url.startswith(("http://", "https://")):
            return args.actor_url
        acct = "acct:" + args.actor_url.removeprefix("acct:").lstrip("@")
        actor_id, _ = await lookup_uri_with_webfinger(session, acct, args.tessera_base)
    except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as e:
        raise SetupError(f"Tessera at {args.tessera_base} does not answer: {e!r}") from e
    if not actor_id:
        raise SetupError(f"WebFinger could not resolve {args.actor_url}")
    return actor_id


async def main_async(args) -> dict:
    import aiohttp
    from importlib.metadata import version

    try:
        send.input_names(args.only_inputs)
    except ValueError as e:
        raise SetupError(str(e)) from None
    dp = load_or_generate_actors(args.keys_file)
    server = PastureServer(dp.possible_actors + [dp.one_actor], args.port)
    http = HttpTrace(allowed_hosts(args))
    out = {
        "meta": {
            "tool": "tests/interop/pasture/driver.py",
            **{
                name: version(name)
                for name in ("fediverse-pasture", "fediverse-pasture-inputs", "bovine")
            },
            "tessera_base": args.tessera_base,
            "actor_url": args.actor_url,
            "inbox": args.inbox,
            "pasture_base": f"http://{server.domain}",
            "workdir": args.workdir,
            "keys_file": args.keys_file,
            "tessera_log": args.tessera_log,
            "started": datetime.now(timezone.utc).isoformat(),
        }
    }
    await server.start()
    try:
        async with aiohttp.ClientSession(
            trace_configs=[http.config()],
            timeout=aiohttp.ClientTimeout(total=args.timeout),
        ) as session:
            h = Harness(session, server, http, LogTail(args.tessera_log))
            args.actor_id = await resolve_actor_id(args, session)
            out["meta"]["actor_id"] = args.actor_id
            if args.mode in ("all", "verify_actor"):
                out["verify_actor"] = await verify.run_verify_actor(args, dp, h)
                if not args.no_extra:
                    out["extra_signature_checks"] = await verify.run_extra_signature_checks(
                        args, dp, h
                    )
            if args.mode in ("all", "send"):
                out["send"] = await send.run_send(args, dp, h)
    finally:
        await server.stop()

    parts = ("verify_actor", "extra_signature_checks", "send")
    failed = sum(out[p]["summary"]["failed"] for p in parts if p in out)
    out["meta"]["finished"] = datetime.now(timezone.utc).isoformat()
    out["meta"]["jsonld_contexts_served_offline"] = offline_contexts.STATS["served"]
    out["meta"]["jsonld_contexts_unknown_empty"] = offline_contexts.STATS["unknown"]
    out["meta"]["posts_received_by_pasture_inboxes"] = server.inbox_received
    out["ok"] = failed == 0
    out["failed"] = failed
    return out


def emit(result: dict, out_path: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    if out_path:
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "w", encoding="utf-8") as fp:
            fp.write(text + "\n")
    print(text, flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # bovine creates ./bovine_jsonld_cache.sqlite when imported: keep it (and
    # anything else written relative to the cwd) in the workdir.
    os.makedirs(args.workdir, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(args.workdir)
    try:
        offline_contexts.install()
        result = asyncio.run(main_async(args))
    except SetupError as e:
        log.error("setup failed: %s", e)
        emit({"ok": False, "setup_error": repr(e)}, args.out)
        return 2
    except Exception as e:  # noqa: BLE001 - a crash of the driver is a setup error too
        log.exception("driver failed")
        emit({"ok": False, "setup_error": repr(e)}, args.out)
        return 2
    finally:
        os.chdir(cwd)
    emit(result, args.out)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
