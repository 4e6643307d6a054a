// The browser suite: the journeys of Tessera's four users in headless Chromium, on two real
// hubs ("Tallinn" and "Lisboa", each the tessera binary on its own database: SQLite, or
// PostgreSQL when TESSERA_TEST_DATABASE_URL names a server, one database per hub):
//
// - a visitor reads the home page, searches the directory (a plural query, a facet) and
//   everything, and reads a project, the events, an event, the communities and a thread;
// - a newcomer signs up on a hub that approves accounts, and the admin approves;
// - a project team creates an organisation and a project through the forms, gives the
//   project a logo and a partner, posts an update, publishes an event; members join it
//   until its waiting list opens;
// - a practitioner in Lisbon follows a Tallinn community late and still reads (and
//   answers, nested) a thread started before the follow; the admins peer the two hubs, and
//   the federation page and the directory show the other hub's name;
// - the same pages in French.
//
// Every page a journey reaches is checked at 1280 and 390 px: axe-core must find no critical
// and no serious violation; and no page may be wider than a 360 or 390 px phone screen. A
// failing check keeps a screenshot in work/failures/. The home page and a project page are
// written to docs/screenshots/ for the README.
//
//   node journeys.mjs --tessera ../../target/debug/tessera [--chromium /usr/bin/chromium] [--shots]

import puppeteer from "puppeteer-core";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startHub, eventually } from "../interop/lib/tessera.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = arg("--tessera", join(repo, "target/debug/tessera"));
const chromium = arg("--chromium", "/usr/bin/chromium");
const work = join(here, "work");
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, "failures"), { recursive: true });
mkdirSync(join(work, "shots"), { recursive: true });
const PASSWORD = "interop-password-1";
const WIDTHS = [1280, 390];
/** `--shots`: keep a screenshot of every page checked, in work/shots/, to look at. */
const shots = process.argv.includes("--shots");
/** Phone widths no page may be wider than. */
const PHONES = [390, 360];

const failures = [];
const passed = [];
const fail = (what, detail) => failures.push(`${what}: ${detail}`);

