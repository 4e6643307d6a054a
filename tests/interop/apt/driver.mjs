#!/usr/bin/env node
// apt/driver.mjs: run activitypub-testing@0.16.1's actor test suite against one actor URL,
// fully offline, and print one JSON report on stdout.
//
//   node apt/driver.mjs <actor-url> [options]
//
// Options
//   --allow-origin=URL     another origin the tests may contact (repeatable). By default only
//                          the actor's own origin is reachable; anything else is refused
//                          locally (reported under "blocked") so the run never needs internet.
//   --no-c2s               do not run the client-to-server outbox POST tests (reported as
//                          "untested"). By default they run: they POST notes to the outbox.
//   --only=slug,slug       run only these test slugs (others reported as "untested").
//   --authorization=VALUE  Authorization header value the library hands to the outbox POST tests.
//   --accept=o1,o2         outcomes that count as OK for the exit code (default passed,inapplicable).
//   --must-pass=slug,...   tests that must be exactly "passed" (guards against a vacuous run in
//                          which a broken actor makes everything "inapplicable"). Default:
//                          actor-must-serve-as2-object-to-get,
//                          actor-objects-must-have-inbox-outbox-properties,
//                          outbox-must-be-an-orderedcollection. Pass --must-pass= to disable.
//   --timeout-ms=N         per-test limit (default 20000); each HTTP request is limited to N/2.
//   --pretty               indent the JSON.
//
// Exit status: 0 all OK, 1 some test not OK, 2 harness error (actor unreachable, ...).
//
// How it works: it uses the library's own ActorUrlTestRun (what `activitypub-testing test
// actor URL` uses, so test selection and inputs are identical), but (a) replaces
// globalThis.fetch with a guard that only lets requests reach allowed origins and records
// every request per test, (b) wraps each test's run() so an exception or a hang becomes an
// "error" result instead of aborting the whole run (the library's iterator rejects on the
// first throw), and (c) never touches jsonld (the CLI's `-o json` / `-o vc` output compacts
// with jsonld, which fetches https://www.w3.org/ns/activitystreams and
// https://socialweb.coop/ns/testing/context.json from the internet).

import { AsyncLocalStorage } from 'node:async_hooks'
import { parseArgs } from 'node:util'

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'allow-origin': { type: 'string', multiple: true, default: [] },
    'no-c2s': { type: 'boolean', default: false },
    only: { type: 'string' },
    authorization: { type: 'string' },
    accept: { type: 'string', default: 'passed,inapplicable' },
    'must-pass': {
      type: 'string',
      default: 'actor-must-serve-as2-object-to-get,actor-objects-must-have-inbox-outbox-properties,outbox-must-be-an-orderedcollection',
    },
    'timeout-ms': { type: 'string', default: '20000' },
    pretty: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

const usage = 'usage: node apt/driver.mjs <actor-url> [--no-c2s] [--only=slugs] [--allow-origin=URL]... ' +
  '[--authorization=V] [--accept=passed,inapplicable] [--must-pass=slugs] [--timeout-ms=N] [--pretty]'
if (opts.help || positionals.length !== 1) {
  console.error(usage)
  process.exit(opts.help ? 0 : 2)
}

const list = (s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)
let actorUrl
try {
  actorUrl = new URL(positionals[0])
} catch {
  console.error(`not a URL: ${positionals[0]}`)
  process.exit(2)
}
const timeoutMs = Number(opts['timeout-ms']) || 20000
const acceptOutcomes = new Set(list(opts.accept))
const mustPass = list(opts['must-pass'])
const only = opts.only ? new Set(list(opts.only)) : null
const allowedOrigins = new Set([actorUrl.origin, ...opts['allow-origin'].map((u) => new URL(u).origin)])

// ---------------------------------------------------------------- offline fetch guard
const realFetch = globalThis.fetch
const als = new AsyncLocalStorage()
const requestsByTest = new Map() // slug -> [{method,url,status|error}]
const blocked = []
const harnessRequests = []

function record(entry) {
  const slug = als.getStore()
  if (!slug) { harnessRequests.push(entry); return }
  if (!requestsByTest.has(slug)) requestsByTest.set(slug, [])
  requestsByTest.get(slug).push(entry)
}

globalThis.fetch = async function guardedFetch(input, init = {}) {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
  if (!allowedOrigins.has(url.origin)) {
    blocked.push({ test: als.getStore() ?? null, method, url: url.href })
    record({ method, url: url.href, blocked: true })
    // Same shape as undici's network errors, so the tests report "failed ... via fetch".
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error(`offline guard refused ${url.href}`), { code: 'E_OFFLINE_BLOCKED' }),
    })
  }
  const signal = init?.signal ?? AbortSignal.timeout(Math.max(1000, timeoutMs / 2))
  try {
    const res = await realFetch(input, { ...init, signal })
    record({ method, url: url.href, status: res.status, contentType: res.headers.get('content-type') })
    return res
  } catch (error) {
    record({ method, url: url.href, error: String(error?.cause?.code ?? error?.name ?? error) })
    throw error
  }
}

// Import after the guard is installed (module top-level code only reads local .md files).
const { ActorUrlTestRun } = await import('activitypub-testing/test-actor')
const { activityPubTestCases } = await import('activitypub-testing/test-cases')

// ---------------------------------------------------------------- wrap each test case
const isC2s = (tc) => Object.values(tc.input ?? {}).some((d) =>
  [d?.rangeIncludes ?? []].flat().includes('https://www.w3.org/ns/activitystreams#outbox'))

