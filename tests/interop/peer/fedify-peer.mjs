// A small ActivityPub server built on Fedify (an implementation we did not write), used by
// the interop suite to talk to Tessera. One actor, `peer`, that can be followed (and
// accepts), follow others, post Notes (public, followers-only, replies, to a group), reply
// in a community thread (to the community's or any inbox), Like, Announce and Undo, Join
// and Leave events, and fetch objects with signed requests. A second actor, `hub`, is an
// `Application` (what Tessera hubs use as instance actor, but no Tessera hub): it can follow
// and send a hub's `Announce` to test how Tessera treats hubs it does not peer with. It
// receives reports (`Flag`) and sends them, and can deliver a Follow, a Create{Note}, an
// Announce or a Flag straight to an inbox, without looking anything up first (for servers
// that refuse it), reporting the answer of each attempt.
// Everything it receives and sends is logged with headers and the result of Fedify's own
// signature verification.
//
// Importable (`startPeer`) by scenarios.mjs, or standalone:
//   node peer/fedify-peer.mjs --port 9300 [--host localhost]
// which also serves a small control API under /_control (see `control` below).

import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
  verifyRequestDetailed,
} from "@fedify/fedify";
import {
  Accept,
  Announce,
  Application,
  Collection,
  Create,
  Delete,
  Endpoints,
  Flag,
  Follow,
  Group,
  Join,
  Leave,
  Like,
  Mention,
  Move,
  Note,
  Object as ASObject,
  Person,
  PUBLIC_COLLECTION,
  Reject,
  Undo,
  Update,
  isActor,
  traverseCollection,
} from "@fedify/vocab";
import { serve } from "@hono/node-server";
// The JSON-LD processor Fedify itself uses (its dependency, not ours).
import jsonld from "jsonld";
import { Temporal } from "@js-temporal/polyfill";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

const currentRequest = new AsyncLocalStorage();

// Fedify signs with RFC 9421 first and falls back to draft-cavage; record which one a
// request carried.
function signatureSpec(headers) {
  if (headers.get("signature-input")) return "rfc9421";
  if (headers.get("signature")) return "draft-cavage";
  return "none";
}

function headerObject(headers) {
  const out = {};
  for (const [k, v] of headers) out[k] = v;
  return out;
}

