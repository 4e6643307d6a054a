// The interop scenarios: a real Tessera hub against Fedify (our peer/fedify-peer.mjs),
// fediverse-pasture and activitypub-testing, all on 127.0.0.1. Prints one PASS/FAIL line
// per scenario and writes work/report.json; exits 1 when any scenario fails.
//
//   node scenarios.mjs --tessera PATH [--python PATH] [--work DIR]
// (`./run` installs everything and calls this; see tests/interop/README.md.)

import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs, promisify } from "node:util";
import { createHash } from "node:crypto";
import { Accept, Announce, Application, Article, Create, Event, Flag, Group, Page, Place, Reject, Update } from "@fedify/vocab";
import { startPeer } from "./peer/fedify-peer.mjs";
import { eventually, freePort, startHub } from "./lib/tessera.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    tessera: { type: "string" },
    python: { type: "string", default: join(here, ".venv/bin/python") },
    work: { type: "string", default: join(here, "work") },
    only: { type: "string" },
  },
});
if (!opts.tessera) {
  console.error("usage: node scenarios.mjs --tessera PATH [--python PATH] [--work DIR]");
  process.exit(2);
}
const work = resolve(opts.work);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const runFile = promisify(execFile);

// Object types Tessera keeps as posts (src/federation/objects/note.rs, POST_TYPES).
const POST_TYPES = ["Note", "Question", "Article", "Page", "Image", "Audio", "Video"];

const results = [];
const only = opts.only ? new RegExp(opts.only) : null;

/** Runs one scenario; a thrown error (or a failed `check`) is its failure reason. */
async function scenario(name, fn) {
  if (only && !only.test(name)) return;
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, pass: true, detail: detail ?? "", ms: Date.now() - started });
  } catch (e) {
    results.push({ name, pass: false, detail: e?.message ?? String(e), ms: Date.now() - started });
  }
  const r = results.at(-1);
  console.log(`${r.pass ? "PASS" : "FAIL"}  ${r.name}${r.pass ? "" : `: ${r.detail}`}`);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function waitFor(what, probe, ms = 15000) {
  const value = await eventually(probe, ms);
  check(value, `timed out waiting for ${what}`);
  return value;
}

// A second Fedify peer, for the moderation scenarios, under a host name of its own: domain
// blocks compare host names without ports, and the hubs and the first peer are all
// `localhost` (a hub refuses to block its own name). The hub resolves this name to 127.0.0.1
// through `federation.resolve`; the peer starts with those scenarios, on a port chosen now.
const BLOCKED_HOST = "fedify.test";
const blockedPort = await freePort();
const hub = await startHub({
  binary: resolve(opts.tessera),
  workdir: join(work, "tessera"),
  admin: "root",
  resolve: { [BLOCKED_HOST]: `127.0.0.1:${blockedPort}` },
});
const peer = await startPeer({ host: "localhost" });
console.log(`Tessera ${hub.base} (member ${hub.memberId}); Fedify peer ${peer.actorId}`);

const received = (type, pred = () => true) =>
  peer.log.received.find((a) => a.type === type && pred(a));
/** Activities received after `mark` (an index into the log) only. */
const receivedSince = (mark, type, pred = () => true) =>
  peer.log.received.slice(mark).find((a) => a.type === type && pred(a));
const idOf = (value) => (typeof value === "string" ? value : value?.id);
const followersTotal = async () =>
  (await hub.getAp(`${hub.memberId}/followers`)).json?.totalItems;

let memberPost = null;
let memberFollowId = null;

// --- Fedify follows a Tessera person -------------------------------------------------------

await scenario("Fedify follows a Tessera person and receives the Accept", async () => {
  await peer.follow(hub.memberId);
  await waitFor("the Accept", () => received("Accept", (a) => a.actor === hub.memberId));
  check(peer.following.get(hub.memberId)?.state === "accepted", "follow not marked accepted");
  check((await followersTotal()) === 1, "Tessera does not list the Fedify actor as a follower");
});

await scenario("Fedify receives the person's later public post", async () => {
  const { status, json } = await hub.api("POST", "/posts", {
    content: "Hello from Tessera <b>with markup</b>\n\nSecond paragraph.",
    visibility: "public",
    language: "en",
  });
  check(status === 201, `creating the post answered ${status}: ${JSON.stringify(json)}`);
  memberPost = json;
  const create = await waitFor("the Create", () =>
    received("Create", (a) => a.object === memberPost.ap_id),
  );
  const note = create.json.object;
  check(note.type === "Note", `object type ${note.type}`);
  check(note.content.includes("&lt;b&gt;with markup&lt;/b&gt;"), "content not escaped as typed");
  check(note.attributedTo === hub.memberId, "wrong attributedTo");
  const fetched = await peer.fetchSigned(memberPost.ap_id);
  check(fetched.id === memberPost.ap_id, "the note could not be fetched at its id");
  return memberPost.ap_id;
});

await scenario("Fedify receives the person's followers-only post and its deletion", async () => {
  const { status, json } = await hub.api("POST", "/posts", {
    content: "Only for my followers",
    visibility: "followers",
  });
  check(status === 201, `creating the post answered ${status}`);
  const create = await waitFor("the Create", () =>
    received("Create", (a) => a.object === json.ap_id),
  );
  const to = [create.json.object.to].flat();
  check(to.includes(`${hub.memberId}/followers`), `addressed to ${to}`);
  const deleted = await hub.api("DELETE", `/posts/${json.id}`);
  check(deleted.status === 204, `delete answered ${deleted.status}`);
  await waitFor("the Delete", () =>
    received("Delete", (a) => a.object === json.ap_id),
  );
  const gone = await hub.getAp(json.ap_id);
  check(gone.status === 410 && gone.json?.type === "Tombstone", `deleted note answers ${gone.status}`);
});

// --- A Tessera member follows the Fedify actor ----------------------------------------------

await scenario("A Tessera member follows the Fedify actor by URL and is accepted", async () => {
  const { status, json } = await hub.api("POST", "/follows", { target: peer.actorId });
  check(status === 201, `follow answered ${status}: ${JSON.stringify(json)}`);
  memberFollowId = json.id;
  await waitFor("the Follow at Fedify", () => peer.followers.has(hub.memberId));
  await waitFor("the follow accepted", async () => {
    const list = await hub.api("GET", "/follows");
    return list.json.find((f) => f.target.id === peer.actorId)?.state === "accepted";
  });
});

const inTimeline = (apId) => async () => {
  const { json } = await hub.api("GET", "/timeline?limit=50");
  return json.find((p) => p.ap_id === apId);
};

await scenario("The Fedify actor's public Note appears for the member", async () => {
  const id = await peer.post({ content: "<p>Greetings from <em>Fedify</em></p>" });
  const post = await waitFor("the note in the timeline", inTimeline(id));
  check(post.visibility === "public", `visibility ${post.visibility}`);
  check(post.content.includes("<em>Fedify</em>"), `content ${post.content}`);
  check(post.author.id === peer.actorId, "wrong author");
});

await scenario("The Fedify actor's followers-only Note appears for the member only", async () => {
  const id = await peer.post({ content: "For followers", audience: "followers" });
  const post = await waitFor("the note in the timeline", inTimeline(id));
  check(post.visibility === "followers", `visibility ${post.visibility}`);
  // Not served to anyone else: no public page of a remote post, and it is not listed.
  const { status } = await hub.api("GET", `/posts?ap_id=${encodeURIComponent(id)}`);
  check(status === 200, `the member cannot read it (${status})`);
});

await scenario("A Fedify reply to the member's post enters Tessera as a reply", async () => {
  check(memberPost, "no member post to reply to");
  const id = await peer.post({ content: "A reply from Fedify", inReplyTo: memberPost.ap_id });
  const post = await waitFor("the reply", inTimeline(id));
  check(post.in_reply_to === memberPost.ap_id, `in_reply_to ${post.in_reply_to}`);
});

await scenario("Fedify's Like and Announce of a Tessera post are accepted", async () => {
  check(memberPost, "no member post");
  const like = await peer.like(memberPost.ap_id);
  const announce = await peer.announce(memberPost.ap_id);
  const sent = peer.log.outgoing.filter(
    (r) => r.method === "POST" && r.url.startsWith(hub.base) && r.spec === "draft-cavage",
  );
  check(sent.length > 0 && sent.at(-1).status === 202, "the Announce was not accepted");
  check(sent.every((r) => r.status < 500), "a delivery to Tessera got a 5xx");
  return `${like}, ${announce}`;
});

// --- Undo in both directions -------------------------------------------------------------------

await scenario("Undo: Fedify unfollows the Tessera person", async () => {
  await peer.unfollow(hub.memberId);
  await waitFor("the follower removed", async () => (await followersTotal()) === 0);
});

await scenario("Undo: the Tessera member unfollows the Fedify actor", async () => {
  check(memberFollowId, "no follow to undo");
  const { status } = await hub.api("DELETE", `/follows/${memberFollowId}`);
  check(status === 204, `unfollow answered ${status}`);
  await waitFor("Undo{Follow} at Fedify", () =>
    received("Undo", (a) => a.actor === hub.memberId),
  );
  check(!peer.followers.has(hub.memberId), "Fedify still lists the member as a follower");
});

// --- Projects and organisations ---------------------------------------------------------------

await scenario("Fedify follows a Tessera project (a Group) and receives its updates, edits and deletions", async () => {
  const { status, json } = await hub.api("POST", "/projects", {
    handle: "interop_garden",
    name: "Interop Garden",
    summary: "A community garden project.",
    description: "Growing **food** together.",
    country: "PT",
    themes: ["food-environment-climate"],
    sdgs: [2, 11],
    status: "active",
  });
  check(status === 201, `creating the project answered ${status}: ${JSON.stringify(json)}`);
  const projectId = json.id;
  const group = await peer.fetchSigned(projectId);
  check(group.type === "Group", `the project is a ${group.type}`);
  check(group.entryKind === "project" || group["tessera:entryKind"], "no Tessera entry kind in the actor");
  await peer.follow(projectId);
  await waitFor("the Accept from the project", () => received("Accept", (a) => a.actor === projectId));
  const update = await hub.api("POST", "/projects/interop_garden/updates", {
    title: "Harvest day",
    content: "Join us on *Saturday*.",
  });
  check(update.status === 201, `posting the update answered ${update.status}`);
  const create = await waitFor("the update's Create", () =>
    received("Create", (a) => a.object === update.json.ap_id),
  );
  const note = create.json.object;
  check(note.type === "Note", `update is a ${note.type}`);
  check(note.content.startsWith("<p><strong>Harvest day</strong></p>"), `content ${note.content}`);
  check(note.content.includes(projectId), "the update does not link the project page");
  const edited = await hub.api("PUT", `/projects/interop_garden/updates/${update.json.id}`, {
    title: "Harvest day (moved)",
    content: "Join us on *Sunday*.",
  });
  check(edited.status === 200, `editing answered ${edited.status}`);
  await waitFor("the Update of the note", () =>
    received("Update", (a) => a.object === update.json.ap_id),
  );
  const profile = await hub.api("PATCH", "/projects/interop_garden", { region: "Lisboa" });
  check(profile.status === 200, `editing the project answered ${profile.status}`);
  await waitFor("the Update of the Group", () =>
    received("Update", (a) => a.object === projectId),
  );
  const removed = await hub.api("DELETE", `/projects/interop_garden/updates/${update.json.id}`);
  check(removed.status === 204, `deleting answered ${removed.status}`);
  await waitFor("the Delete of the note", () =>
    received("Delete", (a) => a.object === update.json.ap_id),
  );
  return projectId;
});