/** A PNG of `size` px square in one colour (a logo for the journeys). */
function png(size, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(size).fill([r, g, b]).flat())]);
  const raw = Buffer.concat(Array(size).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function putLogo(hub, kind, handle) {
  const response = await fetch(`${hub.base}/api/v1/${kind}/${handle}/logo`, {
    method: "PUT",
    headers: { authorization: `Bearer ${hub.token}`, "content-type": "image/png" },
    body: png(128, [11, 83, 148]),
  });
  if (!response.ok) fail(`logo of ${handle}`, `${response.status} ${await response.text()}`);
}

/** Checks the page as it is now, at every width: axe, and no horizontal scroll on phones. */
async function check(page, label) {
  for (const width of WIDTHS) {
    await page.setViewport({ width, height: 900 });
    await page.addScriptTag({ path: join(here, "node_modules/axe-core/axe.min.js") });
    const result = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
      return r.violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    });
    if (shots) {
      await page.screenshot({ path: join(work, "shots", `${label.replace(/[^a-z0-9]+/gi, "-")}-${width}.png`), fullPage: true });
    }
    const problems = [...result];
    for (const phone of width < 400 ? PHONES : []) {
      await page.setViewport({ width: phone, height: 900 });
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scroll > phone) problems.push(`page is ${scroll} px wide at ${phone} px`);
    }
    if (problems.length) {
      const shot = join(work, "failures", `${label.replace(/[^a-z0-9]+/gi, "-")}-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      fail(`${label} at ${width} px`, `${problems.join("; ")} (screenshot ${shot})`);
    } else {
      passed.push(`${label} at ${width} px`);
    }
  }
  await page.setViewport({ width: 1280, height: 900 });
}

async function visit(page, url, label) {
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || response.status() >= 400) {
    fail(label, `${url} answered ${response?.status()}`);
    return false;
  }
  await check(page, label);
  return true;
}

async function logIn(page, hub, name, password = PASSWORD) {
  await page.goto(`${hub.base}/login`);
  await page.type("#username", name);
  await page.type("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("form[action='/login'] button[type=submit]")]);
}


/** Submits the form that `button` belongs to and waits for the answer. */
async function submitWith(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

/** A refused form as a person meets it (issue 19): answered at `path`, every field in
 * `fields` marked and listed in the summary, which has the focus; then the checks of every
 * page, screenshots at both widths in work/screens/, and a reload of the address. */
async function refused(page, label, path, fields) {
  // `autofocus` is applied at the page's next rendering step, which may come just after
  // the load event: give it that moment.
  await page
    .waitForFunction(() => document.activeElement?.classList.contains("error-summary"), { timeout: 3000 })
    .catch(() => {});
  const found = await page.evaluate(() => ({
    url: location.pathname,
    focused: document.activeElement?.classList.contains("error-summary") ?? false,
    links: [...document.querySelectorAll(".error-summary a")].map((a) => a.getAttribute("href")),
    invalid: [...document.querySelectorAll("[aria-invalid=true]")].map((e) => e.id),
  }));
  if (found.url !== path) fail(label, `answered at ${found.url}, not ${path}`);
  if (!found.focused) fail(label, "the error summary does not have the focus");
  for (const field of fields) {
    if (!found.links.includes(`#${field}`)) fail(label, `the summary does not link to #${field}`);
    if (!found.invalid.includes(field)) fail(label, `#${field} is not marked invalid`);
  }
  await check(page, label);
  mkdirSync(join(work, "screens"), { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewport({ width, height: 900 });
    const name = `${label.replace(/[^a-z0-9]+/gi, "-")}-${width}`;
    await page.screenshot({ path: join(work, "screens", `${name}.png`), fullPage: true });
    // The top as the screen shows it, and the last field refused, to read them at full size.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(work, "screens", `${name}-top.png`) });
    await page.evaluate((id) => document.getElementById(id)?.scrollIntoView(), fields.at(-1));
    await page.screenshot({ path: join(work, "screens", `${name}-last.png`) });
  }
  await page.setViewport({ width: 1280, height: 900 });
  // The dark colour scheme: the same checks (contrast of the messages), and a picture.
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await check(page, `${label} (dark)`);
  await page.screenshot({ path: join(work, "screens", `${label.replace(/[^a-z0-9]+/gi, "-")}-dark.png`) });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  const again = await page.goto(`${page.url()}`, { waitUntil: "load" });
  if (!again || again.status() >= 400) fail(label, `reloading ${path} answered ${again?.status()}`);
}

const text = (page) => page.evaluate(() => document.body.innerText);
const run = promisify(execFile);

/** Settings of a hub's database: its own PostgreSQL database when a server is named. */
async function database(name) {
  const server = process.env.TESSERA_TEST_DATABASE_URL;
  if (!server) return {};
  const db = `tessera_browser_${name}`;
  await run("psql", [server, "-qc", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  await run("psql", [server, "-qc", `CREATE DATABASE ${db}`]);
  const url = new URL(server);
  url.pathname = `/${db}`;
  return { TESSERA_DATABASE__URL: url.toString() };
}

/** Sets form fields (inputs, selects and text areas) by selector. */
async function fill(page, values) {
  for (const [selector, value] of Object.entries(values)) {
    const found = await page.$(selector);
    if (!found) {
      fail(`form on ${page.url()}`, `no field ${selector}`);
      continue;
    }
    await page.$eval(selector, (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }, value);
  }
}

/** Submits the form holding `field` and waits for the next page. */
async function submit(page, field) {
  const found = await page.$(field);
  if (!found) {
    fail(`form on ${page.url()}`, `no field ${field} to submit`);
    return;
  }
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.$eval(field, (el) => el.form.requestSubmit())]);
}

/** Clicks the submit button of the form posting to an action ending with `suffix`. */
async function press(page, suffix, what) {
  const button = await page.$(`form[action$='${suffix}'] button[type=submit]`);
  if (!button) {
    fail(what, `no button for ${suffix} on ${page.url()}`);
    return false;
  }
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), button.click()]);
  return true;
}

const path = (page) => new URL(page.url()).pathname;

