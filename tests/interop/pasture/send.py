"""send: every fediverse_pasture_inputs example as a signed Create{Note} to Tessera.

Judged on the HTTP answer alone (never on Tessera's log):
  accepted  2xx
  rejected  4xx: Tessera refused the input cleanly, which is allowed
  error     5xx, any other status, or no answer (transport error, timeout)
pass is "outcome is not error".
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import urlparse

from offline_contexts import AS_CONTEXT_URL

log = logging.getLogger("pasture.send")


class RecordingActor:
    """Stands in for a BovineActor in ActivitySender: posts as BovineActor.post does
    (signed), but keeps the answer and does not raise on 4xx/5xx, so pasture does not
    log a traceback per rejected input. on_post(activity) runs before each POST."""

    def __init__(self, inner, on_post):
        self.inner = inner
        self.on_post = on_post
        self.actor_id = inner.actor_id
        self.last: dict | None = None

    async def get(self, *a, **kw):
        return await self.inner.get(*a, **kw)

    async def post(self, target: str, data: dict):
        self.on_post(data)
        response = await self.inner.client.post(target, json.dumps(data))
        self.last = {
            "status": response.status,
            "body": (await response.text())[:1000],
            "content_type": response.headers.get("content-type"),
        }
        return response


def outcome_of(status: int | None) -> str:
    if status is not None and 200 <= status < 300:
        return "accepted"
    if status is not None and 400 <= status < 500:
        return "rejected"
    return "error"


def input_names(only: str | None) -> list[str]:
    import fediverse_pasture_inputs

    names = sorted(fediverse_pasture_inputs.available)
    if not only:
        return names
    wanted = set(only.split(","))
    unknown = wanted - set(names)
    if unknown:
        raise ValueError(f"unknown input(s): {', '.join(sorted(unknown))}")
    return [n for n in names if n in wanted]


def pasture_example(name: str, index: int, base: str) -> dict:
    from fediverse_pasture.send.modifier import get_inputs_value

    # The inputs name pasture's actor and assets http://pasture-one-actor/...; point
    # them at this run's server so Tessera never looks up another host.
    text = json.dumps(get_inputs_value(name, index))
    return json.loads(text.replace("http://pasture-one-actor", base))


async def run_send(args, dp, h) -> dict:
    import fediverse_pasture_inputs
    from fediverse_pasture.data_provider import bovine_actor_for_actor_data
    from fediverse_pasture.runner import ActivitySender
    from fediverse_pasture.runner.config import SendingConfig

    base = f"http://{h.server.domain}"
    sender_id = f"{base}/actor"
    names = input_names(args.only_inputs)
    bovine_actor, actor_object = bovine_actor_for_actor_data(sender_id, dp.one_actor)
    await bovine_actor.init(session=h.session)
    recorder = RecordingActor(bovine_actor, lambda a: serve_objects(h.server, a))

    results = []
    for name in names:
        data = fediverse_pasture_inputs.available[name]
        for index in range(len(data.examples)):
            example = pasture_example(name, index, base)

            def modifier(note, example=example):
                # as fediverse_pasture.send.modifier.ModifierBuilder.build
                return {**note, "content": "text", **example}

            sender = ActivitySender.for_actor(recorder, actor_object)
            sender.sending_config = SendingConfig(
                include_cc=args.include_cc, include_mention=args.mention
            )
            sender.sleep_after_getting_inbox = False
            # Deliver to --inbox (the shared inbox by default), not the actor's inbox.
            sender._inbox_cache[args.actor_id] = args.inbox
            sender.init_create_note(modifier)

            mark, started, error = h.mark(), time.monotonic(), None
            recorder.last = None
            try:
                async with asyncio.timeout(args.timeout):
                    await sender.send(args.actor_id)
            except Exception as e:  # noqa: BLE001 - a transport error is an outcome
                error = repr(e)
            answer = recorder.last or {}
            activity = sender.activity if isinstance(sender.activity, dict) else {}
            note = activity.get("object")
            note = note if isinstance(note, dict) else {}

            status = answer.get("status")
            outcome = outcome_of(status)
            results.append(
                {
                    "input": name,
                    "index": index,
                    "title": data.title,
                    "note_id": note.get("id"),
                    "note_type": note.get("type"),
                    "activity_id": activity.get("id"),
                    "status": status,
                    "outcome": outcome,
                    "pass": outcome != "error",
                    "response": answer.get("body"),
                    "error": error,
                    "seconds": round(time.monotonic() - started, 3),
                    "example": example,
                    "activity": activity if args.include_activity else None,
                    **(await h.collect(mark, settle=0.05)),
                }
            )
            log.info("send %s[%d] -> %s %s", name, index, status, outcome)

    by_status: dict[str, int] = {}
    for r in results:
        by_status[str(r["status"])] = by_status.get(str(r["status"]), 0) + 1
    count = {
        o: sum(1 for r in results if r["outcome"] == o)
        for o in ("accepted", "rejected", "error")
    }
    return {
        "sender": sender_id,
        "to_actor": args.actor_id,
        "inbox": args.inbox,
        "inputs": names,
        "results": results,
        "accepted_note_ids": [
            r["note_id"] for r in results if r["outcome"] == "accepted" and r["note_id"]
        ],
        "summary": {
            "total": len(results),
            "by_status": by_status,
            **count,
            "passed": sum(1 for r in results if r["pass"]),
            "failed": sum(1 for r in results if not r["pass"]),
        },
    }


def serve_objects(server, activity: dict) -> None:
    """Lets Tessera dereference the activity and its Note by id while it handles the
    POST, as a real server would serve them, with the activity's @context."""
    for doc in (activity, activity.get("object")):
        if isinstance(doc, dict) and isinstance(doc.get("id"), str):
            server.objects[urlparse(doc["id"]).path] = {
                "@context": activity.get("@context", AS_CONTEXT_URL),
                **{k: v for k, v in doc.items() if k != "@context"},
            }