await scenario("Fedify follows a Tessera organisation and is accepted", async () => {
  const { status, json } = await hub.api("POST", "/organisations", {
    handle: "interop_fund",
    name: "Interop Fund",
    org_type: "funder",
    expertise: ["funding"],
  });
  check(status === 201, `creating the organisation answered ${status}: ${JSON.stringify(json)}`);
  const org = await peer.fetchSigned(json.id);
  check(org.type === "Organization", `the organisation is a ${org.type}`);
  await peer.follow(json.id);
  await waitFor("the Accept from the organisation", () => received("Accept", (a) => a.actor === json.id));
  const followers = (await hub.getAp(`${json.id}/followers`)).json?.totalItems;
  check(followers === 1, `followers ${followers}`);
});

const CALL = {
  publisher: "interop_fund",
  title: "Community care pilots",
  summary: "Grants for neighbourhood care pilots.",
  description: "Pilots of **community care**.",
  programme: "esf-plus",
  kind: "grant",
  amount_min: 10000,
  amount_max: 50000,
  currency: "EUR",
  time_zone: "Europe/Brussels",
  deadlines: [{ label: "Outline", due: "2027-03-01T17:00" }],
  eligible_countries: ["EU27"],
  themes: ["health-care"],
  link: "https://fund.example/calls/care",
};

const RESOURCE = {
  kind: "toolkit",
  title: "Co-design toolkit",
  summary: "Workshop formats to design care services with their users.",
  body: "Start with a **listening session**.",
  licence: "cc-by-sa",
  language: "en",
  themes: ["health-care"],
  authors: ["Maria Silva"],
};

await scenario("Funding calls: Fedify follows a funder and receives its call, its edit and its withdrawal", async () => {
  const { status, json } = await hub.api("POST", "/calls", CALL);
  check(status === 201, `publishing the call answered ${status}: ${JSON.stringify(json)}`);
  const fund = `${hub.base}/organisations/interop_fund`;
  const create = await waitFor("the Create of the call", () => received("Create", (a) => a.object === json.id));
  check(create.actor === fund, `Create sent by ${create.actor}`);
  const page = create.json.object;
  check(page?.type === "Page" && page.objectKind === "call", `object ${JSON.stringify(page)?.slice(0, 200)}`);
  check(page.name === CALL.title, `name ${page.name}`);
  for (const part of ["Deadline 2027-03-01 17:00 Europe/Brussels (UTC+01:00)", "ESF+", "Grant", "EUR 10,000–50,000"]) {
    check(page.summary?.includes(part), `summary "${page.summary}" lacks "${part}"`);
  }
  check(page.content?.includes(CALL.link), `content lacks the link: ${page.content}`);
  check(page.url === json.id, `url ${page.url}`);
  // Fedify's own reading: a Page with its name, summary and link, attributed to the funder.
  const activity = await peer.parse(create.json);
  check(activity instanceof Create, `Fedify reads a ${activity?.constructor?.name}`);
  const parsed = await activity.getObject();
  check(parsed instanceof Page, `Fedify reads the object as ${parsed?.constructor?.name}`);
  check(parsed.name?.toString() === CALL.title, `Fedify's name ${parsed.name}`);
  check(parsed.summary?.toString().includes("Deadline"), `Fedify's summary ${parsed.summary}`);
  check(parsed.attributionId?.href === fund, `Fedify's attribution ${parsed.attributionId}`);
  const signed = await peer.fetchSigned(json.id);
  check(signed.id === json.id && signed.objectKind === "call", "Fedify's signed fetch of the call failed");

  const edited = await hub.api("PUT", `/calls/${json.key}`, { ...CALL, title: "Community care pilots, round 2" });
  check(edited.status === 200, `editing answered ${edited.status}: ${JSON.stringify(edited.json)}`);
  const update = await waitFor("the Update of the call", () =>
    received("Update", (a) => a.json.object?.id === json.id && a.json.object?.name === "Community care pilots, round 2"),
  );
  check(update.actor === fund, `Update sent by ${update.actor}`);
  const gone = await hub.api("DELETE", `/calls/${json.key}`);
  check(gone.status === 204, `withdrawing answered ${gone.status}`);
  await waitFor("the Delete of the call", () =>
    received("Delete", (a) => (a.json.object?.id ?? a.json.object) === json.id),
  );
  check((await hub.getAp(json.id)).status === 404, "the withdrawn call still answers");
  return json.id;
});

await scenario("A Fedify Note addressed to a Tessera project is accepted", async () => {
  const id = await peer.post({ content: "Can I volunteer?", audience: `${hub.base}/projects/interop_garden` });
  const sent = peer.log.outgoing.filter((r) => r.method === "POST" && r.url.startsWith(hub.base));
  check(sent.at(-1)?.status === 202, `Tessera answered ${sent.at(-1)?.status}`);
  return id;
});

// --- Events -------------------------------------------------------------------------------------

const EVENT = {
  title: "Peer-learning visit",
  description: "We visit **three** retrofits.",
  starts: "2027-07-02T10:00",
  ends: "2027-07-02T17:30",
  time_zone: "Europe/Lisbon",
  place_name: "Casa do Impacto",
  street: "Travessa de São Pedro 8",
  postal_code: "1200-432",
  locality: "Lisboa",
  country: "pt",
  online_url: "https://meet.example/visit",
  category: "WORKSHOPS_SKILL_SHARING",
  themes: ["cities-urban-development"],
  language: "en",
  join_mode: "free",
  capacity: 2,
};
let event = null; // the API's view of the event the event scenarios share
let eventFetched = null; // the Event as its id served it

// What a receiver needs of an Event: the same in the Create, an Update and a fetch.
const EVENT_FIELDS = [
  "id", "type", "attributedTo", "name", "summary", "content", "startTime", "endTime",
  "timezone", "location", "joinMode", "participantCount", "maximumAttendeeCapacity",
  "ical:status", "eventStatus", "category", "inLanguage",
];
const pick = (json) => Object.fromEntries(EVENT_FIELDS.map((k) => [k, json?.[k]]));

await scenario("Fedify follows an organiser and receives the Event", async () => {
  // The person's earlier follower may have unfollowed (Undo scenario): follow again.
  if (peer.following.get(hub.memberId)?.state !== "accepted") {
    const followId = await peer.follow(hub.memberId);
    await waitFor("the Accept of the new follow", () =>
      received("Accept", (a) => a.actor === hub.memberId && a.object === followId),
    );
  }
  await waitFor("Tessera listing the follower", async () => (await followersTotal()) === 1);
  const { status, json } = await hub.api("POST", "/events", EVENT);
  check(status === 201, `creating the event answered ${status}: ${JSON.stringify(json)}`);
  check(json.id && json.key, `no id or key in ${JSON.stringify(json)}`);
  event = json;
  const create = await waitFor("the Create{Event}", () =>
    received("Create", (a) => a.object === event.id),
  );
  check(create.actor === hub.memberId, `Create sent by ${create.actor}`);
  const ev = create.json.object;
  check(ev?.type === "Event", `object is ${JSON.stringify(ev)?.slice(0, 200)}`);
  check(ev.attributedTo === hub.memberId, `attributedTo ${ev.attributedTo}`);
  check(ev.name === EVENT.title, `name ${ev.name}`);
  check(ev.startTime === "2027-07-02T10:00:00+01:00", `startTime ${ev.startTime}`);
  check(ev.endTime === "2027-07-02T17:30:00+01:00", `endTime ${ev.endTime}`);
  check(ev.timezone === "Europe/Lisbon", `timezone ${ev.timezone}`);
  check(ev.content?.includes("<strong>three</strong>"), `content ${ev.content}`);
  const loc = ev.location;
  check(loc?.type === "Place" && loc.name === "Casa do Impacto", `location ${JSON.stringify(loc)}`);
  const addr = loc.address;
  check(
    addr?.type === "PostalAddress" &&
      addr.streetAddress === EVENT.street &&
      addr.postalCode === EVENT.postal_code &&
      addr.addressLocality === EVENT.locality &&
      addr.addressCountry?.toUpperCase() === "PT",
    `address ${JSON.stringify(addr)}`,
  );
  check(ev.joinMode === "free", `joinMode ${ev.joinMode}`);
  check(ev.participantCount === 0, `participantCount ${ev.participantCount}`);
  check(ev.maximumAttendeeCapacity === 2, `maximumAttendeeCapacity ${ev.maximumAttendeeCapacity}`);
  check(ev["ical:status"] === "CONFIRMED", `ical:status ${ev["ical:status"]}`);
  check(ev.eventStatus === "EventScheduled", `eventStatus ${ev.eventStatus}`);
  for (const part of ["2027-07-02 10:00", "17:30", "Europe/Lisbon", "Casa do Impacto", "Lisboa"]) {
    check(ev.summary?.includes(part), `summary "${ev.summary}" lacks "${part}"`);
  }
  const to = [create.json.to, ev.to].flat().filter(Boolean);
  const cc = [create.json.cc, ev.cc].flat().filter(Boolean);
  check(
    to.some((t) => t === "https://www.w3.org/ns/activitystreams#Public" || t === "as:Public" || t === "Public"),
    `not public: to ${JSON.stringify(to)}`,
  );
  check(cc.includes(`${hub.memberId}/followers`), `followers not addressed: cc ${JSON.stringify(cc)}`);
  // Fedify's own reading of it, with its vocabulary.
  const activity = await peer.parse(create.json);
  check(activity instanceof Create, `Fedify reads a ${activity?.constructor?.name}`);
  const parsed = await activity.getObject();
  check(parsed instanceof Event, `Fedify reads the object as ${parsed?.constructor?.name}`);
  check(parsed.name?.toString() === EVENT.title, `Fedify's name ${parsed.name}`);
  check(
    parsed.startTime?.epochMilliseconds === Date.parse("2027-07-02T09:00:00Z"),
    `Fedify's startTime ${parsed.startTime}`,
  );
  check(
    parsed.endTime?.epochMilliseconds === Date.parse("2027-07-02T16:30:00Z"),
    `Fedify's endTime ${parsed.endTime}`,
  );
  const place = await parsed.getLocation();
  check(place instanceof Place, `Fedify's location is ${place?.constructor?.name}`);
  check(place.name?.toString() === "Casa do Impacto", `Fedify's place name ${place.name}`);
  // The id serves the same Event.
  const fetched = await hub.getAp(event.id);
  check(fetched.status === 200, `fetching the event answered ${fetched.status}`);
  eventFetched = fetched.json;
  check(
    isDeepStrictEqual(pick(fetched.json), pick(ev)),
    `the fetched Event differs: ${JSON.stringify(pick(fetched.json))} vs ${JSON.stringify(pick(ev))}`,
  );
  const signed = await peer.fetchSigned(event.id);
  check(signed.id === event.id && signed.type === "Event", "Fedify's signed fetch of the event failed");
  return event.id;
});

await scenario("Fedify joins an event and is counted", async () => {
  check(event, "no event to join");
  const mark = peer.log.received.length;
  const joinId = await peer.join(event.id);
  const accept = await waitFor("the Accept of the Join", () =>
    receivedSince(mark, "Accept", (a) => a.object === joinId),
  );
  check(accept.actor === hub.memberId, `Accept sent by ${accept.actor}`);
  const inner = accept.json.object;
  check(
    inner?.type === "Join" && inner.id === joinId && idOf(inner.actor) === peer.actorId &&
      idOf(inner.object) === event.id,
    `the Accept does not embed the Join: ${JSON.stringify(inner)}`,
  );
  check((await peer.parse(accept.json)) instanceof Accept, "Fedify does not read the Accept");
  const read = await hub.api("GET", `/events/${event.key}`);
  check(read.status === 200, `reading the event answered ${read.status}`);
  check(read.json.participant_count === 1, `participant_count ${read.json.participant_count}`);
  check(read.json.remaining === 1, `remaining ${read.json.remaining}`);
  const people = await hub.api("GET", `/events/${event.key}/participants`);
  check(people.status === 200, `listing participants answered ${people.status}`);
  const me = people.json.find((p) => p.actor?.id === peer.actorId);
  check(me?.state === "accepted", `participants ${JSON.stringify(people.json)}`);
  const update = await waitFor("an Update{Event} with participantCount 1", () =>
    receivedSince(mark, "Update", (a) => a.object === event.id && a.json.object?.participantCount === 1),
  );
  const counted = update.json.object;
  check(counted.type === "Event", `Update of a ${counted.type}`);
  check(counted.remainingAttendeeCapacity === 1, `remainingAttendeeCapacity ${counted.remainingAttendeeCapacity}`);
  const parsedUpdate = await peer.parse(update.json);
  check(parsedUpdate instanceof Update, "Fedify does not read the Update");
  check((await parsedUpdate.getObject()) instanceof Event, "Fedify does not read the updated Event");
  // Leaving takes the place back.
  const leftMark = peer.log.received.length;
  await peer.leave(event.id);
  await waitFor("participant_count back to 0", async () =>
    (await hub.api("GET", `/events/${event.key}`)).json?.participant_count === 0,
  );
  await waitFor("an Update{Event} with participantCount 0", () =>
    receivedSince(leftMark, "Update", (a) => a.object === event.id && a.json.object?.participantCount === 0),
  );
  const after = await hub.api("GET", `/events/${event.key}/participants`);
  check(!after.json.some((p) => p.actor?.id === peer.actorId), "still listed as a participant");
  return joinId;
});

