// Starts a real Tessera hub (the release or debug binary, on SQLite) on 127.0.0.1 and talks
// to it through its JSON API, as a member (and, when asked, an admin) would. Several hubs
// can run at once: each gets its own free port (its domain is `localhost:PORT`, so origins
// differ by port), its own folder and database.

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

/** Runs `tessera user create NAME [--admin]` and `tessera token create NAME`; the token. */
async function account(binary, opts, name, admin) {
  const args = ["user", "create", name, "--password-stdin", ...(admin ? ["--admin"] : [])];
  const created = spawn(binary, args, opts);
  created.stdin.end("interop-password-1\n");
  await new Promise((resolve, reject) =>
    created.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`user create ${name}: ${code}`)))),
  );
  const { stdout } = await run(binary, ["token", "create", name], opts);
  return stdout.trim();
}

/**
 * Starts a hub. `member`: the account behind `api`; `admin`: when given, the name of an
 * administrator account behind `adminApi`; `name`: the hub's name; `resolve`: host names
 * the hub's HTTP client resolves to a local address (`{"fedify.test": "127.0.0.1:PORT"}`,
 * Tessera's `federation.resolve`; the port of the URL requested is the one used); `env`:
 * more settings (TESSERA_SECTION__KEY).
 */
export async function startHub({
  binary,
  workdir,
  member = "alice",
  admin = null,
  name = "Tessera interop hub",
  resolve = {},
  env: extra = {},
}) {
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
    TESSERA_INSTANCE__NAME: name,
    // Every browser and peer here comes from 127.0.0.1: one client for the rate limits.
    TESSERA_LIMITS__ENABLED: "false",
    RUST_LOG: process.env.RUST_LOG ?? "info",
    // A dict in figment's syntax, keys quoted (host names have dots).
    ...(Object.keys(resolve).length
      ? {
          TESSERA_FEDERATION__RESOLVE: `{${Object.entries(resolve)
            .map(([host, addr]) => `${JSON.stringify(host)}=${JSON.stringify(addr)}`)
            .join(",")}}`,
        }
      : {}),
    ...extra,
  };
  const opts = { env, cwd: workdir };
  await run(binary, ["migrate"], opts);
  const token = await account(binary, opts, member, false);
  const adminToken = admin ? await account(binary, opts, admin, true) : null;
  const logFile = join(workdir, "tessera.log");
  const out = openSync(logFile, "a");
  const child = spawn(binary, ["serve"], { ...opts, stdio: ["ignore", out, out] });
  const base = `http://${domain}`;
  const ready = await eventually(async () => (await fetch(`${base}/readyz`)).ok, 30000);
  if (!ready) throw new Error(`Tessera did not become ready; see ${logFile}`);

  const apiAs = (bearer) => async (method, path, body) => {
    if (!bearer) throw new Error("this hub was started without an admin account");
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
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
  const api = apiAs(token);
  const adminApi = apiAs(adminToken);

  /** An admin request with a body sent as typed (e.g. CSV); the answer as text, with its type. */
  const adminRaw = async (method, path, { body = undefined, type = "text/plain" } = {}) => {
    if (!adminToken) throw new Error("this hub was started without an admin account");
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body !== undefined ? { "content-type": type } : {}),
      },
      body,
    });
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
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
    token,
    instanceActorId: `${base}/actor`,
    logFile,
    api,
    adminApi,
    adminRaw,
    getAp,
    webfinger,
    log: () => readFileSync(logFile, "utf8"),
    /** Another member (`tessera user create`, password `interop-password-1`) and their API. */
    async addMember(name) {
      const bearer = await account(binary, opts, name, false);
      return { name, id: `${base}/users/${name}`, token: bearer, api: apiAs(bearer) };
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.on("exit", r));
    },
  };
}