export async function startPeer({ port = 0, host = "localhost" } = {}) {
  const log = { requests: [], received: [], unverified: [], errors: [], outgoing: [] };
  const followers = new Map(); // actor id -> { id, inboxId, endpoints }
  const movedFollowers = new Map(); // the same, of the `moved` account
  const following = new Map(); // actor id -> { state: "pending" | "accepted", followId }
  const objects = new Map(); // local id -> JSON-LD of notes and activities we sent
  let origin = null;

  // Every outgoing request, with the signature spec used and the answer: shows Fedify's
  // double knock (RFC 9421 first, draft-cavage when refused).
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const entry = {
      method: request.method,
      url: request.url,
      spec: signatureSpec(request.headers),
      at: new Date().toISOString(),
    };
    try {
      const response = await realFetch(request);
      entry.status = response.status;
      return response;
    } catch (e) {
      entry.error = String(e);
      throw e;
    } finally {
      log.outgoing.push(entry);
    }
  };

  const federation = createFederation({
    kv: new MemoryKvStore(),
    // Loopback peers only; never on a public server.
    allowPrivateAddress: true,
  });

  // RSA for HTTP signatures (what Tessera reads), Ed25519 for FEP-8b32 proofs.
  const rsa = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const ed = await generateCryptoKeyPair("Ed25519");
  const keyPairs = [rsa, ed];

  const ACTOR = "peer";
  // An Application, like a hub's instance actor (but not a Tessera hub: no hubItems).
  const APP = "hub";
  // The account `peer` moves to (`move`): it names `peer` in `alsoKnownAs`.
  const MOVED = "moved";
  let movedTo = null;

  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== ACTOR && identifier !== APP && identifier !== MOVED) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      if (identifier === APP) {
        return new Application({
          id: ctx.getActorUri(identifier),
          preferredUsername: identifier,
          name: "Fedify application",
          inbox: ctx.getInboxUri(identifier),
          outbox: ctx.getOutboxUri(identifier),
          followers: ctx.getFollowersUri(identifier),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          manuallyApprovesFollowers: true,
          publicKey: keys[0].cryptographicKey,
          assertionMethods: keys.map((k) => k.multikey),
        });
      }
      if (identifier === MOVED) {
        return new Person({
          id: ctx.getActorUri(identifier),
          preferredUsername: identifier,
          name: "Fedify peer (new account)",
          inbox: ctx.getInboxUri(identifier),
          outbox: ctx.getOutboxUri(identifier),
          followers: ctx.getFollowersUri(identifier),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          url: ctx.getActorUri(identifier),
          manuallyApprovesFollowers: false,
          aliases: [ctx.getActorUri(ACTOR)],
          publicKey: keys[0].cryptographicKey,
          assertionMethods: keys.map((k) => k.multikey),
        });
      }
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        successor: movedTo,
        name: "Fedify peer",
        summary: "An interop test actor running on Fedify.",
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        url: ctx.getActorUri(identifier),
        manuallyApprovesFollowers: false,
        publicKey: keys[0].cryptographicKey,
        assertionMethods: keys.map((k) => k.multikey),
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) =>
      identifier === ACTOR || identifier === APP || identifier === MOVED ? keyPairs : [],
    );

  federation.setFollowersDispatcher(
    "/users/{identifier}/followers",
    async (_ctx, identifier) => {
      if (identifier === APP) return { items: [] };
      if (identifier === MOVED) return { items: [...movedFollowers.values()] };
      if (identifier !== ACTOR) return null;
      return { items: [...followers.values()] };
    },
  );

  federation.setOutboxDispatcher("/users/{identifier}/outbox", async () => ({
    items: [],
  }));

  federation.setObjectDispatcher(Note, "/notes/{id}", async (ctx, values) => {
    const json = objects.get(ctx.getObjectUri(Note, values).href);
    return json ? await Note.fromJsonLd(json, ctx) : null;
  });

  const record = async (ctx, activity, extra = {}) => {
    const json = await activity.toJsonLd({ contextLoader: ctx.contextLoader });
    log.received.push({
      type: json.type,
      id: activity.id?.href,
      actor: activity.actorId?.href,
      object: activity.objectId?.href,
      json,
      // The request that carried it (listeners run inside the request: there is no queue).
      headers: currentRequest.getStore()?.headers ?? null,
      signature: currentRequest.getStore()
        ? {
            spec: currentRequest.getStore().spec,
            verified: currentRequest.getStore().verified,
            keyId: currentRequest.getStore().keyId,
          }
        : null,
      // Fedify only calls listeners for activities whose signature (HTTP, LD or proof)
      // it verified.
      verified: true,
      at: new Date().toISOString(),
      ...extra,
    });
  };

  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Follow, async (ctx, follow) => {
      await record(ctx, follow);
      const followed = [ACTOR, MOVED].find(
        (name) => follow.objectId?.href === ctx.getActorUri(name).href,
      );
      if (!followed) return;
      const follower = await follow.getActor(ctx);
      if (!isActor(follower)) return;
      (followed === ACTOR ? followers : movedFollowers).set(follower.id.href, follower);
      await ctx.sendActivity(
        { identifier: followed },
        follower,
        new Accept({
          id: new URL(`#accepts/${randomUUID()}`, ctx.getActorUri(followed)),
          actor: ctx.getActorUri(followed),
          object: follow,
        }),
      );
    })
    .on(Accept, async (ctx, accept) => {
      await record(ctx, accept);
      const entry = following.get(accept.actorId?.href);
      if (entry) entry.state = "accepted";
    })
    .on(Undo, async (ctx, undo) => {
      await record(ctx, undo);
      const inner = await undo.getObject(ctx);
      if (inner instanceof Follow) followers.delete(undo.actorId?.href);
    })
    .on(Create, record)
    .on(Like, record)
    .on(Announce, record)
    .on(Reject, record)
    .on(Update, record)
    .on(Delete, record)
    // A report (Mastodon's shape: the account, then the objects, in `object`).
    .on(Flag, (ctx, flag) => record(ctx, flag, { objects: flag.objectIds.map((u) => u.href) }))
    .onUnverifiedActivity((_ctx, activity, reason) => {
      log.unverified.push({
        type: activity.constructor?.name,
        id: activity.id?.href,
        reason: reason?.type ?? String(reason),
        at: new Date().toISOString(),
      });
      return new Response("unverified", { status: 401 });
    })
    .onError((_ctx, error) => {
      log.errors.push({ error: String(error), at: new Date().toISOString() });
    });

  // Logs every request with its headers and whether its HTTP signature verifies.
  const handle = async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/_control/")) return control(request, url);
    const entry = {
      method: request.method,
      path: url.pathname + url.search,
      headers: headerObject(request.headers),
      spec: signatureSpec(request.headers),
      at: new Date().toISOString(),
    };
    if (entry.spec !== "none") {
      const ctx = federation.createContext(request);
      const result = await verifyRequestDetailed(request.clone(), {
        documentLoader: ctx.documentLoader,
        contextLoader: ctx.contextLoader,
      });
      entry.verified = result.verified;
      entry.keyId = result.verified ? result.key.id?.href : result.reason?.keyId?.href;
      if (!result.verified) entry.reason = result.reason?.type;
    } else {
      entry.verified = null;
    }
    const response = await currentRequest.run(entry, () =>
      federation.fetch(request, { contextData: undefined }),
    );
    entry.status = response.status;
    log.requests.push(entry);
    return response;
  };

  const server = await new Promise((resolve) => {
    const s = serve({ fetch: handle, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const actualPort = server.address().port;
  origin = `http://${host}:${actualPort}`;

  const context = () => federation.createContext(new URL(origin), undefined);
  const actorUri = () => context().getActorUri(ACTOR);
  const signedLoader = async () => context().getDocumentLoader({ identifier: ACTOR });

  const lookup = async (id) => {
    const ctx = context();
    const object = await ctx.lookupObject(id, { documentLoader: await signedLoader() });
    if (!object) throw new Error(`could not look up ${id}`);
    return object;
  };

  const newId = (kind) => new URL(`/${kind}/${randomUUID()}`, origin);

  const send = async (recipients, activity, identifier = ACTOR) => {
    await context().sendActivity({ identifier }, recipients, activity, {
      immediate: true,
    });
    const json = await activity.toJsonLd({ contextLoader: context().contextLoader });
    objects.set(activity.id.href, json);
    return json;
  };

  /**
   * Sends `activity` to `inbox` (standing for `recipient`, an actor id) without looking the
   * recipient up, and reports the HTTP status of each attempt (Fedify knocks with RFC 9421
   * first, then draft-cavage) and the error Fedify threw when every attempt was refused.
   */
  const attempt = async (inbox, recipient, activity, identifier = ACTOR) => {
    const mark = log.outgoing.length;
    let error = null;
    try {
      await send({ id: new URL(recipient), inboxId: new URL(inbox), endpoints: null }, activity, identifier);
    } catch (e) {
      error = String(e);
    }
    const attempts = log.outgoing
      .slice(mark)
      .filter((r) => r.method === "POST" && r.url === inbox)
      .map((r) => ({ spec: r.spec, status: r.status }));
    return { id: activity.id.href, attempts, error };
  };

  const peer = {
    get origin() {
      return origin;
    },
    get actorId() {
      return actorUri().href;
    },
    log,
    followers,
    following,

    get appId() {
      return context().getActorUri(APP).href;
    },

    /**
     * Follows a remote actor (by URL or handle); resolves once the Follow is delivered.
     * `as: "hub"` follows as the Application actor.
     */
    async follow(target, { as = ACTOR } = {}) {
      const actor = await lookup(target);
      const me = context().getActorUri(as);
      const follow = new Follow({ id: newId("follows"), actor: me, object: actor.id });
      following.set(actor.id.href, { state: "pending", followId: follow.id.href, follow, as });
      await send(actor, follow, as);
      return follow.id.href;
    },

    async unfollow(target) {
      const actor = await lookup(target);
      const entry = following.get(actor.id.href);
      if (!entry) throw new Error(`not following ${target}`);
      await send(
        actor,
        new Undo({ id: newId("undos"), actor: actorUri(), object: entry.follow }),
      );
      following.delete(actor.id.href);
    },

    /**
     * Posts a Note. `audience`: "public" (default), "followers", or the URL of a group;
     * `inReplyTo`: the id of a post to answer (its author receives it too).
     */
    async post({ content, audience = "public", inReplyTo = null, mention = null }) {
      const ctx = context();
      const followersUri = ctx.getFollowersUri(ACTOR);
      const to = [];
      const cc = [];
      const recipients = [...followers.values()];
      if (audience === "public") {
        to.push(PUBLIC_COLLECTION);
        cc.push(followersUri);
      } else if (audience === "followers") {
        to.push(followersUri);
      } else if (audience === "direct") {
        // Mastodon's direct shape: only the mentioned account, in `to`, with a Mention tag.
        if (!mention) throw new Error("a direct message needs `mention`");
        recipients.length = 0;
      } else {
        const group = await lookup(audience);
        to.push(group.id);
        cc.push(PUBLIC_COLLECTION);
        recipients.push(group);
      }
      // A direct answer is addressed to the mentioned account only.
      if (inReplyTo && audience !== "direct") {
        const parent = await lookup(inReplyTo);
        const author = await parent.getAttribution({ documentLoader: await signedLoader() });
        if (author && isActor(author)) {
          cc.push(author.id);
          recipients.push(author);
        }
      }
      const tags = [];
      if (mention) {
        const actor = await lookup(mention);
        (audience === "direct" ? to : cc).push(actor.id);
        recipients.push(actor);
        if (audience === "direct") tags.push(new Mention({ href: actor.id, name: `@${actor.preferredUsername}` }));
      }
      const id = ctx.getObjectUri(Note, { id: randomUUID() });
      const note = new Note({
        id,
        attribution: actorUri(),
        content,
        tags,
        tos: to,
        ccs: cc,
        replyTarget: inReplyTo ? new URL(inReplyTo) : null,
        published: Temporal.Now.instant(),
        url: id,
      });
      objects.set(id.href, await note.toJsonLd({ contextLoader: ctx.contextLoader }));
      const create = new Create({
        id: new URL(`${id.href}/activity`),
        actor: actorUri(),
        object: note,
        tos: to,
        ccs: cc,
      });
      await send(dedupe(recipients), create);
      return id.href;
    },

    /**
     * Answers a post of a community thread (FEP-1b12, as Lemmy does): a `Create{Note}` with
     * `inReplyTo`, addressed to the public and the community (`to`, `cc` and `audience`),
     * delivered to `inbox` (the community's inbox by default; any inbox URL, e.g. the
     * thread author's). Resolves once delivered (Fedify throws on a refusal), with the
     * Note's id.
     */
    async reply({ content, inReplyTo, community, inbox = null }) {
      const ctx = context();
      const group = await lookup(community);
      const id = ctx.getObjectUri(Note, { id: randomUUID() });
      const addressing = { tos: [PUBLIC_COLLECTION, group.id], ccs: [group.id] };
      const note = new Note({
        id,
        attribution: actorUri(),
        content,
        ...addressing,
        audience: group.id,
        replyTarget: new URL(inReplyTo),
        published: Temporal.Now.instant(),
        url: id,
      });
      objects.set(id.href, await note.toJsonLd({ contextLoader: ctx.contextLoader }));
      const create = new Create({
        id: new URL(`${id.href}/activity`),
        actor: actorUri(),
        object: note,
        ...addressing,
        audience: group.id,
      });
      const recipient = inbox
        ? { id: group.id, inboxId: new URL(inbox), endpoints: null }
        : group;
      await send(recipient, create);
      return id.href;
    },

    /**
     * Edits a Note this peer posted in a community thread: an `Update` addressed to the
     * public with the community in `cc` (one value each, which Fedify's compaction writes as
     * single strings, not arrays), delivered to the community. Resolves with the JSON sent.
     */
    async edit({ noteId, content, inReplyTo, community }) {
      const group = await lookup(community);
      const note = new Note({
        id: new URL(noteId),
        attribution: actorUri(),
        content,
        tos: [PUBLIC_COLLECTION],
        ccs: [group.id],
        audience: group.id,
        replyTarget: new URL(inReplyTo),
        published: Temporal.Now.instant(),
        updated: Temporal.Now.instant(),
        url: new URL(noteId),
      });
      objects.set(noteId, await note.toJsonLd({ contextLoader: context().contextLoader }));
      const update = new Update({
        id: newId("updates"),
        actor: actorUri(),
        object: note,
        tos: [PUBLIC_COLLECTION],
        ccs: [group.id],
        audience: group.id,
      });
      return await send(group, update);
    },

    async like(objectId) {
      const object = await lookup(objectId);
      const author = await object.getAttribution({ documentLoader: await signedLoader() });
      const like = new Like({ id: newId("likes"), actor: actorUri(), object: object.id });
      await send(author, like);
      return like.id.href;
    },

    async announce(objectId) {
      const object = await lookup(objectId);
      const author = await object.getAttribution({ documentLoader: await signedLoader() });
      const announce = new Announce({
        id: newId("announces"),
        actor: actorUri(),
        object: object.id,
        tos: [PUBLIC_COLLECTION],
        ccs: [author.id, context().getFollowersUri(ACTOR)],
      });
      await send(dedupe([author, ...followers.values()]), announce);
      return announce.id.href;
    },

    /**
     * Joins an event (Mobilizon's shape: `object` is the event's id), sent to its
     * organiser's inbox; resolves once delivered, with the Join's id.
     */
    async join(eventId) {
      const event = await lookup(eventId);
      const organizer = await event.getAttribution({ documentLoader: await signedLoader() });
      if (!organizer || !isActor(organizer)) throw new Error(`no organiser for ${eventId}`);
      const join = new Join({
        id: newId("joins"),
        actor: actorUri(),
        object: event.id,
        tos: [organizer.id],
      });
      await send(organizer, join);
      return join.id.href;
    },

    /** Leaves an event (a `Leave` whose `object` is the event's id). */
    async leave(eventId) {
      const event = await lookup(eventId);
      const organizer = await event.getAttribution({ documentLoader: await signedLoader() });
      if (!organizer || !isActor(organizer)) throw new Error(`no organiser for ${eventId}`);
      const leave = new Leave({
        id: newId("leaves"),
        actor: actorUri(),
        object: event.id,
        tos: [organizer.id],
      });
      await send(organizer, leave);
      return leave.id.href;
    },

    /**
     * What a peer hub sends (src/federation/hub/announce.rs): an `Announce` by the
     * Application actor of a `Create{Group}` it made, embedded, delivered to `inbox` (a
     * hub's instance actor inbox). Resolves with the HTTP statuses of the delivery
     * attempts (Fedify throws on a refusal; the error is returned too).
     */
    async hubAnnounce({ inbox, recipient }) {
      const ctx = context();
      const app = ctx.getActorUri(APP);
      const groupId = newId("groups");
      const group = new Group({
        id: groupId,
        name: "A project nobody peers with",
        summary: "Announced by an Application that is no peer.",
        inbox: new URL(`${groupId.href}/inbox`),
      });
      const create = new Create({ id: newId("creates"), actor: app, object: group, tos: [PUBLIC_COLLECTION] });
      const announce = new Announce({ id: newId("announces"), actor: app, object: create, tos: [PUBLIC_COLLECTION] });
      const mark = log.outgoing.length;
      let error = null;
      try {
        await send({ id: new URL(recipient), inboxId: new URL(inbox), endpoints: null }, announce, APP);
      } catch (e) {
        error = String(e);
      }
      const attempts = log.outgoing
        .slice(mark)
        .filter((r) => r.method === "POST" && r.url === inbox)
        .map((r) => ({ spec: r.spec, status: r.status }));
      return { id: announce.id.href, groupId: group.id.href, attempts, error };
    },

    /**
     * A report as Mastodon sends it: a `Flag` from this actor whose `object` is the reported
     * account then the reported objects, `content` the comment, `to` the account; delivered
     * to `inbox` (e.g. the account's or the shared inbox) without a lookup. Resolves with
     * the Flag's id and the attempts' statuses (see `attempt`).
     */
    async flag({ account, objects = [], content, inbox }) {
      const flag = new Flag({
        id: newId("flags"),
        actor: actorUri(),
        objects: [new URL(account), ...objects.map((o) => new URL(o))],
        content,
        tos: [new URL(account)],
      });
      return await attempt(inbox, account, flag);
    },

    /**
     * Delivers one activity of this actor straight to `inbox` (for `recipient`, an actor
     * id), without looking anything up: `kind` "Follow" (of the recipient), "Create" (a
     * public Note with `content` mentioning the recipient) or "Announce" (of `object`, an
     * id). Resolves with the activity's id, the Note's id for a Create, and the attempts'
     * statuses (see `attempt`).
     */
    async deliver({ kind, inbox, recipient, content = "", object = null }) {
      const ctx = context();
      const to = new URL(recipient);
      if (kind === "Follow") {
        const follow = new Follow({ id: newId("follows"), actor: actorUri(), object: to });
        return await attempt(inbox, recipient, follow);
      }
      if (kind === "Create") {
        const id = ctx.getObjectUri(Note, { id: randomUUID() });
        const addressing = { tos: [PUBLIC_COLLECTION], ccs: [to] };
        const note = new Note({
          id,
          attribution: actorUri(),
          content,
          ...addressing,
          tags: [new Mention({ href: to })],
          published: Temporal.Now.instant(),
          url: id,
        });
        objects.set(id.href, await note.toJsonLd({ contextLoader: ctx.contextLoader }));
        const create = new Create({
          id: new URL(`${id.href}/activity`),
          actor: actorUri(),
          object: note,
          ...addressing,
        });
        return { ...(await attempt(inbox, recipient, create)), noteId: id.href };
      }
      if (kind === "Announce") {
        const announce = new Announce({
          id: newId("announces"),
          actor: actorUri(),
          object: new URL(object),
          tos: [PUBLIC_COLLECTION],
          ccs: [to],
        });
        return await attempt(inbox, recipient, announce);
      }
      throw new Error(`cannot deliver a ${kind}`);
    },

    /**
     * Reads a collection with Fedify's classes: looked up (signed), then every item by
     * `traverseCollection` (which follows `first` and `next`). Returns the collection's
     * class and `totalItems`, each item's class and id, and the pages fetched.
     */
    async traverse(url) {
      const mark = log.outgoing.length;
      const collection = await lookup(url);
      if (!(collection instanceof Collection)) {
        throw new Error(`${url} is a ${collection?.constructor?.name}, not a Collection`);
      }
      const items = [];
      for await (const item of traverseCollection(collection, {
        documentLoader: await signedLoader(),
        contextLoader: context().contextLoader,
      })) {
        items.push({ type: item.constructor?.name, id: item.id?.href ?? item.href?.href });
      }
      const pages = log.outgoing
        .slice(mark)
        .filter((r) => r.method === "GET" && r.url.startsWith(url))
        .map((r) => ({ url: r.url, status: r.status }));
      return {
        type: collection.constructor.name,
        totalItems: collection.totalItems,
        items,
        pages,
      };
    },

    /** Reads JSON-LD (as received) with Fedify's vocabulary: an Event, a Note, an activity. */
    async parse(json) {
      const ctx = context();
      return await ASObject.fromJsonLd(json, {
        contextLoader: ctx.contextLoader,
        documentLoader: await signedLoader(),
      });
    },

    /**
     * Expands JSON-LD with Fedify's context loader (preloaded contexts, no network): what
     * an RDF-minded reader sees. Terms the document's context does not define are lost.
     */
    async expand(json) {
      return await jsonld.expand(json, { documentLoader: context().contextLoader });
    },

    get movedId() {
      return context().getActorUri(MOVED).href;
    },

    /**
     * Moves `peer` to the `moved` account (which names it in `alsoKnownAs`), as Mastodon
     * does: `peer` says where it went (`movedTo`) and its followers get a `Move`.
     */
    async move() {
      const ctx = context();
      movedTo = ctx.getActorUri(MOVED);
      const move = new Move({
        id: newId("moves"),
        actor: actorUri(),
        object: actorUri(),
        target: movedTo,
        tos: [ctx.getFollowersUri(ACTOR)],
      });
      await send(dedupe([...followers.values()]), move);
      return move.id.href;
    },

    /** Looks an actor or object up (URL or handle) with signed fetches; Fedify's class. */
    async lookup(id) {
      return await lookup(id);
    },

    /** Fetches a document with a signed GET; returns its JSON. */
    async fetchSigned(url) {
      const loader = await signedLoader();
      const { document } = await loader(url);
      return document;
    },

    async close() {
      globalThis.fetch = realFetch;
      await new Promise((resolve) => server.close(resolve));
    },
  };

  // The control API of the standalone script: POST a JSON body, get JSON back.
  async function control(request, url) {
    const body = request.method === "POST" ? await request.json().catch(() => ({})) : {};
    const actions = {
      "/_control/follow": () => peer.follow(body.target),
      "/_control/unfollow": () => peer.unfollow(body.target),
      "/_control/post": () => peer.post(body),
      "/_control/reply": () => peer.reply(body),
      "/_control/like": () => peer.like(body.object),
      "/_control/announce": () => peer.announce(body.object),
      "/_control/join": () => peer.join(body.object),
      "/_control/leave": () => peer.leave(body.object),
      "/_control/fetch": () => peer.fetchSigned(body.url),
      "/_control/traverse": () => peer.traverse(body.url),
      "/_control/hub-announce": () => peer.hubAnnounce(body),
      "/_control/flag": () => peer.flag(body),
      "/_control/deliver": () => peer.deliver(body),
      "/_control/move": () => peer.move(),
      "/_control/log": async () => log,
    };
    const action = actions[url.pathname];
    if (!action) return Response.json({ error: "unknown action" }, { status: 404 });
    try {
      return Response.json({ ok: true, result: await action() });
    } catch (e) {
      return Response.json({ ok: false, error: String(e) }, { status: 500 });
    }
  }

  return peer;
}

function dedupe(actors) {
  const seen = new Map();
  for (const a of actors) if (a?.id) seen.set(a.id.href, a);
  return [...seen.values()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const peer = await startPeer({
    port: Number(arg("port", "9300")),
    host: arg("host", "localhost"),
  });
  console.log(`Fedify peer ${peer.actorId} (control API under ${peer.origin}/_control/)`);
}