await scenario("Cancellation and deletion reach Fedify", async () => {
  check(event, "no event to cancel");
  const mark = peer.log.received.length;
  const cancelled = await hub.api("POST", `/events/${event.key}/cancel`);
  check(cancelled.status === 200, `cancelling answered ${cancelled.status}: ${JSON.stringify(cancelled.json)}`);
  check(cancelled.json.status === "cancelled", `status ${cancelled.json.status}`);
  const update = await waitFor("the Update{Event} of the cancellation", () =>
    receivedSince(mark, "Update", (a) => a.object === event.id && a.json.object?.["ical:status"] === "CANCELLED"),
  );
  const ev = update.json.object;
  check(ev.eventStatus === "EventCancelled", `eventStatus ${ev.eventStatus}`);
  check(ev.summary?.startsWith(`${ev.name} · CANCELLED ·`), `summary ${ev.summary}`);
  // A cancelled event takes nobody.
  const joinMark = peer.log.received.length;
  const joinId = await peer.join(event.id);
  const reject = await waitFor("the Reject of the Join", () =>
    receivedSince(joinMark, "Reject", (a) => a.object === joinId),
  );
  check(reject.actor === hub.memberId, `Reject sent by ${reject.actor}`);
  check(
    reject.json.object?.type === "Join" && reject.json.object.id === joinId,
    `the Reject does not embed the Join: ${JSON.stringify(reject.json.object)}`,
  );
  check((await peer.parse(reject.json)) instanceof Reject, "Fedify does not read the Reject");
  check(
    !receivedSince(joinMark, "Accept", (a) => a.object === joinId),
    "the Join was also accepted",
  );
  const read = await hub.api("GET", `/events/${event.key}`);
  check(read.json.participant_count === 0, `participant_count ${read.json.participant_count}`);
  // Deletion.
  const deleteMark = peer.log.received.length;
  const deleted = await hub.api("DELETE", `/events/${event.key}`);
  check(deleted.status === 204, `deleting answered ${deleted.status}`);
  const del = await waitFor("the Delete", () =>
    receivedSince(deleteMark, "Delete", (a) => a.object === event.id),
  );
  check(del.actor === hub.memberId, `Delete sent by ${del.actor}`);
  check(
    del.json.object?.type === "Tombstone" && del.json.object.id === event.id,
    `the Delete carries ${JSON.stringify(del.json.object)}`,
  );
  const gone = await hub.getAp(event.id);
  check([404, 410].includes(gone.status), `the deleted event's id answers ${gone.status}`);
  check((await hub.api("GET", `/events/${event.key}`)).status === 404, "the API still has the event");
  return `${joinId} rejected; ${del.id} deleted`;
});

// Mobilizon's, FEP-8a8e's, iCalendar's and schema.org's terms as full IRIs: what a reader
// that expands JSON-LD (Fedify, any RDF-minded server) must find in the Event.
const SCHEMA = ["http://schema.org#", "http://schema.org/", "https://schema.org/"];
const EVENT_TERMS = {
  timezone: ["https://joinmobilizon.org/ns#timezone"],
  joinMode: ["https://joinmobilizon.org/ns#joinMode"],
  participantCount: ["https://joinmobilizon.org/ns#participantCount"],
  maximumAttendeeCapacity: SCHEMA.map((ns) => `${ns}maximumAttendeeCapacity`),
  eventStatus: ["https://w3id.org/fep/8a8e/eventStatus"],
  "ical:status": ["http://www.w3.org/2002/12/cal/ical#status"],
};
const AS = "https://www.w3.org/ns/activitystreams#";

/** The terms of EVENT_TERMS (and the place's address) an expanded Event lacks. */
function missingTerms(node) {
  const missing = Object.entries(EVENT_TERMS)
    .filter(([, iris]) => !iris.some((iri) => iri in node))
    .map(([term]) => term);
  const place = node[`${AS}location`]?.[0];
  if (!place || !SCHEMA.some((ns) => `${ns}address` in place)) missing.push("location.address");
  return missing;
}

await scenario("An expanding JSON-LD reader finds the Event's terms, delivered and fetched", async () => {
  check(event && eventFetched, "no event");
  const delivered = peer.log.received.filter(
    (a) => ["Create", "Update"].includes(a.type) && a.object === event.id,
  );
  check(delivered.length >= 2, `only ${delivered.length} Create/Update{Event} received`);
  const problems = new Map(); // missing terms -> where
  const note = (where, lost) => {
    if (!lost.length) return;
    const key = lost.join(", ");
    problems.set(key, [...(problems.get(key) ?? []), where]);
  };
  note("the fetched Event", missingTerms((await peer.expand(eventFetched))[0] ?? {}));
  for (const a of delivered) {
    const [activity] = await peer.expand(a.json);
    note(`${a.type}{Event}`, missingTerms(activity?.[`${AS}object`]?.[0] ?? {}));
  }
  check(
    problems.size === 0,
    "undefined in the JSON-LD context, so lost on expansion: " +
      [...problems].map(([terms, where]) => `${terms} (in ${where.join(", ")})`).join("; ") +
      `; the ${delivered[0].type}'s @context: ${JSON.stringify(delivered[0].json["@context"]).slice(0, 200)}...`,
  );
  return `${delivered.length} activities and the fetched Event`;
});

// --- Communities (FEP-1b12 groups, as Lemmy has them) ------------------------------------------

const COMMUNITY = "interop_circle";
let community = null; // the API's view of the community
let communityThread = null; // the API's view of the thread the community scenarios share
const PUBLIC = ["https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"];
const ids = (value) => [value ?? []].flat().map(idOf);
const isPublic = (value) => ids(value).some((i) => PUBLIC.includes(i));

/** How many posts a thread's tree holds (the root included). */
const treeSize = (node) => 1 + (node.replies ?? []).reduce((n, r) => n + treeSize(r), 0);

/** The thread's post with ActivityPub id `apId`, anywhere in the tree, with its parent. */
function findInTree(node, apId, parent = null) {
  if (node.ap_id === apId) return { post: node, parent };
  for (const r of node.replies ?? []) {
    const found = findInTree(r, apId, node);
    if (found) return found;
  }
  return null;
}

await scenario("Fedify follows a Tessera community (a Group) and is accepted", async () => {
  const { status, json } = await hub.api("POST", "/communities", {
    handle: COMMUNITY,
    name: "Interop Circle",
    description: "Peer learning on *urban gardens*.",
    rules: "Be kind.",
    languages: ["en"],
    approval_required: false,
    posting: "followers",
  });
  check(status === 201, `creating the community answered ${status}: ${JSON.stringify(json)}`);
  community = json;
  const communityId = `${hub.base}/communities/${COMMUNITY}`;
  check(json.id === communityId, `the community's id is ${json.id}`);
  const finger = await hub.webfinger(COMMUNITY);
  const self = finger.json?.links?.find((l) => l.rel === "self");
  check(finger.status === 200 && self?.href === communityId, `WebFinger answered ${finger.status}: ${JSON.stringify(finger.json)}`);
  // What Fedify reads of the Group.
  const group = await peer.lookup(communityId);
  check(group instanceof Group, `Fedify reads the community as a ${group?.constructor?.name}`);
  check(group.inboxId?.href === `${communityId}/inbox`, `inbox ${group.inboxId?.href}`);
  check(group.followersId?.href === `${communityId}/followers`, `followers ${group.followersId?.href}`);
  check(group.featuredId?.href === `${communityId}/featured`, `featured ${group.featuredId?.href}`);
  check(group.manuallyApprovesFollowers !== true, "the community asks for approval");
  // Lemmy's terms, as served.
  const raw = await peer.fetchSigned(communityId);
  check(raw.type === "Group", `type ${raw.type}`);
  check(raw.attributedTo === `${communityId}/moderators`, `attributedTo ${JSON.stringify(raw.attributedTo)}`);
  check(raw.postingRestrictedToMods === false, `postingRestrictedToMods ${raw.postingRestrictedToMods}`);
  const languages = [raw.language ?? []].flat().map((l) => l?.identifier);
  check(languages.includes("en"), `language ${JSON.stringify(raw.language)}`);
  const moderators = await peer.fetchSigned(raw.attributedTo);
  const mods = ids(moderators.orderedItems ?? moderators.items);
  check(mods.includes(hub.memberId), `moderators ${JSON.stringify(mods)}`);
  const followId = await peer.follow(communityId);
  const accept = await waitFor("the Accept from the community", () =>
    received("Accept", (a) => a.actor === communityId && a.object === followId),
  );
  check(peer.following.get(communityId)?.state === "accepted", "follow not marked accepted");
  check((await peer.parse(accept.json)) instanceof Accept, "Fedify does not read the Accept");
  const read = await hub.api("GET", `/communities/${COMMUNITY}`);
  check(read.json?.followers === 1, `the community lists ${read.json?.followers} followers`);
  const listed = (await hub.getAp(`${communityId}/followers`)).json?.totalItems;
  check(listed === 1, `followers collection totalItems ${listed}`);
  return communityId;
});

await scenario("Fedify receives the community's announces of a new thread", async () => {
  check(community, "no community");
  const mark = peer.log.received.length;
  const { status, json } = await hub.api("POST", `/communities/${COMMUNITY}/threads`, {
    title: "Composting in flats",
    content: "Who tried **bokashi**?",
    language: "en",
  });
  check(status === 201, `creating the thread answered ${status}: ${JSON.stringify(json)}`);
  communityThread = json;
  const pageId = json.root?.ap_id;
  check(pageId, `no ap_id in ${JSON.stringify(json)}`);
  // FEP-1b12: the Create wrapped verbatim...
  const wrapped = await waitFor("the Announce of the Create{Page}", () =>
    receivedSince(mark, "Announce", (a) =>
      a.actor === community.id && a.json.object?.type === "Create" && idOf(a.json.object.object) === pageId,
    ),
  );
  check(isPublic(wrapped.json.to), `the Announce is addressed to ${JSON.stringify(wrapped.json.to)}`);
  check(ids(wrapped.json.cc).includes(`${community.id}/followers`), `the Announce's cc ${JSON.stringify(wrapped.json.cc)}`);
  const create = wrapped.json.object;
  check(idOf(create.actor) === hub.memberId, `the Create's actor is ${JSON.stringify(create.actor)}`);
  const page = create.object;
  check(page?.type === "Page", `the Create carries a ${page?.type}`);
  check(page.name === "Composting in flats", `name ${page.name}`);
  check(page.content?.includes("<strong>bokashi</strong>"), `content ${page.content}`);
  check(idOf(page.attributedTo) === hub.memberId, `attributedTo ${JSON.stringify(page.attributedTo)}`);
  check(idOf(page.audience) === community.id, `audience ${JSON.stringify(page.audience)}`);
  check(ids(page.to).includes(community.id) && isPublic(page.to), `the Page's to ${JSON.stringify(page.to)}`);
  // ...and the Page itself, which Mastodon shows as a boost.
  const boost = await waitFor("the Announce of the Page", () =>
    receivedSince(mark, "Announce", (a) => a.actor === community.id && a.object === pageId),
  );
  check(boost.json.object?.type === "Page", `the second Announce carries a ${boost.json.object?.type}`);
  check(boost.json.object.name === "Composting in flats", `name ${boost.json.object.name}`);
  check(boost.id !== wrapped.id, "both Announces have the same id");
  // Fedify reads them.
  const parsed = await peer.parse(wrapped.json);
  check(parsed instanceof Announce, "Fedify does not read the Announce");
  const parsedCreate = await parsed.getObject();
  check(parsedCreate instanceof Create, `Fedify reads the announced object as a ${parsedCreate?.constructor?.name}`);
  const parsedPage = await parsedCreate.getObject();
  check(parsedPage instanceof Page, `Fedify reads the created object as a ${parsedPage?.constructor?.name}`);
  check(String(parsedPage.name) === "Composting in flats", `Fedify reads the name as ${parsedPage.name}`);
  const fetched = await peer.fetchSigned(pageId);
  check(fetched.id === pageId && fetched.type === "Page", `the Page's id serves ${fetched.type}`);
  return pageId;
});

