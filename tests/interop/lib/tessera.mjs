// Starts a real Tessera hub (the release or debug binary, on SQLite) on 127.0.0.1 and talks
// to it through its JSON API, as a member would.

import { spawn, execFile } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";

const run = promisify(execFile);
// Captured before the Fedify peer wraps the global fetch to log its own requests, so that
// the suite's API calls do not appear in the peer's log.
const fetch = globalThis.fetch;

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or `ms` pass; returns the value or null. */
export async function eventually(check, ms = 15000, step = 200) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return null;
    await sleep(step);
  }
}

export async function startHub({ binary, workdir, member = "alice" }) {
  mkdirSync(workdir, { recursive: true });
  const port = await freePort();
  const domain = `localhost:${port}`;
  const env = {
    ...process.env,
    TESSERA_SERVER__BIND: `127.0.0.1:${port}`,
    TESSERA_SERVER__DOMAIN: domain,
    TESSERA_DATABASE__URL: `sqlite://${join(workdir, "tessera.db")}`,
    // The peers run on loopback with plain http.
    TESSERA_FEDERATION__ALLOW_PRIVATE_ADDRESSES: "true",
    TESSERA_INSTANCE__NAME: "Tessera interop hub",
    RUST_LOG: process.env.RUST_LOG ?? "info",
  };
  const opts = { env, cwd: workdir };
  await run(binary, ["migrate"], opts);
  const created = spawn(binary, ["user", "create", member, "--password-stdin"], opts);
  created.stdin.end("interop-password-1\n");
  await new Promise((resolve, reject) =>
    created.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`user create: ${code}`)))),
  );
  const { stdout } = await run(binary, ["token", "create", member], opts);
  const token = stdout.trim();
  const logFile = join(workdir, "tessera.log");
  const out = openSync(logFile, "a");
  const child = spawn(binary, ["serve"], { ...opts, stdio: ["ignore", out, out] });
  const base = `http://${domain}`;
  const ready = await eventually(async () => (await fetch(`${base}/readyz`)).ok, 30000);
  if (!ready) throw new Error(`Tessera did not become ready; see ${logFile}`);

  const api = async (method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: response.status, json };
  };

  const getAp = async (url) => {
    const response = await fetch(url, { headers: { accept: "application/activity+json" } });
    return { status: response.status, json: await response.json().catch(() => null) };
  };

  /** The hub's WebFinger answer for `acct:{handle}@{domain}` (JSON, or null). */
  const webfinger = async (handle) => {
    const resource = encodeURIComponent(`acct:${handle}@${domain}`);
    const response = await fetch(`${base}/.well-known/webfinger?resource=${resource}`);
    return { status: response.status, json: await response.json().catch(() => null) };
  };

  return {
    base,
    domain,
    member,
    memberId: `${base}/users/${member}`,
    instanceActorId: `${base}/actor`,
    logFile,
    api,
    getAp,
    webfinger,
    log: () => readFileSync(logFile, "utf8"),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.on("exit", r));
    },
  };
}