const catalog = []
for (const tc of activityPubTestCases) {
  const original = tc.run
  const c2s = isC2s(tc)
  catalog.push({ slug: tc.slug, name: tc.name, uuid: tc.uuid, c2s })
  let skipReason = null
  if (only && !only.has(tc.slug)) skipReason = 'not selected (--only)'
  else if (c2s && opts['no-c2s']) skipReason = 'client-to-server outbox POST test skipped (--no-c2s)'
  tc.run = (inputs, env) => als.run(tc.slug, async () => {
    if (skipReason) return { outcome: 'untested', info: skipReason }
    let timer
    try {
      return await Promise.race([
        Promise.resolve().then(() => original.call(tc, inputs, env)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error(`test did not finish within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs)
        }),
      ])
    } catch (error) {
      return { outcome: 'error', info: `test threw ${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`, threw: true }
    } finally {
      clearTimeout(timer)
    }
  })
}

// ---------------------------------------------------------------- precheck the actor itself
const ACTOR_TYPES = ['Application', 'Group', 'Organization', 'Person', 'Service']
const AP_ACCEPT = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
const precheck = { url: actorUrl.href }
try {
  const res = await globalThis.fetch(actorUrl, { headers: { accept: AP_ACCEPT } })
  precheck.status = res.status
  precheck.contentType = res.headers.get('content-type')
  const body = await res.text()
  let json
  try { json = JSON.parse(body) } catch { precheck.problem = 'body is not JSON' }
  if (!(res.status >= 200 && res.status < 300)) precheck.problem = `status ${res.status}` + (json ? '' : ', body is not JSON')
  else if (json) {
    precheck.id = json.id
    precheck.type = json.type
    const types = [json.type].flat()
    if (!types.some((t) => ACTOR_TYPES.includes(t))) precheck.problem = `type ${JSON.stringify(json.type)} is not an actor type`
    else if (json.id !== actorUrl.href) precheck.problem = `id ${JSON.stringify(json.id)} differs from the URL fetched`
    else if (!/application\/(activity\+json|ld\+json)/.test(precheck.contentType ?? '')) precheck.problem = `content-type ${precheck.contentType} is not an ActivityPub media type`
  }
} catch (error) {
  precheck.problem = `fetch failed: ${error?.cause?.code ?? error?.message ?? error}`
}

// ---------------------------------------------------------------- run the suite
const stderrConsole = Object.assign(Object.create(console), { log: console.error, debug: console.error, info: console.error })
const results = []
let fatal = null
if (precheck.problem?.startsWith('fetch failed')) {
  fatal = `actor unreachable: ${precheck.problem}`
} else {
  try {
    const run = new ActorUrlTestRun(actorUrl, { console: stderrConsole, authorization: opts.authorization })
    for await (const assertion of run) {
      const r = assertion.result ?? {}
      const slug = assertion.test.slug
      const messageParts = []
      if (r.info) messageParts.push(String(r.info))
      for (const s of r.source ?? []) messageParts.push(`${s.name}: ${s.outcome}`)
      for (const q of requestsByTest.get(slug) ?? []) {
        if (q.blocked) messageParts.push(`offline guard refused ${q.method} ${q.url}`)
      }
      results.push({
        slug,
        name: assertion.test.name,
        uuid: assertion.test.id?.replace(/^urn:uuid:/, ''),
        c2s: catalog.find((c) => c.slug === slug)?.c2s ?? false,
        outcome: r.outcome,
        message: messageParts.join('; ') || (r.outcome === 'passed' ? 'passed' : ''),
        requests: requestsByTest.get(slug) ?? [],
      })
    }
  } catch (error) {
    fatal = `ActorUrlTestRun failed: ${error?.stack ?? error}`
  }
}

// tests the library did not even start (it skips tests whose inputs it cannot build)
for (const c of catalog) {
  if (!results.some((r) => r.slug === c.slug)) {
    results.push({ slug: c.slug, name: c.name, uuid: c.uuid, c2s: c.c2s, outcome: 'untested',
      message: 'not run by ActorUrlTestRun (no input could be built from the actor)', requests: [] })
  }
}
results.sort((a, b) => catalog.findIndex((c) => c.slug === a.slug) - catalog.findIndex((c) => c.slug === b.slug))

// ---------------------------------------------------------------- verdict
const problems = []
if (fatal) problems.push(fatal)
if (precheck.problem) problems.push(`actor precheck: ${precheck.problem}`)
for (const r of results) {
  if (r.outcome === 'untested') continue
  r.ok = acceptOutcomes.has(r.outcome)
  if (!r.ok) problems.push(`${r.slug}: ${r.outcome}${r.message ? ` (${r.message})` : ''}`)
}
for (const slug of mustPass) {
  const r = results.find((x) => x.slug === slug)
  if (r && r.outcome !== 'untested' && r.outcome !== 'passed') {
    r.ok = false
    const p = `${slug}: must pass for this actor but was ${r.outcome}`
    if (!problems.some((x) => x.startsWith(`${slug}:`))) problems.push(p)
  }
}
if (blocked.length) problems.push(`${blocked.length} request(s) to non-allowed origins were refused by the offline guard`)

const summary = {}
for (const r of results) summary[r.outcome] = (summary[r.outcome] ?? 0) + 1

const report = {
  tool: 'activitypub-testing@0.16.1',
  actor: actorUrl.href,
  ok: problems.length === 0,
  summary,
  problems,
  precheck,
  results,
  blocked,
  harnessRequests,
}
process.stdout.write(JSON.stringify(report, null, opts.pretty ? 2 : undefined) + '\n')
process.exitCode = fatal ? 2 : (report.ok ? 0 : 1)