async function main() {
  const tallinn = await startHub({
    binary,
    workdir: join(work, "tallinn"),
    member: "ana",
    admin: "root",
    name: "Tallinn",
    env: { TESSERA_REGISTRATION__MODE: "approval", TESSERA_INSTANCE__COUNTRY: "EE", ...(await database("tallinn")) },
  });
  const lisboa = await startHub({
    binary,
    workdir: join(work, "lisboa"),
    member: "ben",
    admin: "boss",
    name: "Lisboa",
    env: { TESSERA_REGISTRATION__MODE: "open", TESSERA_INSTANCE__COUNTRY: "PT", ...(await database("lisboa")) },
  });
  const t = tallinn.api;
  const ok = (what, r, code = 201) => {
    if (r.status !== code) fail(what, `${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  // A community with a thread and a reply, before anyone in Lisbon follows it.
  ok("community", await t("POST", "/communities", {
    handle: "cities", name: "Cities and urban development", languages: ["en", "et"],
    description: "Peer learning on **housing** and mobility.",
  }));
  const thread = ok("thread", await t("POST", "/communities/cities/threads", {
    title: "How do you fund housing co-ops?", content: "We are starting a co-op in Kopli. Who has done this?", language: "en",
  }));
  ok("reply", await t("POST", `/threads/${thread.id}/replies`, { content: "A municipal guarantee helped us.", language: "en" }));
  const logoFile = join(work, "logo.png");
  writeFileSync(logoFile, png(128, [11, 83, 148]));

  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const english = async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setExtraHTTPHeaders({ "accept-language": "en" });
      return page;
    };

    // The project team (ana): an organisation and a project through the forms, the
    // project's logo and partner, an update, an event.
    const team = await english();
    await logIn(team, tallinn, "ana");
    await visit(team, `${tallinn.base}/organisations/new`, "new organisation form");
    await fill(team, {
      "#handle": "kopli", "#name": "Kopli Gardens Association", "#summary": "Neighbours who grow food together in Kopli.",
      "#country": "EE", "#org_type": "ngo-association",
    });
    await submit(team, "#handle");
    if (path(team) !== "/organisations/kopli") fail("new organisation", `landed on ${team.url()}`);
    await putLogo(tallinn, "organisations", "kopli");
    await visit(team, `${tallinn.base}/projects/new`, "new project form");
    await fill(team, {
      "#handle": "green_roofs", "#name": "Green Roofs Tallinn",
      "#summary": "Gardens on the flat roofs of Soviet-era housing blocks, planted with their residents.",
      "#description": "We turn **roofs** into gardens.\n\nEvery block votes first.",
      "#status": "active", "#country": "EE", "#languages": "et, en",
    });
    await team.$$eval("input[name=themes]", (boxes) => {
      for (const b of boxes) b.checked = ["cities-urban-development", "food-environment-climate"].includes(b.value);
    });
    await submit(team, "#handle");
    if (path(team) !== "/projects/green_roofs") fail("new project", `landed on ${team.url()}`);
    else await check(team, "project page (its team)");
    await visit(team, `${tallinn.base}/projects/green_roofs/edit`, "project edit form");
    const logoInput = await team.$("#logo-file");
    if (logoInput) {
      await logoInput.uploadFile(logoFile);
      await submit(team, "#logo-file");
      await check(team, "project logo saved");
    } else fail("project logo", "no logo upload field on the edit page");
    await visit(team, `${tallinn.base}/projects/green_roofs/members`, "project members and partners");
    await fill(team, { "#link-organisation": "kopli" });
    await submit(team, "#link-organisation");
    await check(team, "partner added");
    await visit(team, `${tallinn.base}/projects/green_roofs`, "project page with its partner");
    const projectText = await text(team);
    if (!projectText.includes("Kopli Gardens Association")) fail("partner", "the project page does not name its partner");
    if (!(await team.$("img[src*='/media/']"))) fail("logo", "the project page shows no logo");
    await fill(team, { "#update-content": "The first roof is planted! #greenroofs" });
    await submit(team, "#update-content");
    if (!(await text(team)).includes("The first roof is planted!")) fail("update", "the update is not on the project page");
    await visit(team, `${tallinn.base}/events/new`, "event form");
    const setValues = (values) => team.evaluate((v) => {
      for (const [id, value] of Object.entries(v)) document.getElementById(id).value = value;
    }, values);
    // No title and an unknown zone: both at once (the times wait for a zone).
    await setValues({ time_zone: "Mars/Olympus", starts: "2027-05-12T10:00", ends: "2027-05-12T16:00", place_name: "Kopli 1" });
    await submitWith(team, "form.event-form button[type=submit]");
    await refused(team, "event form refused", "/events/new", ["title", "time_zone"]);
    // The reload shows the form afresh: the end before the start and half a position.
    await setValues({ title: "Seed swap", starts: "2027-05-12T10:00", ends: "2027-05-12T09:00", place_name: "Kopli 1", latitude: "95" });
    await submitWith(team, "form.event-form button[type=submit]");
    await refused(team, "event form refused again", "/events/new", ["ends", "latitude", "longitude"]);
    await fill(team, {
      "#organizer": "green_roofs", "#title": "Roof garden work day",
      "#description": "We plant **beds** on the roof of Sõpruse 5.",
      "#starts": "2027-05-12T10:00", "#ends": "2027-05-12T16:00", "#time_zone": "Europe/Tallinn",
      "#place_name": "Sõpruse 5", "#street": "Sõpruse pst 5", "#locality": "Tallinn", "#country": "EE",
      "#language": "en", "#join_mode": "free", "#capacity": "1",
    });
    await submit(team, "#title");
    const eventPath = path(team);
    if (!eventPath.startsWith("/events/") || eventPath === "/events/new") fail("new event", `landed on ${team.url()}`);
    else await check(team, "event page (its organiser)");

    // A funding call by the association: refused once (no title, a deadline before the
    // opening), then published; the project it fits shows it.
    await visit(team, `${tallinn.base}/calls/new`, "call form");
    await setValues({ title: "", opens: "2027-06-01T09:00", deadlines: "2027-05-12T09:00" });
    await submitWith(team, "form.call-form button[type=submit]");
    await refused(team, "call form refused", "/calls/new", ["title", "deadlines"]);
    await fill(team, {
      "#publisher": "kopli", "#title": "Kopli green roofs fund",
      "#summary": "Small grants for roof gardens planted with residents.",
      "#description": "We fund **soil, seeds and tools**.", "#programme": "national", "#kind": "grant",
      "#amount_max": "5000", "#time_zone": "Europe/Tallinn", "#opens": "", "#deadlines": "2027-09-30T17:00",
      "#countries": "EE", "#link": "https://kopli.example/fund",
    });
    await team.$$eval("input[name=themes]", (boxes) => {
      for (const b of boxes) b.checked = b.value === "food-environment-climate";
    });
    await submit(team, "#title");
    const callPath = path(team);
    if (!callPath.startsWith("/calls/") || callPath === "/calls/new") fail("new call", `landed on ${team.url()}`);
    else await check(team, "call page (its publisher)");

    // A second project adapts the first one: both pages say so, the first with the country.
    await visit(team, `${tallinn.base}/projects/new`, "new project form (second)");
    await fill(team, {
      "#handle": "riga_roofs", "#name": "Riga Roof Gardens",
      "#summary": "Roof gardens in Riga, after the Tallinn model.",
      "#description": "Residents plant **roofs** in Riga.",
      "#status": "active", "#country": "LV", "#languages": "lv, en",
    });
    await submit(team, "#handle");
    await visit(team, `${tallinn.base}/projects/riga_roofs/replications`, "replication form");
    await fill(team, { "#replication-source": "@green_roofs", "#replication-note": "Same workshops, with Riga's housing cooperatives." });
    await team.select("#replication-relation", "adapts");
    await submit(team, "#replication-source");
    if (!(await text(team)).includes("Green Roofs Tallinn")) fail("replication", "the adapted project is not named after declaring it");
    await visit(team, `${tallinn.base}/projects/riga_roofs`, "project page with its source");
    if (!(await text(team)).includes("Adapts")) fail("replication", "the project page does not show what it adapts");

    // A knowledge resource shared as the project: refused once (no title, a bad language),
    // then shared; a PDF attached on its page; the project page lists it.
    await visit(team, `${tallinn.base}/resources/new`, "resource form");
    await setValues({ title: "", language: "elvish" });
    await submitWith(team, "form.resource-form button[type=submit]");
    await refused(team, "resource form refused", "/resources/new", ["title", "language"]);
    await fill(team, {
      "#publisher": "green_roofs", "#kind": "toolkit", "#title": "Roof garden toolkit",
      "#summary": "How residents plan, plant and keep a roof garden.",
      "#body": "Start with a **soil test**.", "#licence": "cc-by-sa", "#language": "en",
      "#authors": "Maria Tamm", "#projects": "@green_roofs",
    });
    await submit(team, "#title");
    const resourcePath = path(team);
    if (!resourcePath.startsWith("/resources/") || resourcePath === "/resources/new") fail("new resource", `landed on ${team.url()}`);
    else {
      const pdf = join(work, "toolkit.pdf");
      writeFileSync(pdf, "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
      const input = await team.$("#file");
      if (!input) fail("resource page", "no file field for its sharer");
      else {
        await input.uploadFile(pdf);
        await team.type("#file-name", "Planting guide");
        await submit(team, "#file");
        if (!(await text(team)).includes("Planting guide")) fail("resource file", "the PDF is not listed after its upload");
      }
      await check(team, "resource page (its sharer)");
    }

    // A visitor: home, directory with a plural query and a facet, search, project, event.
    const page = await english();
    await visit(page, `${tallinn.base}/directory?q=roof`, "directory, singular query");
    if (!(await text(page)).includes("Green Roofs Tallinn")) fail("directory", "“roof” does not find “Green Roofs Tallinn”");
    const facet = await page.$(".facet-theme a");
    if (facet) {
      await Promise.all([page.waitForNavigation(), facet.click()]);
      await check(page, "directory, one facet chosen");
    } else fail("directory", "no theme facet to choose");
    await visit(page, `${tallinn.base}/search?q=gardens`, "search across kinds");
    if (!(await text(page)).includes("Kopli Gardens Association")) fail("search", "“gardens” does not find the association");
    await visit(page, `${tallinn.base}/projects/green_roofs`, "project page");
    await visit(page, `${tallinn.base}/events`, "events");
    await visit(page, `${tallinn.base}/calls?country=EE`, "calls, one country");
    if (!(await text(page)).includes("Kopli green roofs fund")) fail("calls", "the call is not listed for Estonia");
    await visit(page, `${tallinn.base}${callPath}`, "call page (visitor)");
    await visit(page, `${tallinn.base}/projects/green_roofs`, "project page with calls for it");
    if (!(await text(page)).includes("Calls for you")) fail("calls for you", "the project page shows no call that fits it");
    if (!(await text(page)).includes("Replicated in Latvia")) fail("replication", "the project page does not say where it was replicated");
    await visit(page, `${tallinn.base}/resources?kind=toolkit`, "library, one kind");
    if (!(await text(page)).includes("Roof garden toolkit")) fail("library", "the toolkit is not listed");
    await visit(page, `${tallinn.base}${resourcePath}`, "resource page (visitor)");
    await visit(page, `${tallinn.base}/projects/green_roofs`, "project page with its resources");
    if (!(await text(page)).includes("Roof garden toolkit")) fail("project resources", "the project page does not list its resource");
    await visit(page, `${tallinn.base}${eventPath}`, "event page (visitor)");
    // "Log in to join" comes back to the event, at joining.
    const loginLink = await page.$("a[href$='%23participation'][href^='/login?next=']");
    if (!loginLink) fail("event page", "no log-in link that comes back to #participation");
    await visit(page, `${tallinn.base}/communities`, "communities");
    await visit(page, `${tallinn.base}/communities/cities`, "community page");
    await visit(page, `${tallinn.base}/threads/${thread.id}`, "thread page");

    // Newcomers sign up on a hub that approves accounts; the admin approves them.
    const admin = await english();
    await logIn(admin, tallinn, "root");
    const newcomer = async (name) => {
      const p = await english();
      await visit(p, `${tallinn.base}/signup`, `sign-up form (${name})`);
      await fill(p, { "#username": name, "#password": "a long passphrase", "#password_confirm": "a long passphrase" });
      if (await p.$("#reason")) await fill(p, { "#reason": "I run a community garden." });
      await submit(p, "#username");
      await check(p, `sign-up done (${name})`);
      await visit(admin, `${tallinn.base}/admin`, "admin page");
      if (!(await press(admin, "/approve", `approve ${name}`))) return p;
      await logIn(p, tallinn, name, "a long passphrase");
      return p;
    };
    // Three mistakes at once, each beside its field, the summary first.
    const hasty = await english();
    await visit(hasty, `${tallinn.base}/signup`, "sign-up form");
    await hasty.type("#username", "Al");
    await hasty.type("#password", "short");
    await hasty.type("#password_confirm", "other");
    await submitWith(hasty, "form[action='/signup'] button[type=submit]");
    await refused(hasty, "sign-up refused", "/signup", ["username", "password", "password_confirm"]);
    const eva = await newcomer("eva");
    const dan = await newcomer("dan");

    // Members take part: one place, then the waiting list.
    await visit(eva, `${tallinn.base}/`, "home (member)");
    await visit(eva, `${tallinn.base}${eventPath}`, "event page (member)");
    if (await press(eva, "/join", "eva joins")) await check(eva, "event page after joining");
    await visit(dan, `${tallinn.base}${eventPath}`, "event page (full)");
    if (!(await text(dan)).includes("waiting list")) fail("event", "a full event does not say that a waiting list opens");
    if (await press(dan, "/join", "dan joins")) {
      await check(dan, "event page on the waiting list");
      if (!(await text(dan)).includes("On the waiting list")) fail("waiting list", "dan is not told he is on the waiting list");
    }

    // eva does not follow the community: the reply form says so and offers Follow; a
    // refused reply keeps her text.
    await visit(eva, `${tallinn.base}/threads/${thread.id}`, "thread page (non-follower)");
    await eva.click(`#reply-${thread.id} > summary`);
    await eva.type(`#reply-${thread.id}-content`, "We used a revolving fund.");
    await submitWith(eva, `#reply-${thread.id} form button:not([formaction])`);
    await check(eva, "reply refused (non-follower)");
    for (const width of WIDTHS) {
      await eva.setViewport({ width, height: 900 });
      await eva.evaluate((id) => document.getElementById(id)?.scrollIntoView(), `reply-${thread.id}`);
      await eva.screenshot({ path: join(work, "screens", `reply-refused-${width}.png`) });
    }
    await eva.setViewport({ width: 1280, height: 900 });
    const kept = await eva.$eval(`#reply-${thread.id}-content`, (e) => e.value).catch(() => "");
    if (kept !== "We used a revolving fund.") fail("refused reply", `the draft is not kept: ${kept}`);
    const followHere = await eva.$(`#reply-${thread.id} button[formaction$='/follow']`);
    if (!followHere) fail("refused reply", "no Follow button in the reply form");
    else {
      await Promise.all([eva.waitForNavigation(), followHere.click()]);
      await check(eva, "thread after following from the reply form");
      const back = await eva.$eval(`#reply-${thread.id}-content`, (e) => e.value).catch(() => "");
      if (back !== "We used a revolving fund.") fail("follow from the form", `the draft did not come back: ${back}`);
    }

    // Lisbon: ben finds the Tallinn community by its address, follows it, and reads the
    // thread started before he followed, with its reply; he answers the reply.
    const ben = await english();
    await logIn(ben, lisboa, "ben");
    await visit(ben, `${lisboa.base}/`, "Lisboa home (member)");
    await ben.goto(`${lisboa.base}/search?q=${encodeURIComponent(`${tallinn.base}/communities/cities`)}`);
    if (!path(ben).startsWith("/c/cities@")) fail("lookup", `the community's address led to ${ben.url()}`);
    else {
      await check(ben, "remote community found by its address");
      await press(ben, "/follow", "ben follows the community");
    }
    const communityPath = path(ben);
    const arrived = await eventually(async () => {
      await ben.goto(`${lisboa.base}${communityPath}`);
      return (await text(ben)).includes("How do you fund housing co-ops?");
    }, 20000, 500);
    if (!arrived) fail("Lisboa community", "the thread started before the follow never appeared");
    else {
      await check(ben, "remote community on Lisboa");
      const link = await ben.$("a[href^='/threads/']");
      if (link) await Promise.all([ben.waitForNavigation(), link.click()]);
      await eventually(async () => {
        await ben.reload();
        return (await text(ben)).includes("A municipal guarantee helped us.");
      }, 20000, 500);
      await check(ben, "remote thread on Lisboa");
      const forms = await ben.$$("form[action$='/reply']");
      if (forms.length < 2) fail("reply", "no reply form under the reply");
      else {
        const field = await forms[1].$("textarea");
        const id = await field.evaluate((el) => el.id);
        await ben.$eval(`#${id}`, (el) => el.closest("details")?.setAttribute("open", ""));
        await fill(ben, { [`#${id}`]: "Our city guaranteed the loan too." });
        await submit(ben, `#${id}`);
        await check(ben, "remote thread after a nested reply");
        const back = await eventually(async () => {
          await page.goto(`${tallinn.base}/threads/${thread.id}`);
          return (await text(page)).includes("Our city guaranteed the loan too.");
        }, 20000, 500);
        if (!back) fail("nested reply", "ben's answer never reached Tallinn");
        else await check(page, "thread with a reply from Lisbon");
      }
    }

    // The admins peer the hubs; each calls the other by its name.
    const boss = await english();
    await logIn(boss, lisboa, "boss");
    await visit(boss, `${lisboa.base}/admin`, "admin page (Lisboa)");
    await fill(boss, { "#peer-domain": tallinn.domain });
    await submit(boss, "#peer-domain");
    await check(boss, "peering requested");
    const peered = await eventually(async () => {
      await boss.goto(`${lisboa.base}/federation`);
      return (await text(boss)).includes("Tallinn");
    }, 20000, 500);
    if (!peered) fail("peering", "Lisboa's federation page never names Tallinn");
    else await check(boss, "federation page (Lisboa)");
    const listed = await eventually(async () => {
      await boss.goto(`${lisboa.base}/directory`);
      return (await text(boss)).includes("Green Roofs Tallinn");
    }, 30000, 500);
    if (!listed) fail("peering", "Tallinn's project never reached Lisboa's directory");
    else {
      await check(boss, "directory with a peer's entries");
      if (!(await text(boss)).includes("Tallinn")) fail("peering", "the peer's entries do not say they come from Tallinn");
    }
    await visit(page, `${tallinn.base}/federation`, "federation page (Tallinn)");
    if (!(await text(page)).includes("Lisboa")) fail("peering", "Tallinn's federation page does not name Lisboa");

    // The admin's health page (issue 24): the queue, disk use, and the peer's backfill.
    await visit(boss, `${lisboa.base}/admin/health`, "health page (Lisboa)");
    if (!(await text(boss)).includes(tallinn.domain)) fail("health", "Lisboa's health page does not list Tallinn's backfill");

    // The ecosystem views (issue 23): Lisboa's map, dashboard and network count Tallinn's
    // entries; Tallinn's network draws its project's partner and replication.
    await visit(boss, `${lisboa.base}/map`, "map (Lisboa, with a peer's entries)");
    if (!(await text(boss)).includes("Estonia")) fail("map", "Lisboa's map does not count Tallinn's entries under Estonia");
    await visit(boss, `${lisboa.base}/map?focus=EE`, "map, one country");
    await visit(boss, `${lisboa.base}/dashboard?country=EE`, "dashboard, one country");
    if (!(await text(boss)).includes(tallinn.domain)) fail("dashboard", "Estonia's dashboard does not say its entries come from Tallinn");
    await visit(page, `${tallinn.base}/network`, "network (Tallinn)");
    if (!(await page.$("svg.network-graph a[href='/projects/green_roofs']"))) fail("network", "Tallinn's network does not draw its project as a link");
    await visit(page, `${tallinn.base}/network?country=LV`, "network, one country");

    // Moderation (issue 20): eva reports ana's account; the admin blocks a domain (a
    // refused form first), works the queue, and the public sees /about and /modlog.
    await visit(eva, `${tallinn.base}/report?object=${encodeURIComponent(`${tallinn.base}/users/ana`)}`, "report form");
    await fill(eva, { "#report-comment": "Posts the same advert in every community." });
    await submitWith(eva, "form[action='/report'] button[type=submit]");
    if (!(await text(eva)).includes("Thank you")) fail("report", "no thanks after reporting");
    else await check(eva, "report sent");
    const mod = await english();
    await logIn(mod, tallinn, "root");
    await visit(mod, `${tallinn.base}/admin/moderation`, "moderation (admin)");
    await fill(mod, { "#block-domain": "not a domain" });
    await mod.$eval("#block-domain", (el) => el.form.setAttribute("novalidate", ""));
    await submitWith(mod, "form[action='/admin/moderation/blocks'] button[type=submit]");
    await refused(mod, "domain block refused", "/admin/moderation/blocks", ["block-domain"]);
    await mod.$eval("#block-domain", (el) => { el.value = ""; });
    await fill(mod, { "#block-domain": "Spam.Example.", "#block-public_comment": "Spam wave" });
    await submitWith(mod, "form[action='/admin/moderation/blocks'] button[type=submit]");
    if (!(await text(mod)).includes("spam.example")) fail("domain block", "the block is not listed");
    else await check(mod, "domain blocked");
    if (await visit(mod, `${tallinn.base}/reports`, "reports queue")) {
      if (!(await text(mod)).includes("same advert")) fail("reports", "eva's report is not in the queue");
      await fill(mod, { "textarea[name=reason]": "One advert, not spam." });
      await submitWith(mod, "form.decision button[type=submit]");
      await check(mod, "report decided");
    }
    await visit(eva, `${tallinn.base}/`, "home (eva, after the decision)");
    if (!(await eva.content()).includes("Notifications (")) fail("report", "eva's menu does not tell her of the decision");
    await visit(eva, `${tallinn.base}/settings/moderation`, "my reports and blocks");
    // A visitor without an account reports too, and keeps a private link to the outcome.
    await visit(page, `${tallinn.base}/report?object=${encodeURIComponent(`${tallinn.base}/users/ana`)}`, "report form (visitor)");
    await fill(page, { "#report-comment": "Same advert again.", "#report-contact": "visitor@example.org" });
    await submitWith(page, "form[action='/report'] button[type=submit]");
    const statusLink = await page.$eval("a[href*='/report/status/']", (a) => a.href).catch(() => null);
    if (!statusLink) fail("report", "a visitor's report gives no private link");
    else {
      await visit(page, statusLink, "report status (visitor)");
      if (!(await text(page)).includes("Waiting for a decision")) fail("report", "the private link does not show the report's state");
    }
    // E-mail (issue 21): eva gives an address; a visitor who forgot a password asks for a link.
    await visit(eva, `${tallinn.base}/settings/email`, "e-mail address settings");
    await visit(eva, `${tallinn.base}/notifications`, "notifications");
    await visit(eva, `${tallinn.base}/settings/notifications`, "notification settings");
    // Account security, profile extras and a member's data (issue 21).
    await visit(eva, `${tallinn.base}/settings`, "settings with profile fields and pictures");
    await visit(eva, `${tallinn.base}/settings/security`, "account security");
    await submitWith(eva, "form[action='/settings/security/two-factor'] button[type=submit]");
    if (!eva.url().endsWith("/settings/security/two-factor")) fail("two-factor", `set-up went to ${eva.url()}`);
    else await check(eva, "two-factor set-up");
    await visit(eva, `${tallinn.base}/settings/account`, "export, import, move, delete");
    // Direct messages (issue 21): eva contacts the project from its page (an empty message
    // is refused at its field), reads the conversation, and the list of conversations.
    await visit(eva, `${tallinn.base}/projects/green_roofs`, "project page (eva)");
    const contact = await eva.$eval("a[href^='/messages/new']", (a) => a.href).catch(() => null);
    if (!contact) fail("messages", "the project page has no contact button");
    else if (await visit(eva, contact, "contact a project")) {
      await submitWith(eva, "form[action='/messages'] button[type=submit]");
      await refused(eva, "empty message refused", "/messages", ["message-content"]);
      // The refusal's reload lands on the list of conversations: back to the form.
      await eva.goto(contact, { waitUntil: "load" });
      await fill(eva, { "#message-content": "Could we visit your roof gardens in May?" });
      await submitWith(eva, "form[action='/messages'] button[type=submit]");
      if (!(await text(eva)).includes("visit your roof gardens")) fail("messages", "the conversation does not show the message");
      else await check(eva, "conversation");
      await visit(eva, `${tallinn.base}/messages`, "conversations");
    }
    await visit(page, `${tallinn.base}/password/forgot`, "forgot password (visitor)");
    await submitWith(page, "form[action='/password/forgot'] button[type=submit]");
    await refused(page, "forgot password refused", "/password/forgot", ["who"]);
    await visit(page, `${tallinn.base}/about`, "about (visitor)");
    if (!(await text(page)).includes("Spam wave")) fail("about", "the blocked domain's public comment is not shown");
    await visit(page, `${tallinn.base}/modlog`, "moderation log (visitor)");

    // The front door, now that the hub has life in it.
    await visit(page, `${tallinn.base}/`, "home (visitor)");
    mkdirSync(join(repo, "docs/screenshots"), { recursive: true });
    await page.screenshot({ path: join(repo, "docs/screenshots/home.png") });
    await visit(page, `${tallinn.base}/projects/green_roofs`, "project page (visitor)");
    await page.screenshot({ path: join(repo, "docs/screenshots/project.png") });

    // The same in French.
    const fr = await browser.newPage();
    await fr.setExtraHTTPHeaders({ "accept-language": "fr" });
    await visit(fr, `${tallinn.base}/`, "accueil (fr)");
    await visit(fr, `${tallinn.base}/directory`, "annuaire (fr)");
    if (!(await text(fr)).includes("Estonie")) fail("French", "country names are not in French");
    await visit(fr, `${tallinn.base}${eventPath}`, "événement (fr)");
    if (!(await text(fr)).includes("Se connecter")) fail("French", "the event page is not in French");
    await visit(fr, `${tallinn.base}/threads/${thread.id}`, "fil (fr)");
    await visit(fr, `${tallinn.base}/signup`, "inscription (fr)");
    await fill(fr, { "#username": "x", "#password": "short", "#password_confirm": "other" });
    await fr.$eval("#username", (el) => el.form.setAttribute("novalidate", ""));
    await submit(fr, "#username");
    await check(fr, "inscription refusée (fr)");
    await visit(fr, `${lisboa.base}/federation`, "fédération (fr)");
    await visit(fr, `${lisboa.base}/map`, "carte (fr)");
    await visit(fr, `${lisboa.base}/dashboard`, "tableau de bord (fr)");
    await visit(fr, `${tallinn.base}/network`, "réseau (fr)");
    await visit(fr, `${tallinn.base}/about`, "à propos (fr)");
  } finally {
    await browser.close();
    await tallinn.stop();
    await lisboa.stop();
  }

  const report = { passed, failures };
  writeFileSync(join(work, "report.json"), JSON.stringify(report, null, 2));
  for (const p of passed) console.log(`PASS ${p}`);
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${passed.length} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