await scenario("A Fedify reply enters the community thread and is announced", async () => {
  check(communityThread, "no thread");
  const pageId = communityThread.root.ap_id;
  const mark = peer.log.received.length;
  const sentMark = peer.log.outgoing.length;
  const noteId = await peer.reply({
    content: "<p>We did, with <em>wheat bran</em>.</p>",
    inReplyTo: pageId,
    community: community.id,
  });
  const delivered = peer.log.outgoing
    .slice(sentMark)
    .filter((r) => r.method === "POST" && r.url === `${community.id}/inbox`);
  check(delivered.at(-1)?.status === 202, `the community inbox answered ${delivered.map((r) => r.status)}`);
  const tree = await waitFor("the reply in the thread", async () => {
    const { json } = await hub.api("GET", `/threads/${communityThread.id}`);
    return findInTree(json.root, noteId) ? json : null;
  });
  const { post, parent } = findInTree(tree.root, noteId);
  check(parent?.ap_id === pageId, `nested under ${parent?.ap_id}, not the root`);
  check(post.depth === 1, `depth ${post.depth}`);
  check(post.in_reply_to === pageId, `in_reply_to ${post.in_reply_to}`);
  check(post.content?.includes("<em>wheat bran</em>"), `content ${post.content}`);
  check(post.author?.id === peer.actorId, `author ${post.author?.id}`);
  check(post.local === false, "the reply is marked local");
  check(tree.reply_count === 1, `reply_count ${tree.reply_count}`);
  const wrapped = await waitFor("the community's Announce of the Create{Note}", () =>
    receivedSince(mark, "Announce", (a) =>
      a.actor === community.id && a.json.object?.type === "Create" && idOf(a.json.object.object) === noteId,
    ),
  );
  const create = wrapped.json.object;
  check(idOf(create.actor) === peer.actorId, `the announced Create's actor is ${JSON.stringify(create.actor)}`);
  check(create.id === `${noteId}/activity`, `the announced Create is ${create.id}, not ours`);
  check(create.object?.inReplyTo === pageId, `the announced Note answers ${JSON.stringify(create.object?.inReplyTo)}`);
  const boost = await waitFor("the community's Announce of the Note", () =>
    receivedSince(mark, "Announce", (a) => a.actor === community.id && a.object === noteId),
  );
  check(boost.json.object?.type === "Note", `the second Announce carries a ${boost.json.object?.type}`);
  return noteId;
});

await scenario("A nested Fedify reply, sent to the thread author's inbox, nests under the first", async () => {
  check(communityThread, "no thread");
  const { json: before } = await hub.api("GET", `/threads/${communityThread.id}`);
  const first = before.root.replies?.find((r) => r.author?.id === peer.actorId);
  check(first, "no Fedify reply in the thread");
  const mark = peer.log.received.length;
  const noteId = await peer.reply({
    content: "<p>And a second answer, one level down.</p>",
    inReplyTo: first.ap_id,
    community: community.id,
    inbox: `${hub.memberId}/inbox`,
  });
  const tree = await waitFor("the nested reply in the thread", async () => {
    const { json } = await hub.api("GET", `/threads/${communityThread.id}`);
    return findInTree(json.root, noteId) ? json : null;
  });
  const { post, parent } = findInTree(tree.root, noteId);
  check(parent?.ap_id === first.ap_id, `nested under ${parent?.ap_id}`);
  check(post.depth === 2 && post.in_reply_to === first.ap_id, `depth ${post.depth}, in_reply_to ${post.in_reply_to}`);
  await waitFor("the community's Announce of the nested reply", () =>
    receivedSince(mark, "Announce", (a) =>
      a.actor === community.id && a.json.object?.type === "Create" && idOf(a.json.object.object) === noteId,
    ),
  );
  return noteId;
});


// --- Direct messages and moving accounts (issue 21) ----------------------------------------

const asList = (v) => (v === undefined || v === null ? [] : [v].flat()).map(idOf);

await scenario("Activity ids: Fedify fetches what the community's Announces wrap, the member's Like of its reply included", async () => {
  check(communityThread, "no thread");
  const pageId = communityThread.root.ap_id;
  const wrapped = received("Announce", (a) =>
    a.actor === community.id && a.json.object?.type === "Create" && idOf(a.json.object.object) === pageId,
  );
  check(wrapped, "no Announce of the thread's Create");
  const inner = wrapped.json.object;
  check(inner.id.startsWith(`${hub.base}/`), `the wrapped Create's id ${inner.id} is not the hub's`);
  const fetched = await peer.fetchSigned(inner.id);
  check(fetched?.id === inner.id && fetched.type === "Create", `the id serves ${JSON.stringify(fetched)?.slice(0, 300)}`);
  check(idOf(fetched.object) === pageId && idOf(fetched.actor) === hub.memberId, "the served Create is not the one relayed");
  const anonymous = await hub.getAp(inner.id);
  check(anonymous.status === 200, `an unsigned fetch of a public activity answered ${anonymous.status}`);
  const parsedCreate = await peer.parse(fetched);
  check(parsedCreate instanceof Create, `Fedify reads the fetched activity as a ${parsedCreate?.constructor?.name}`);
  check(parsedCreate.published != null, "Fedify reads no published on the Create");
  const parsedAnnounce = await peer.parse(wrapped.json);
  check(parsedAnnounce.published != null, "Fedify reads no published on the Announce");

  // The member likes a Fedify reply: the Like reaches Fedify on its own, and inside the
  // community's Announce, whose wrapped Like Fedify fetches at its id.
  const noteId = await peer.reply({ content: "<p>Also with sawdust.</p>", inReplyTo: pageId, community: community.id });
  const stored = await waitFor("the reply in the thread", async () => {
    const { json } = await hub.api("GET", `/threads/${communityThread.id}`);
    return findInTree(json.root, noteId)?.post;
  });
  const liked = await hub.api("POST", `/threads/${stored.id}/like`);
  check(liked.status === 200, `liking answered ${liked.status}: ${JSON.stringify(liked.json)}`);
  const like = await waitFor("the member's Like at Fedify", () =>
    received("Like", (a) => a.actor === hub.memberId && a.object === noteId),
  );
  check(like.signature?.verified === true, "the Like's signature was not verified");
  const relayed = await waitFor("the community's Announce of the Like", () =>
    received("Announce", (a) => a.actor === community.id && a.json.object?.type === "Like" && idOf(a.json.object.object) === noteId),
  );
  const likeId = relayed.json.object.id;
  check(likeId === like.id, `the relayed Like ${likeId} is not the one sent (${like.id})`);
  const fetchedLike = await peer.fetchSigned(likeId);
  check(fetchedLike?.type === "Like" && idOf(fetchedLike.object) === noteId, `the Like's id serves ${JSON.stringify(fetchedLike)?.slice(0, 300)}`);
  return `${inner.id} and ${likeId}`;
});

await scenario("Lenient reading: Fedify's edit of its reply, addressed with single-string to and cc, is applied", async () => {
  check(communityThread, "no thread");
  const pageId = communityThread.root.ap_id;
  const noteId = await peer.reply({ content: "<p>First version.</p>", inReplyTo: pageId, community: community.id });
  await waitFor("the reply in the thread", async () => {
    const { json } = await hub.api("GET", `/threads/${communityThread.id}`);
    return findInTree(json.root, noteId)?.post;
  });
  const sent = await peer.edit({ noteId, content: "<p>Second version.</p>", inReplyTo: pageId, community: community.id });
  check(typeof sent.to === "string" && typeof sent.cc === "string", `Fedify sent to ${JSON.stringify(sent.to)} and cc ${JSON.stringify(sent.cc)}`);
  check(typeof sent.object?.to === "string", `the Note's to ${JSON.stringify(sent.object?.to)}`);
  const edited = await waitFor("the edit applied", async () => {
    const { json } = await hub.api("GET", `/threads/${communityThread.id}`);
    const post = findInTree(json.root, noteId)?.post;
    return post?.content?.includes("Second version") ? post : null;
  });
  return `${noteId}: ${edited.content}`;
});

await scenario("Direct messages: a member's message reaches Fedify addressed to it alone, and Fedify's answer joins the conversation", async () => {
  const sent = await hub.api("POST", "/conversations", {
    to: [peer.actorId],
    content: "A private word for Fedify only.",
  });
  check(sent.status === 201, `sending answered ${sent.status}: ${JSON.stringify(sent.json)}`);
  const apId = sent.json.status.ap_id;
  const create = await waitFor("the Create at Fedify", () => received("Create", (a) => a.object === apId));
  const note = create.json.object;
  const to = asList(note.to);
  const cc = asList(note.cc);
  check(isDeepStrictEqual(to, [peer.actorId]), `to ${JSON.stringify(to)}`);
  check(cc.length === 0, `cc ${JSON.stringify(cc)}`);
  check(isDeepStrictEqual(asList(create.json.to), [peer.actorId]), `the Create's to ${JSON.stringify(create.json.to)}`);
  const text = JSON.stringify(create.json);
  check(!text.includes("#Public") && !text.includes("as:Public") && !text.includes("/followers"), "addressed beyond its recipient");
  const mentions = [note.tag].flat().filter((t) => t?.type === "Mention");
  check(mentions.length === 1 && mentions[0].href === peer.actorId, `tags ${JSON.stringify(note.tag)}`);
  check(create.signature?.verified === true, "the delivery's signature was not verified");
  // Fedify reads it as a Note addressed to it alone.
  const parsed = await peer.parse(create.json);
  check(parsed instanceof Create, `read as ${parsed?.constructor?.name}`);
  const object = await parsed.getObject();
  check(isDeepStrictEqual(object.toIds.map((u) => u.href), [peer.actorId]), "Fedify reads other recipients");
  // The Note is served to Fedify's signed fetch (a recipient), to nobody unsigned.
  const fetched = await peer.fetchSigned(apId);
  check(fetched.id === apId, "the recipient's signed fetch did not get the Note");
  const anonymous = await hub.getAp(apId);
  check(anonymous.status === 404, `an unsigned fetch answered ${anonymous.status}`);
  // Not in the member's outbox.
  const outbox = await hub.getAp(`${hub.memberId}/outbox?page=1`);
  check(!JSON.stringify(outbox.json).includes(apId), "the message is in the outbox");

  // Fedify answers in Mastodon's direct shape; the member reads it in the same conversation.
  const answer = await peer.post({
    content: "<p>Received, thank you.</p>",
    audience: "direct",
    mention: hub.memberId,
    inReplyTo: apId,
  });
  const conversation = sent.json.conversation_id;
  const detail = await waitFor("the answer in the conversation", async () => {
    const { json } = await hub.api("GET", `/conversations/${conversation}`);
    return json?.statuses?.length === 2 ? json : null;
  });
  const last = detail.statuses[1];
  check(last.ap_id === answer, `the last message is ${last.ap_id}`);
  check(last.visibility === "direct", `visibility ${last.visibility}`);
  check(last.author.id === peer.actorId, "wrong author");
  check(isDeepStrictEqual(detail.accounts.map((a) => a.id), [peer.actorId]), `participants ${JSON.stringify(detail.accounts)}`);
  const list = await hub.api("GET", "/conversations");
  check(list.json.length === 1 && list.json[0].id === conversation, `conversations ${JSON.stringify(list.json)}`);
  return `${apId} and ${answer}`;
});

