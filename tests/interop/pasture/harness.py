"""The test harness verify.py and send.py run in.

PastureServer   pasture's actors (and the objects send.py delivers) over HTTP, bound to
                127.0.0.1 only; records every request Tessera makes to it.
HttpTrace       tracing for the driver's own aiohttp session: records each request and
                refuses every host but Tessera's and pasture's.
LogTail         new lines of Tessera's log file, when one is given (diagnostics only).
Harness         the three plus the session, with mark()/collect() for per-case evidence.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from dataclasses import dataclass

import offline_contexts

BIND_HOST = "127.0.0.1"


class SetupError(Exception):
    """The run could not start: exit status 2."""


class HttpTrace:
    """aiohttp tracing for the driver's session: records each request with its
    status, and refuses (raises) any host outside `allowed` (host, port) pairs,
    also when a redirect points there."""

    def __init__(self, allowed: set[tuple[str, int]]):
        self.allowed = allowed
        self.requests: list[dict] = []

    def check(self, url, entry: dict) -> None:
        if ((url.host or "").lower(), url.port) not in self.allowed:
            entry["error"] = "blocked: not Tessera or pasture"
            raise PermissionError(f"driver may not contact {url} (not Tessera or pasture)")

    def config(self):
        import aiohttp
        from yarl import URL

        async def start(session, ctx, params):
            ctx.entry = {"method": params.method, "url": str(params.url),
                         "status": None, "error": None}
            self.requests.append(ctx.entry)
            self.check(params.url, ctx.entry)

        async def redirect(session, ctx, params):
            target = params.url.join(URL(params.response.headers.get("location", "")))
            self.check(target, ctx.entry)

        async def end(session, ctx, params):
            ctx.entry["status"] = params.response.status

        async def failed(session, ctx, params):
            if hasattr(ctx, "entry"):
                ctx.entry["error"] = repr(params.exception)

        trace = aiohttp.TraceConfig()
        trace.on_request_start.append(start)
        trace.on_request_redirect.append(redirect)
        trace.on_request_end.append(end)
        trace.on_request_exception.append(failed)
        return trace


class PastureServer:
    """Serves pasture's test actors plus the objects the driver sends, on 127.0.0.1.
    Every request reaching it is recorded, so the report shows what Tessera fetched
    and whether it signed the fetch."""

    def __init__(self, actor_list, port: int):
        from quart import Quart, request
        from fediverse_pasture.server import BlueprintForActors
        from fediverse_pasture.server.image_provider_blueprint import (
            image_provider_blueprint,
        )

        self.port = port
        self.domain = f"localhost:{port}"
        self.requests: list[dict] = []
        self.inbox_received: list = []
        self.objects: dict[str, dict] = {}  # path -> document, filled by send.py
        self._stop = asyncio.Event()
        self._task = None
        app = Quart("pasture_driver")

        async def on_inbox(data):
            self.inbox_received.append(data)

        app.register_blueprint(BlueprintForActors(actor_list, on_inbox=on_inbox).blueprint)
        app.register_blueprint(image_provider_blueprint, url_prefix="/images")
        base = f"http://{self.domain}"
        ap_json = {"content-type": "application/activity+json"}

        @app.get("/object/<oid>")
        @app.get("/activity/<oid>")
        async def get_sent(oid):
            doc = self.objects.get(request.path)
            return (json.dumps(doc), 200, ap_json) if doc else ("not found", 404)

        @app.get("/assets/<name>")
        async def assets(name):
            # Real pasture serves a directory of assets; the inputs reference two
            # Notes (replies, quotes), synthesised here. Media files are 404.
            if name in ("note1.jsonap", "note2.jsonap"):
                note = {
                    "@context": offline_contexts.AS_CONTEXT_URL,
                    "id": f"{base}/assets/{name}",
                    "type": "Note",
                    "attributedTo": f"{base}/actor",
                    "to": [offline_contexts.PUBLIC],
                    "content": "One" if name == "note1.jsonap" else "Two",
                    "published": "2024-01-06T13:11:45Z",
                }
                return json.dumps(note), 200, ap_json
            if name == "sample.txt":
                return "sample text", 200, {"content-type": "text/plain"}
            return "not found", 404

        @app.before_request
        async def record_request():
            sig = request.headers.get("signature") or ""
            key_id = re.search(r'keyId="([^"]*)"', sig)
            request._pd_entry = {
                "method": request.method,
                "path": request.full_path.rstrip("?"),
                "signed": bool(sig),
                "key_id": key_id.group(1) if key_id else None,
                "user_agent": request.headers.get("user-agent"),
                "status": None,
            }
            self.requests.append(request._pd_entry)

        @app.after_request
        async def record_status(response):
            if hasattr(request, "_pd_entry"):
                request._pd_entry["status"] = response.status_code
            return response

        self.app = app

    async def start(self):
        import aiohttp
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        config = Config()
        config.bind = [f"{BIND_HOST}:{self.port}"]
        config.accesslog = None
        config.errorlog = logging.getLogger("hypercorn.error")
        self._task = asyncio.create_task(
            serve(self.app, config, shutdown_trigger=self._stop.wait)
        )
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                if self._task.done():
                    self._task.result()  # raises the bind error, if any
                try:
                    url = f"http://{BIND_HOST}:{self.port}/assets/sample.txt"
                    async with session.get(url) as r:
                        if r.status == 200:
                            self.requests.clear()
                            return
                except OSError:
                    pass
                await asyncio.sleep(0.1)
        raise SetupError(f"pasture server did not start on {BIND_HOST}:{self.port}")

    async def stop(self):
        self._stop.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, 10)
            except Exception:  # noqa: BLE001 - shutting down anyway
                pass

    def since(self, mark: int) -> list[dict]:
        return [dict(r) for r in self.requests[mark:]]


class LogTail:
    """New lines of Tessera's log file, if one was given (diagnostics only)."""

    def __init__(self, path: str | None):
        self.path = path

    def mark(self) -> int:
        try:
            return os.path.getsize(self.path) if self.path else 0
        except OSError:
            return 0

    async def since(self, mark: int, settle: float) -> list[str]:
        await asyncio.sleep(settle)  # let Tessera finish writing about this request
        try:
            with open(self.path, "rb") as fp:
                fp.seek(mark)
                data = fp.read(256 * 1024)
        except OSError:
            return []
        lines = data.decode("utf-8", "replace").splitlines()
        return [re.sub(r"\x1b\[[0-9;]*m", "", x) for x in lines if x.strip()][-40:]


@dataclass
class Harness:
    """What verify.py and send.py work with, plus per-case diagnostics."""

    session: object  # the guarded aiohttp.ClientSession
    server: PastureServer
    http: HttpTrace
    tessera_log: LogTail

    def mark(self) -> tuple[int, int, int]:
        return len(self.http.requests), len(self.server.requests), self.tessera_log.mark()

    async def collect(self, mark, settle: float = 0.15) -> dict:
        """What happened since mark: the driver's requests, Tessera's requests to
        pasture, and (only with --tessera-log) Tessera's log lines."""
        seen = {}
        if self.tessera_log.path:
            seen["tessera_log"] = await self.tessera_log.since(mark[2], settle)
        seen["driver_requests"] = [dict(r) for r in self.http.requests[mark[0]:]]
        seen["requests_from_tessera"] = self.server.since(mark[1])
        return seen