await scenario("Moving: a Move from the Fedify actor is honoured, and the member follows its new account", async () => {
  const followed = await hub.api("POST", "/follows", { target: peer.actorId });
  check(followed.status === 201, `follow answered ${followed.status}`);
  await waitFor("the follow accepted", async () => {
    const list = await hub.api("GET", "/follows");
    return list.json.find((f) => f.target.id === peer.actorId)?.state === "accepted";
  });
  const moveId = await peer.move();
  const follow = await waitFor("the member's Follow of the new account", () =>
    peer.log.received.find(
      (a) => a.type === "Follow" && a.actor === hub.memberId && a.object === peer.movedId,
    ),
  );
  check(follow.signature?.verified === true, "the Follow's signature was not verified");
  const follows = await waitFor("the new follow accepted and the old one gone", async () => {
    const { json } = await hub.api("GET", "/follows");
    const moved = json.find((f) => f.target.id === peer.movedId);
    const old = json.find((f) => f.target.id === peer.actorId);
    return moved?.state === "accepted" && !old ? json : null;
  });
  return `${moveId}; follows ${follows.map((f) => f.target.id).join(", ")}`;
});

// --- Signatures both ways -----------------------------------------------------------------------

await scenario("Every request Tessera sent was verified by Fedify", async () => {
  const fromTessera = peer.log.requests.filter((r) => !r.path.startsWith("/.well-known/"));
  check(fromTessera.length > 0, "Fedify saw no request from Tessera");
  const posts = fromTessera.filter((r) => r.method === "POST");
  const gets = fromTessera.filter((r) => r.method === "GET");
  check(posts.length > 0 && gets.length > 0, "expected both deliveries and signed fetches");
  const bad = fromTessera.filter((r) => r.verified !== true);
  check(
    bad.length === 0,
    `${bad.length} not verified: ${bad.map((r) => `${r.method} ${r.path} ${r.spec} ${r.reason ?? ""}`).join("; ")}`,
  );
  check(peer.log.unverified.length === 0, `Fedify logged ${JSON.stringify(peer.log.unverified)}`);
  check(peer.log.errors.length === 0, `Fedify's inbox failed: ${JSON.stringify(peer.log.errors)}`);
  const unsigned = peer.log.received.filter((a) => a.signature?.verified !== true);
  check(unsigned.length === 0, `${unsigned.length} activities arrived without a verified HTTP signature`);
  return `${posts.length} deliveries, ${gets.length} signed fetches, all verified`;
});

await scenario("Fedify's RFC 9421 first knock falls back to draft-cavage, which is accepted", async () => {
  const toTessera = peer.log.outgoing.filter((r) => r.method === "POST" && r.url.startsWith(hub.base));
  const first = toTessera[0];
  check(first, "Fedify sent nothing to Tessera");
  if (first.spec === "rfc9421" && first.status >= 200 && first.status < 300) {
    return "RFC 9421 verified directly";
  }
  check(first.spec === "rfc9421", `first knock used ${first.spec}`);
  check(
    [400, 401].includes(first.status) || first.status >= 500,
    `RFC 9421 attempt got ${first.status}, which does not make Fedify fall back`,
  );
  const retry = toTessera[1];
  check(retry?.spec === "draft-cavage" && retry.url === first.url, "no draft-cavage retry");
  check(retry.status >= 200 && retry.status < 300, `the retry got ${retry.status}`);
  const later = toTessera.slice(2);
  check(later.every((r) => r.status < 300), "a later delivery was refused");
  return `rfc9421 -> ${first.status}, draft-cavage -> ${retry.status}; ${later.length} later deliveries accepted`;
});

// After the signature scenarios: this delivery is refused on purpose, and the RFC 9421
// scenario expects every later delivery to Tessera to be accepted.
await scenario("A reply from an actor who no longer follows the community is refused", async () => {
  check(communityThread, "no thread");
  await peer.unfollow(community.id);
  await waitFor("the follower removed", async () =>
    (await hub.api("GET", `/communities/${COMMUNITY}`)).json?.followers === 0,
  );
  const { json: before } = await hub.api("GET", `/threads/${communityThread.id}`);
  const sentMark = peer.log.outgoing.length;
  let noteId = null;
  let refused = null;
  try {
    noteId = await peer.reply({
      content: "<p>Not a follower any more.</p>",
      inReplyTo: communityThread.root.ap_id,
      community: community.id,
    });
  } catch (e) {
    refused = e;
  }
  // Fedify knocks again with the other signature scheme when refused: the draft-cavage
  // attempt (the one Tessera verifies) is the one that must get 403.
  const attempts = peer.log.outgoing
    .slice(sentMark)
    .filter((r) => r.method === "POST" && r.url === `${community.id}/inbox`);
  const answers = attempts.map((r) => `${r.spec} ${r.status}`);
  check(
    attempts.some((r) => r.spec === "draft-cavage" && r.status === 403),
    `the community inbox answered ${answers.join(", ")}`,
  );
  check(!attempts.some((r) => r.status < 300), `a delivery was accepted: ${answers.join(", ")}`);
  check(refused, `Fedify's delivery of ${noteId} succeeded`);
  const { json: after } = await hub.api("GET", `/threads/${communityThread.id}`);
  check(treeSize(after.root) === treeSize(before.root), "the refused reply entered the thread");
  return `answers ${answers.join(", ")}`;
});

// --- Hub peering (issue 8) ------------------------------------------------------------------
//
// A second Tessera hub (its own process, port and database); an admin of the first asks it
// to peer through the admin API. Both hubs' domains are `localhost:PORT`: origins differ by
// port. After the signature scenarios: the Announce from a non-peer below is refused on
// purpose.

const NS = "https://tessera.social/ns#";
let hub2 = null;
let hub2Items = null; // { early, project, event }: ids of what hub 2 published
const peersOf = async (h) => {
  const { status, json } = await h.adminApi("GET", "/admin/peers");
  check(status === 200, `GET /admin/peers answered ${status}: ${JSON.stringify(json)}`);
  return json;
};
const peerOf = async (h, other) => (await peersOf(h)).find((p) => p.host === other.domain);
const expandedValues = (node, term) =>
  (node?.[term] ?? []).map((v) => v["@id"] ?? v["@value"] ?? v);

await scenario("Peering: two Tessera hubs peer through the admin API and list each other active", async () => {
  hub2 = await startHub({
    binary: resolve(opts.tessera),
    workdir: join(work, "tessera-2"),
    member: "bruno",
    admin: "warden",
    name: "Tessera interop hub 2",
  });
  const profile = await hub2.adminApi("PATCH", "/instance/profile", {
    country: "EE",
    region: "Harju",
    languages: ["et", "en"],
    clusters: ["Health and care", "Green transition"],
    contact: "hello@hub2.example",
  });
  check(profile.status === 200, `PATCH /instance/profile answered ${profile.status}: ${JSON.stringify(profile.json)}`);
  // Published before the peering: it can only arrive through the backfill (/actor/items).
  const early = await hub2.api("POST", "/organisations", {
    handle: "early_fund",
    name: "Early Fund",
    org_type: "funder",
    expertise: ["funding"],
  });
  check(early.status === 201, `creating the organisation answered ${early.status}: ${JSON.stringify(early.json)}`);
  const earlyCall = await hub2.api("POST", "/calls", { ...CALL, publisher: "early_fund", title: "Early call" });
  check(earlyCall.status === 201, `publishing the call answered ${earlyCall.status}: ${JSON.stringify(earlyCall.json)}`);
  const earlyResource = await hub2.api("POST", "/resources", { ...RESOURCE, title: "Early toolkit" });
  check(earlyResource.status === 201, `sharing the resource answered ${earlyResource.status}: ${JSON.stringify(earlyResource.json)}`);
  hub2Items = { early: early.json.id, earlyCall: earlyCall.json.id, earlyResource: earlyResource.json.id };

  const { status, json } = await hub.adminApi("POST", "/admin/peers", { domain: hub2.domain });
  check(status === 201, `POST /admin/peers answered ${status}: ${JSON.stringify(json)}`);
  check(json.host === hub2.domain, `peer host ${json.host}`);
  const both = await waitFor(
    "both hubs active",
    async () => {
      const [a, b] = [await peerOf(hub, hub2), await peerOf(hub2, hub)];
      return a?.state === "active" && b?.state === "active" && [a, b];
    },
    30000,
  );
  const [seenBy1] = both;
  check(seenBy1.name === "Tessera interop hub 2", `hub 2 is named ${seenBy1.name}`);
  check(seenBy1.profile.country === "EE", `hub 2's country ${seenBy1.profile.country}`);
  check(seenBy1.profile.clusters.includes("Health and care"), `clusters ${seenBy1.profile.clusters}`);
  check(
    (await hub.adminApi("POST", "/admin/peers", { domain: hub2.domain })).status === 422,
    "asking again is not refused with 422",
  );
  return `${hub.domain} <-> ${hub2.domain}`;
});

await scenario("Peering: what the second hub published before and after arrives with its origin", async () => {
  check(hub2, "no second hub");
  const entries = async () => (await hub.api("GET", "/directory?limit=100")).json?.items ?? [];
  // Before the peering: read from hub 2's item collection.
  const early = await waitFor(
    "the earlier organisation (backfill)",
    async () => (await entries()).find((e) => e.id === hub2Items.early),
    30000,
  );
  check(early.local === false && early.kind === "organisation", `entry ${JSON.stringify(early)}`);
  await waitFor("the backfill done", async () => (await peerOf(hub, hub2))?.backfill?.state === "done");

  // After: announced by hub 2's instance actor.
  const project = await hub2.api("POST", "/projects", {
    handle: "peer_garden",
    name: "Peer Garden",
    summary: "A garden shared by two hubs.",
    description: "Growing **food** across hubs.",
    country: "EE",
    themes: ["food-environment-climate"],
    sdgs: [2, 11],
    status: "active",
  });
  check(project.status === 201, `creating the project answered ${project.status}: ${JSON.stringify(project.json)}`);
  const projectId = project.json.id;
  check(projectId.startsWith(hub2.base), `project id ${projectId}`);
  const event = await hub2.api("POST", "/events", {
    ...EVENT,
    title: "Peer hubs meetup",
    organizer: "peer_garden",
    capacity: 20,
  });
  check(event.status === 201, `creating the event answered ${event.status}: ${JSON.stringify(event.json)}`);
  const lateCall = await hub2.api("POST", "/calls", { ...CALL, publisher: "early_fund", title: "Late call" });
  check(lateCall.status === 201, `publishing the call answered ${lateCall.status}: ${JSON.stringify(lateCall.json)}`);
  const lateResource = await hub2.api("POST", "/resources", {
    ...RESOURCE,
    title: "Late case study",
    kind: "case-study",
    projects: [projectId],
    translation_of: hub2Items.earlyResource,
    language: "et",
  });
  check(lateResource.status === 201, `sharing the resource answered ${lateResource.status}: ${JSON.stringify(lateResource.json)}`);
  hub2Items = { ...hub2Items, project: projectId, event: event.json.id, lateCall: lateCall.json.id, lateResource: lateResource.json.id };

  const entry = await waitFor("the project in the first hub's directory", async () =>
    (await entries()).find((e) => e.id === projectId),
  );
  check(entry.local === false, "the project is listed as local");
  check(entry.name === "Peer Garden" && entry.country === "EE", `entry ${JSON.stringify(entry)}`);
  check(entry.handle.endsWith(`@${hub2.domain}`), `handle ${entry.handle}`);
  const listed = await waitFor("the event in the first hub's calendar", async () =>
    ((await hub.api("GET", "/events")).json?.items ?? []).find((e) => e.id === event.json.id),
  );
  check(listed.local === false, "the event is listed as local");
  check(listed.organizer?.id === projectId, `organiser ${JSON.stringify(listed.organizer)}`);
  check(listed.title === "Peer hubs meetup", `title ${listed.title}`);
  check((listed.url ?? "").startsWith(hub2.base), `the event's page at its origin is ${listed.url}`);
  // The public summary counts hub 2's items under its country.
  const glance = (await hub.api("GET", "/federation")).json;
  const counted = glance?.peers?.find((p) => p.host === hub2.domain);
  check(counted?.country === "EE", `summary ${JSON.stringify(counted)}`);
  check(
    counted.counts.projects >= 1 && counted.counts.organisations >= 1 && counted.counts.events >= 1,
    `counts ${JSON.stringify(counted.counts)}`,
  );
  // Funding calls: the earlier one through the backfill, the later one announced.
  const calls = async () => (await hub.api("GET", "/calls")).json?.items ?? [];
  for (const [what, id] of [["backfilled", hub2Items.earlyCall], ["announced", hub2Items.lateCall]]) {
    const call = await waitFor(`the ${what} call on the first hub`, async () => (await calls()).find((c) => c.id === id));
    check(call.local === false && call.publisher?.handle?.endsWith(`@${hub2.domain}`), `call ${JSON.stringify(call)}`);
    check(call.deadlines?.[0]?.due_at === "2027-03-01T16:00:00Z", `deadlines ${JSON.stringify(call.deadlines)}`);
  }
  // Knowledge resources: the earlier one through the backfill, the later one announced, with
  // its related project and the link to the original it translates.
  const resources = async () => (await hub.api("GET", "/resources")).json?.items ?? [];
  for (const [what, id] of [["backfilled", hub2Items.earlyResource], ["announced", hub2Items.lateResource]]) {
    const found = await waitFor(`the ${what} resource on the first hub`, async () => (await resources()).find((r) => r.id === id));
    check(found.local === false && found.publisher?.handle?.endsWith(`@${hub2.domain}`), `resource ${JSON.stringify(found)}`);
    check(found.licence === "cc-by-sa" && found.themes?.includes("health-care"), `resource ${JSON.stringify(found)}`);
  }
  const late = (await resources()).find((r) => r.id === hub2Items.lateResource);
  check(late.translation_of === hub2Items.earlyResource, `translation_of ${late.translation_of}`);
  check(late.projects?.[0] === projectId, `projects ${JSON.stringify(late.projects)}`);
  const ofProject = (await hub.api("GET", `/resources?project=${encodeURIComponent(projectId)}`)).json;
  check(ofProject?.total === 1, `resources of the peer's project: ${JSON.stringify(ofProject)}`);
  // Fedify reads the resource's Create as an Article with its name, attributed to its sharer.
  const createDoc = (await hub2.getAp(`${hub2Items.lateResource}/activity`)).json;
  const activity = await peer.parse(createDoc);
  const article = await activity.getObject();
  check(article instanceof Article, `Fedify reads the resource as ${article?.constructor?.name}`);
  check(article.name?.toString() === "Late case study", `Fedify's name ${article.name}`);
  const row = await peerOf(hub, hub2);
  return `backfill ${row.backfill.state} (${row.backfill.items} items); ${JSON.stringify(counted.counts)}`;
});

await scenario("Peering: Fedify reads a hub's instance actor, its profile terms and its item collection", async () => {
  check(hub2 && hub2Items?.event, "nothing published by the second hub");
  const actor = await peer.lookup(hub2.instanceActorId);
  check(actor instanceof Application, `the instance actor is a ${actor?.constructor?.name}`);
  const raw = await peer.fetchSigned(hub2.instanceActorId);
  const [node] = await peer.expand(raw);
  const items = expandedValues(node, `${NS}hubItems`);
  check(items[0] === `${hub2.base}/actor/items`, `tessera:hubItems expands to ${JSON.stringify(items)}`);
  const clusters = expandedValues(node, `${NS}clusters`);
  check(clusters.includes("Health and care"), `tessera:clusters expands to ${JSON.stringify(clusters)}`);
  const contact = expandedValues(node, `${NS}contact`);
  check(contact.includes("hello@hub2.example"), `tessera:contact expands to ${JSON.stringify(contact)}`);
  const country = ["http://schema.org/addressCountry", "https://schema.org/addressCountry"]
    .flatMap((t) => expandedValues(node, t));
  check(country.includes("EE"), `schema:addressCountry expands to ${JSON.stringify(country)}; keys ${Object.keys(node)}`);
  const read = await peer.traverse(raw.hubItems ?? `${hub2.base}/actor/items`);
  check(read.type === "OrderedCollection", `the collection is a ${read.type}`);
  const ids = new Map(read.items.map((i) => [i.id, i.type]));
  check(ids.get(hub2Items.project) === "Group", `the project read as ${ids.get(hub2Items.project)}`);
  check(ids.get(hub2Items.early) === "Organization", `the organisation read as ${ids.get(hub2Items.early)}`);
  check(ids.get(hub2Items.event) === "Event", `the event read as ${ids.get(hub2Items.event)}`);
  check(read.totalItems === read.items.length, `totalItems ${read.totalItems}, ${read.items.length} read`);
  check(read.pages.every((p) => p.status === 200), `pages ${JSON.stringify(read.pages)}`);
  check(read.pages.some((p) => p.url.includes("section=events")), "Fedify never reached the events section");
  return `${read.items.length} items (${[...new Set(read.items.map((i) => i.type))].join(", ")}) in ${read.pages.length} requests`;
});

await scenario("Peering: a non-hub following a hub stays pending, and its hub Announce is refused", async () => {
  const mark = peer.log.received.length;
  await peer.follow(hub.instanceActorId); // a Person
  await peer.follow(hub.instanceActorId, { as: "hub" }); // an Application that is no Tessera hub
  await new Promise((r) => setTimeout(r, 3000));
  const accepted = peer.log.received
    .slice(mark)
    .filter((a) => ["Accept", "Reject"].includes(a.type) && a.actor === hub.instanceActorId);
  check(accepted.length === 0, `the instance actor answered ${accepted.map((a) => a.type)}`);
  const peers = await peersOf(hub);
  const fedifyHost = new URL(peer.origin).host;
  check(!peers.some((p) => p.host === fedifyHost), `Fedify's host became a peer: ${JSON.stringify(peers)}`);
  const sent = await peer.hubAnnounce({
    inbox: `${hub.instanceActorId}/inbox`,
    recipient: hub.instanceActorId,
  });
  const answers = sent.attempts.map((a) => `${a.spec} ${a.status}`);
  check(
    sent.attempts.some((a) => a.spec === "draft-cavage" && a.status === 403),
    `the instance actor's inbox answered ${answers.join(", ")}`,
  );
  check(!sent.attempts.some((a) => a.status < 300), `a delivery was accepted: ${answers.join(", ")}`);
  const entries = (await hub.api("GET", "/directory?limit=100")).json?.items ?? [];
  check(!entries.some((e) => e.id === sent.groupId), "the announced group entered the directory");
  return `no Accept; Announce answered ${answers.join(", ")}`;
});

// --- Moderation (issue 20): reports as Flags, domain blocks -------------------------------
//
// Reports travel as Mastodon's `Flag` both ways with the first Fedify peer (`localhost`).
// Domain blocks need a host a hub may block: the second Fedify peer, `fedify.test` (see
// BLOCKED_HOST), which the hub resolves to 127.0.0.1. It starts here, and from then on the
// first peer's log of outgoing requests also holds the second's (each wraps the global
// fetch). After the signature scenarios: the deliveries below are refused on purpose.

let peerB = null;
const secondPeer = async () => (peerB ??= await startPeer({ host: BLOCKED_HOST, port: blockedPort }));
const enc = encodeURIComponent;
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const postStatus = async (apId) => (await hub.api("GET", `/posts?ap_id=${enc(apId)}`)).status;
/** The answers Fedify got for a delivery (`attempt` in the peer), for messages. */
const answersOf = (sent) =>
  sent.attempts.map((a) => `${a.spec} ${a.status}`).join(", ") || `no attempt (${sent.error})`;
const acceptedDelivery = (sent) => sent.attempts.some((a) => a.status >= 200 && a.status < 300);
/** Refused as Tessera refuses a blocked party: 403 to the draft-cavage attempt, nothing accepted. */
const refused403 = (sent) =>
  sent.attempts.some((a) => a.spec === "draft-cavage" && a.status === 403) && !acceptedDelivery(sent);
const reportQueue = async (state = "open") => {
  const { status, json } = await hub.adminApi("GET", `/reports?state=${state}`);
  check(status === 200, `GET /reports answered ${status}: ${JSON.stringify(json)}`);
  return json;
};
/** The actor ids the member's followers collection lists (its first page). */
const followerIds = async () => {
  const { status, json } = await hub.getAp(`${hub.memberId}/followers?page=1`);
  check(status === 200, `the followers page answered ${status}`);
  return ids(json?.orderedItems ?? json?.items);
};
const memberFollows = async () => (await hub.api("GET", "/follows")).json ?? [];

await scenario("Moderation: a member's report of a Fedify post reaches Fedify as a Flag it verifies", async () => {
  const noteId = await peer.post({ content: "<p>Cheap watches, today only!</p>", mention: hub.memberId });
  await waitFor("the Fedify post stored by Tessera", async () => (await postStatus(noteId)) === 200);
  const comment = "Spam sent to members here (interop report).";
  const mark = peer.log.received.length;
  const requestMark = peer.log.requests.length;
  const unverifiedMark = peer.log.unverified.length;
  const { status, json } = await hub.api("POST", "/reports", {
    object: noteId,
    category: "spam",
    comment,
    forward: true,
  });
  check(status === 201, `POST /reports answered ${status}: ${JSON.stringify(json)}`);
  check(json.target?.id === peer.actorId, `the report's account is ${JSON.stringify(json.target)}`);
  check(json.objects?.includes(noteId), `the report names ${JSON.stringify(json.objects)}`);
  const flag = await waitFor("the Flag at Fedify", () => receivedSince(mark, "Flag"));
  // Mastodon's shape, from the hub's instance actor (the reporter stays anonymous).
  check(flag.actor === hub.instanceActorId, `the Flag's actor is ${flag.actor}`);
  check(flag.objects?.[0] === peer.actorId, `the Flag's object starts with ${flag.objects?.[0]}, not the account`);
  check(flag.objects.includes(noteId), `the Flag's object ${JSON.stringify(flag.objects)} lacks the post`);
  check(flag.json.content === comment, `the Flag's content is ${JSON.stringify(flag.json.content)}`);
  check(ids(flag.json.to).includes(peer.actorId), `the Flag is addressed to ${JSON.stringify(flag.json.to)}`);
  check(!JSON.stringify(flag.json).includes(hub.memberId), "the Flag names the reporter");
  // Verified by Fedify: its inbox calls listeners only for verified activities; the HTTP
  // signature itself, with the instance actor's key.
  check(flag.signature?.verified === true, `the Flag's HTTP signature: ${JSON.stringify(flag.signature)}`);
  check(
    flag.signature.keyId?.startsWith(`${hub.instanceActorId}#`),
    `signed with ${flag.signature.keyId}, not the instance actor's key`,
  );
  const request = peer.log.requests
    .slice(requestMark)
    .find((r) => r.method === "POST" && r.verified === true && r.keyId === flag.signature.keyId);
  check(request?.status === 202, `Fedify answered the Flag's delivery ${request?.status}`);
  check(peer.log.unverified.length === unverifiedMark, `Fedify logged ${JSON.stringify(peer.log.unverified.slice(unverifiedMark))}`);
  const parsed = await peer.parse(flag.json);
  check(parsed instanceof Flag, `Fedify reads a ${parsed?.constructor?.name}`);
  check(
    isDeepStrictEqual(parsed.objectIds.map((u) => u.href), flag.objects),
    `Fedify reads the objects as ${parsed.objectIds.map((u) => u.href)}`,
  );
  // The admin sees it forwarded.
  const queued = (await reportQueue()).find((r) => r.objects?.includes(noteId));
  check(queued?.forwarded === true, `the admin's queue shows ${JSON.stringify(queued)}`);
  return `${flag.id} to ${request.path}${json.forwarded ? "" : " (the answer to POST /reports said forwarded: false)"}`;
});

await scenario("Moderation: Fedify's Flag about a member's post lands in the admin's report queue", async () => {
  const post = await hub.api("POST", "/posts", { content: "A post someone elsewhere will report", visibility: "public" });
  check(post.status === 201, `creating the post answered ${post.status}`);
  const comment = `Misleading claims (Fedify report ${Date.now()})`;
  const sent = await peer.flag({
    account: hub.memberId,
    objects: [post.json.ap_id],
    content: comment,
    inbox: `${hub.base}/inbox`,
  });
  check(acceptedDelivery(sent), `the shared inbox answered ${answersOf(sent)}`);
  const report = await waitFor("the report in the admin's queue", async () =>
    (await reportQueue()).find((r) => r.comment === comment),
  );
  check(report.state === "open", `state ${report.state}`);
  check(report.origin_domain === new URL(peer.origin).host, `origin_domain ${report.origin_domain}`);
  check(report.target?.id === hub.memberId, `account ${JSON.stringify(report.target)}`);
  check(
    isDeepStrictEqual(report.objects, [post.json.ap_id]) && report.object_kind === "post",
    `objects ${JSON.stringify(report.objects)} (${report.object_kind})`,
  );
  check(report.reporter == null, `a reporter is named: ${JSON.stringify(report.reporter)}`);
  check(report.forwarded === false, "a received report is marked forwarded");
  // Not in the member's view (no admin; at most a moderator of their own communities).
  const mine = await hub.api("GET", "/reports");
  check(
    mine.status === 403 || (mine.status === 200 && !mine.json.some((r) => r.id === report.id)),
    `the member reads the queue: ${mine.status}`,
  );
  return `report ${report.id} from ${report.origin_domain}; ${answersOf(sent)}`;
});

await scenario("Moderation: a noop block with reject_reports drops the domain's Flags", async () => {
  const b = await secondPeer();
  const post = await hub.api("POST", "/posts", { content: "Reported from a domain whose reports are rejected", visibility: "public" });
  check(post.status === 201, `creating the post answered ${post.status}`);
  const saved = await hub.adminApi("POST", "/admin/domain_blocks", {
    domain: BLOCKED_HOST,
    severity: "noop",
    reject_media: false,
    reject_reports: true,
    public_comment: "",
  });
  check(saved.status === 201, `POST /admin/domain_blocks answered ${saved.status}: ${JSON.stringify(saved.json)}`);
  let [lifted, outcome] = [null, null];
  try {
    check(saved.json.severity === "noop" && saved.json.reject_reports === true, `saved ${JSON.stringify(saved.json)}`);
    const comment = `Dropped report (${Date.now()})`;
    const sent = await b.flag({ account: hub.memberId, objects: [post.json.ap_id], content: comment, inbox: `${hub.base}/inbox` });
    // Acknowledged (nothing else of the domain is refused), not queued. The inbox answers
    // after the Flag is processed, so the queue is final here.
    check(acceptedDelivery(sent), `the inbox answered ${answersOf(sent)}`);
    const queue = await reportQueue();
    check(!queue.some((r) => r.comment === comment), "the Flag entered the queue");
    const shown = (await hub.api("GET", "/instance/domain_blocks")).json ?? [];
    check(!shown.some((x) => x.domain === BLOCKED_HOST), `a noop block is listed publicly: ${JSON.stringify(shown)}`);
    outcome = answersOf(sent);
  } finally {
    lifted = await hub.adminApi("DELETE", `/admin/domain_blocks/${BLOCKED_HOST}`);
  }
  check(lifted.status === 204, `DELETE /admin/domain_blocks/${BLOCKED_HOST} answered ${lifted.status}`);
  return outcome;
});

await scenario("Moderation: a suspended Fedify domain is refused on every path, and lifting the block restores exchange", async () => {
  const b = await secondPeer();
  const memberInbox = `${hub.memberId}/inbox`;
  const COMMENT = "Suspended by the interop suite";
  // The first peer (`localhost`, never blocked) follows the member: it shows when a post went out.
  if (peer.following.get(hub.memberId)?.state !== "accepted") {
    const followId = await peer.follow(hub.memberId);
    await waitFor("the first peer's follow accepted", () =>
      received("Accept", (a) => a.actor === hub.memberId && a.object === followId),
    );
  }
  const receivedByB = (type, pred = () => true, since = 0) =>
    b.log.received.slice(since).find((a) => a.type === type && pred(a));

  // Before the block: the second peer follows the member and the member follows it; each
  // receives the other's post.
  const followId = await b.follow(hub.memberId);
  await waitFor("the Accept at the second peer", () => receivedByB("Accept", (a) => a.object === followId));
  const followed = await hub.api("POST", "/follows", { target: b.actorId });
  check(followed.status === 201, `the member's follow answered ${followed.status}: ${JSON.stringify(followed.json)}`);
  await waitFor("the member's follow accepted", async () =>
    (await memberFollows()).find((f) => f.target.id === b.actorId)?.state === "accepted",
  );
  const stored = await b.post({ content: "<p>Posted before the block</p>" });
  await waitFor("the second peer's post in the member's timeline", inTimeline(stored));
  const earlier = await hub.api("POST", "/posts", { content: "Before the block", visibility: "public" });
  await waitFor("the member's post at the second peer", () =>
    receivedByB("Create", (a) => a.object === earlier.json.ap_id),
  );
  check((await followerIds()).includes(b.actorId), "the second peer is not listed as a follower");

  const blocked = await hub.adminApi("POST", "/admin/domain_blocks", {
    domain: BLOCKED_HOST,
    severity: "suspend",
    reject_media: false,
    reject_reports: false,
    public_comment: COMMENT,
  });
  check(blocked.status === 201, `POST /admin/domain_blocks answered ${blocked.status}: ${JSON.stringify(blocked.json)}`);
  const problems = [];
  const expect = (cond, message) => {
    if (!cond) problems.push(message);
  };
  const mark = { requests: b.log.requests.length, received: b.log.received.length, first: peer.log.received.length };
  const lookups = [];
  let lifted = null;
  try {
    expect(
      blocked.json.domain === BLOCKED_HOST && blocked.json.severity === "suspend",
      `saved as ${JSON.stringify(blocked.json)}`,
    );
    const shown = ((await hub.api("GET", "/instance/domain_blocks")).json ?? []).find((x) => x.domain === BLOCKED_HOST);
    expect(
      shown?.severity === "suspend" && shown.comment === COMMENT && shown.digest === sha256(BLOCKED_HOST),
      `the public list shows ${JSON.stringify(shown)}`,
    );

    // (d) What the domain brought is gone, and the follows both ways.
    expect((await postStatus(stored)) === 404, `its earlier post still answers ${await postStatus(stored)}`);
    const { json: timeline } = await hub.api("GET", "/timeline?limit=50");
    expect(!timeline.some((p) => p.ap_id === stored), "its earlier post is still in the timeline");
    expect(
      !(await memberFollows()).some((f) => f.target.id === b.actorId),
      "the member still follows the second peer",
    );
    expect(!(await followerIds()).includes(b.actorId), "the second peer is still a follower");

    // (a) Whatever it sends, and whatever names it, gets 403; nothing is stored.
    const follow = await b.deliver({ kind: "Follow", inbox: memberInbox, recipient: hub.memberId });
    expect(refused403(follow), `its Follow was answered ${answersOf(follow)}`);
    const create = await b.deliver({
      kind: "Create",
      inbox: memberInbox,
      recipient: hub.memberId,
      content: "<p>Posted during the block</p>",
    });
    expect(refused403(create), `its Create was answered ${answersOf(create)}`);
    const flag = await b.flag({
      account: hub.memberId,
      objects: [earlier.json.ap_id],
      content: "A report from a suspended domain",
      inbox: `${hub.base}/inbox`,
    });
    expect(refused403(flag), `its Flag was answered ${answersOf(flag)}`);
    const relayed = await peer.deliver({ kind: "Announce", inbox: memberInbox, recipient: hub.memberId, object: stored });
    expect(refused403(relayed), `the first peer's Announce of its post was answered ${answersOf(relayed)}`);
    expect((await postStatus(create.noteId)) === 404, "the refused Create's Note is stored");
    expect(!(await followerIds()).includes(b.actorId), "the refused Follow made it a follower");
    expect(
      !(await reportQueue()).some((r) => r.comment === "A report from a suspended domain"),
      "the refused Flag entered the queue",
    );

    // (b) Looking its actors up fails without a request: an actor never fetched (by URL and
    // by WebFinger) and the one stored before the block.
    for (const target of [b.appId, `hub@${BLOCKED_HOST}:${blockedPort}`, b.actorId]) {
      const r = await hub.api("POST", "/follows", { target });
      lookups.push(`${target} ${r.status}`);
      expect(r.status >= 400, `following ${target} answered ${r.status}: ${JSON.stringify(r.json)?.slice(0, 300)}`);
      if (r.status < 300 && r.json?.id) await hub.api("DELETE", `/follows/${r.json.id}`);
    }

    // (c) A post of the member after the block reaches the first peer, not the second.
    const after = await hub.api("POST", "/posts", { content: "After the block", visibility: "public" });
    await waitFor("the post at the first peer", () =>
      receivedSince(mark.first, "Create", (a) => a.object === after.json.ap_id),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const got = b.log.received.slice(mark.received);
    expect(got.length === 0, `the second peer received ${got.map((a) => `${a.type} ${a.object}`).join(", ")}`);
    const requests = b.log.requests.slice(mark.requests);
    expect(
      requests.length === 0,
      `Tessera sent the blocked peer ${requests.map((r) => `${r.method} ${r.path}`).join(", ")}`,
    );
  } finally {
    lifted = await hub.adminApi("DELETE", `/admin/domain_blocks/${BLOCKED_HOST}`);
  }
  check(lifted.status === 204, `lifting the block answered ${lifted.status}`);
  const failed = problems.length ? [`while suspended: ${problems.join("; ")}`] : [];

  // After: new activities flow both ways again (checked even when the blocked phase failed).
  try {
    const stillShown = ((await hub.api("GET", "/instance/domain_blocks")).json ?? []).some((x) => x.domain === BLOCKED_HOST);
    check(!stillShown, "the lifted block is still listed publicly");
    const since = b.log.received.length;
    const again = await b.follow(hub.memberId);
    await waitFor("the Accept of the new follow", () => receivedByB("Accept", (a) => a.object === again, since));
    const refollow = await hub.api("POST", "/follows", { target: b.actorId });
    check(refollow.status === 201, `the member's new follow answered ${refollow.status}: ${JSON.stringify(refollow.json)}`);
    await waitFor("the member's new follow accepted", async () =>
      (await memberFollows()).find((f) => f.target.id === b.actorId)?.state === "accepted",
    );
    const later = await hub.api("POST", "/posts", { content: "After the block was lifted", visibility: "public" });
    await waitFor("the member's new post at the second peer", () =>
      receivedByB("Create", (a) => a.object === later.json.ap_id, since),
    );
    const back = await b.post({ content: "<p>Back after the block</p>" });
    await waitFor("the second peer's new post in the member's timeline", inTimeline(back));
  } catch (e) {
    failed.push(`after lifting the block: ${e.message}`);
  }
  check(failed.length === 0, failed.join(" | "));
  return `lookups while blocked: ${lookups.join(", ")}`;
});

await scenario("Moderation: domain blocks exported as Mastodon's CSV by one hub and imported by another are equal", async () => {
  hub2 ??= await startHub({
    binary: resolve(opts.tessera),
    workdir: join(work, "tessera-2"),
    member: "bruno",
    admin: "warden",
    name: "Tessera interop hub 2",
  });
  const BLOCKS = [
    { domain: "spam.example", severity: "suspend", reject_media: true, reject_reports: true, public_comment: 'Spam, "bulk" mail, and more' },
    { domain: "noisy.example", severity: "limit", reject_media: true, reject_reports: false, public_comment: "Loud; rude at times" },
    { domain: "media.example", severity: "noop", reject_media: true, reject_reports: false, public_comment: "" },
    { domain: "hidden.example", severity: "suspend", reject_media: false, reject_reports: false, public_comment: "Désinformation répétée", obfuscate: true },
    { domain: "bücher.example", severity: "limit", reject_media: false, reject_reports: true, public_comment: "Line one\nline two" },
  ];
  const HEADER = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";
  const fields = (b) => ({
    domain: b.domain,
    severity: b.severity,
    reject_media: b.reject_media,
    reject_reports: b.reject_reports,
    public_comment: b.public_comment,
    obfuscate: b.obfuscate,
  });
  const adminList = async (h) => {
    const { status, json } = await h.adminApi("GET", "/admin/domain_blocks");
    check(status === 200, `GET /admin/domain_blocks answered ${status}`);
    return json.map(fields).sort((x, y) => x.domain.localeCompare(y.domain));
  };
  const publicList = async (h) =>
    ((await h.api("GET", "/instance/domain_blocks")).json ?? []).sort((x, y) => x.digest.localeCompare(y.digest));
  const exported = async (h) => {
    const r = await h.adminRaw("GET", "/admin/domain_blocks.csv");
    check(r.status === 200, `GET /admin/domain_blocks.csv answered ${r.status}: ${r.text.slice(0, 200)}`);
    check(r.type?.startsWith("text/csv"), `exported as ${r.type}`);
    return r.text;
  };
  const cleanup = async () => {
    for (const h of [hub, hub2]) {
      for (const b of (await h.adminApi("GET", "/admin/domain_blocks")).json ?? []) {
        await h.adminApi("DELETE", `/admin/domain_blocks/${enc(b.domain)}`);
      }
    }
  };
  check((await adminList(hub2)).length === 0, "the second hub has blocks already");
  try {
    for (const b of BLOCKS) {
      const r = await hub.adminApi("POST", "/admin/domain_blocks", b);
      check(r.status === 201, `blocking ${b.domain} answered ${r.status}: ${JSON.stringify(r.json)}`);
    }
    const mine = await adminList(hub);
    check(mine.length === BLOCKS.length, `the first hub lists ${mine.length} blocks`);
    const idn = mine.find((b) => b.domain.startsWith("xn--"));
    check(idn?.domain === "xn--bcher-kva.example", `the IDN is stored as ${JSON.stringify(mine.map((b) => b.domain))}`);
    const csv = await exported(hub);
    check(csv.split(/\r?\n/)[0] === HEADER, `the export starts with ${JSON.stringify(csv.split(/\r?\n/)[0])}`);
    check(/^noisy\.example,silence,true,false,/m.test(csv), `a limit is not exported as Mastodon's silence: ${csv}`);

    const imported = await hub2.adminRaw("POST", "/admin/domain_blocks.csv", { body: csv, type: "text/csv" });
    check(imported.status === 200, `importing answered ${imported.status}: ${imported.text}`);
    const summary = JSON.parse(imported.text);
    check(summary.applied === BLOCKS.length && summary.bad.length === 0, `import summary ${imported.text}`);
    const theirs = await adminList(hub2);
    check(isDeepStrictEqual(theirs, mine), `the lists differ: ${JSON.stringify(theirs)} vs ${JSON.stringify(mine)}`);
    // Both export in domain order: the same text.
    const again = await exported(hub2);
    check(again === csv, `the second hub exports ${JSON.stringify(again)}, the first ${JSON.stringify(csv)}`);
    // The public lists agree too: Mastodon's shape, noop left out, obfuscated names masked.
    const [pub1, pub2] = [await publicList(hub), await publicList(hub2)];
    check(isDeepStrictEqual(pub1, pub2), `the public lists differ: ${JSON.stringify(pub1)} vs ${JSON.stringify(pub2)}`);
    check(pub1.length === BLOCKS.length - 1, `${pub1.length} public blocks (noop listed?)`);
    const hidden = pub1.find((x) => x.digest === sha256("hidden.example"));
    check(hidden && hidden.domain !== "hidden.example" && hidden.severity === "suspend", `the obfuscated block shows ${JSON.stringify(hidden)}`);
    check(pub1.find((x) => x.domain === "noisy.example")?.severity === "silence", "a limit is not shown as silence");
    return `${BLOCKS.length} blocks, ${csv.length} bytes of CSV`;
  } finally {
    await cleanup();
  }
});

// --- Deleting an account (issue 21) ---------------------------------------------------------

await scenario("Deletion: Fedify receives and verifies the Delete of a Tessera person", async () => {
  const dora = await hub.addMember("dora");
  await peer.follow(dora.id);
  await waitFor("dora's Accept", () => received("Accept", (a) => a.actor === dora.id));
  const mark = peer.log.requests.length;
  const { status, json } = await dora.api("POST", "/profile/delete", {
    password: "interop-password-1",
    confirm: "dora",
  });
  check(status === 204, `deleting answered ${status}: ${JSON.stringify(json)}`);
  // Fedify calls its listener only for an activity whose signature it verified.
  const deleted = await waitFor("the Delete at Fedify", () =>
    received("Delete", (a) => a.actor === dora.id && a.object === dora.id),
  );
  check(deleted.signature?.spec === "draft-cavage", `signature ${JSON.stringify(deleted.signature)}`);
  check(
    !peer.log.unverified.some((u) => u.type === "Delete"),
    `Fedify refused a Delete as unverified: ${JSON.stringify(peer.log.unverified)}`,
  );
  const gone = await hub.getAp(dora.id);
  check(gone.status === 410, `the deleted actor answers ${gone.status}`);
  const request = peer.log.requests.slice(mark).find((r) => r.method === "POST" && r.keyId?.startsWith(dora.id));
  return `Delete ${deleted.id}; the actor answers 410${request ? `; HTTP signature check on its own: ${request.verified}` : ""}`;
});

// --- fediverse-pasture ----------------------------------------------------------------------

async function pasture(mode) {
  const out = join(work, `pasture-${mode}.json`);
  const port = await freePort();
  try {
    await runFile(
      opts.python,
      [
        join(here, "pasture/driver.py"),
        "--mode", mode,
        "--tessera-base", hub.base,
        "--port", String(port),
        "--workdir", join(work, `pasture-${mode}`),
        "--out", out,
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 600000 },
    );
  } catch (e) {
    // Exit status 1 means "some check failed": the JSON says which.
    if (e.code !== 1) throw new Error(`pasture ${mode} failed to run: ${e.stderr?.slice(-2000) ?? e}`);
  }
  return JSON.parse(readFileSync(out, "utf8"));
}

await scenario("fediverse-pasture verify_actor: every case as expected", async () => {
  const report = await pasture("verify_actor");
  const cases = [...(report.verify_actor?.cases ?? []), ...(report.extra_signature_checks?.cases ?? [])];
  check(cases.length > 0, "no cases ran");
  const failed = cases.filter((c) => !c.pass);
  check(failed.length === 0, `failed: ${failed.map((c) => c.name ?? c.case).join(", ")}`);
  return `${cases.length} cases`;
});

await scenario("fediverse-pasture send: every input accepted or rejected cleanly, accepted ones readable", async () => {
  const report = await pasture("send");
  const sent = report.send?.results ?? [];
  check(sent.length > 100, `only ${sent.length} inputs were sent`);
  const broken = sent.filter((r) => !r.pass);
  check(
    broken.length === 0,
    `${broken.length} not clean: ${broken.slice(0, 5).map((r) => `${r.input}[${r.index}] ${r.status ?? r.error}`).join(", ")}`,
  );
  const accepted = sent.filter((r) => r.status >= 200 && r.status < 300 && r.note_id);
  let readable = 0;
  const unreadable = [];
  for (const r of accepted) {
    const { status, json } = await hub.api("GET", `/posts?ap_id=${encodeURIComponent(r.note_id)}`);
    if (status === 200 && json.ap_id === r.note_id) readable += 1;
    else unreadable.push({ input: `${r.input}[${r.index}]`, type: r.note_type, status });
  }
  // Acknowledged but not kept: object types that are not posts (Event, Place, Tombstone...).
  const notKept = unreadable.filter((u) => !POST_TYPES.includes(u.type));
  const lost = unreadable.filter((u) => POST_TYPES.includes(u.type));
  check(lost.length === 0, `accepted but unreadable: ${JSON.stringify(lost.slice(0, 5))}`);
  const rejected = sent.length - accepted.length;
  return `${sent.length} sent: ${readable} stored and readable, ${notKept.length} acknowledged but not kept (${[...new Set(notKept.map((u) => u.type ?? "no type"))].join(", ")}), ${rejected} rejected with a 4xx`;
});

// --- activitypub-testing ----------------------------------------------------------------------

async function activitypubTesting(actor) {
  try {
    const { stdout } = await runFile(process.execPath, [join(here, "apt/driver.mjs"), actor, "--no-c2s"], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 300000,
    });
    return JSON.parse(stdout);
  } catch (e) {
    if (e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

for (const [label, actor] of [
  ["Person", hub.memberId],
  ["instance actor", hub.instanceActorId],
  ["project (Group)", `${hub.base}/projects/interop_garden`],
  ["organisation", `${hub.base}/organisations/interop_fund`],
  ["community (Group)", `${hub.base}/communities/${COMMUNITY}`],
]) {
  await scenario(`activitypub-testing: checks pass for Tessera's ${label}`, async () => {
    const report = await activitypubTesting(actor);
    writeFileSync(join(work, `apt-${label.replace(/\W+/g, "-")}.json`), JSON.stringify(report, null, 2));
    check(report.ok, `problems: ${JSON.stringify(report.problems ?? report.summary)}`);
    const passed = report.results.filter((r) => r.outcome === "passed").length;
    return `${passed} passed, ${report.results.length - passed} inapplicable or untested`;
  });
}

// --- report -------------------------------------------------------------------------------------

// The second peer wrapped the first one's fetch: closed first, so the real one comes back.
await peerB?.close();
await peer.close();
await hub.stop();
await hub2?.stop();
writeFileSync(join(work, "peer-log.json"), JSON.stringify(peer.log, null, 2));
if (peerB) writeFileSync(join(work, "peer-b-log.json"), JSON.stringify(peerB.log, null, 2));
writeFileSync(join(work, "report.json"), JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.pass);
console.log("\nInterop report");
for (const r of results) {
  console.log(`  ${r.pass ? "PASS" : "FAIL"}  ${r.name}  (${(r.ms / 1000).toFixed(1)} s)${r.detail ? `\n        ${r.detail}` : ""}`);
}
console.log(`\n${results.length - failed.length} of ${results.length} scenarios passed; details in ${work}`);
process.exit(failed.length ? 1 : 0);
