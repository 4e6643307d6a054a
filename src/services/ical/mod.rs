//! iCalendar (RFC 5545) export of events and "add to calendar" links. Pure functions: the
//! callers load the events and serve the text.

use crate::text::link_with_params;
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz, TzOffset};
use icalendar::{Calendar, Property};
use std::fmt::Write;

mod vevent;

/// One event as the calendar export sees it.
pub struct CalEvent {
    pub uid: String,
    pub url: String,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// IANA name; an unknown one (remote data) makes the times plain UTC.
    pub time_zone: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// "scheduled" | "tentative" | "postponed" | "cancelled"
    pub status: String,
    pub organizer_name: String,
    pub organizer_url: String,
    pub categories: Vec<String>,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
    pub sequence: u32,
}

const PRODID: &str = "-//Tessera//Tessera events//EN";
const END: &str = "END:VCALENDAR\r\n";
const DAY: i64 = 86_400;
/// chrono-tz holds no transition outside 1800..2200: scanning beyond is wasted, and an event
/// dated in year 200000 (remote data) must not cost millions of lookups.
const SCAN: (i64, i64) = (-5_364_662_400, 7_258_118_400);
/// Description characters in links: a long text makes a URL the services refuse.
const LINK_TEXT: usize = 1000;

/// A VCALENDAR with one VEVENT per event, plus one VTIMEZONE per time zone used.
pub fn calendar(name: &str, events: &[CalEvent]) -> String {
    let mut head = Calendar::empty();
    head.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODID))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("X-WR-CALNAME", text(name)));
    let head = head.to_string();
    let mut out = head.strip_suffix(END).unwrap_or(&head).to_string();
    // (zone, earliest start, latest end) in Unix seconds, in order of first use.
    let mut spans: Vec<(Tz, i64, i64)> = Vec::new();
    for (e, tz) in events.iter().filter_map(|e| Some((e, zone(&e.time_zone)?))) {
        let (from, to) = (e.starts_at.timestamp(), end_of(e).timestamp());
        match spans.iter_mut().find(|s| s.0 == tz) {
            Some(s) => (s.1, s.2) = (s.1.min(from), s.2.max(to)),
            None => spans.push((tz, from, to)),
        }
    }
    for (tz, from, to) in spans {
        vtimezone(&mut out, tz, from - DAY, to + DAY);
    }
    for e in events {
        vevent::write(&mut out, e);
    }
    out.push_str(END);
    refold(&out)
}

/// Google Calendar "add" link.
pub fn google_link(e: &CalEvent) -> String {
    let dates = format!("{}/{}", basic_utc(e.starts_at), basic_utc(end_of(e)));
    let mut p = vec![("action", "TEMPLATE".to_string()), ("text", text(&e.title))];
    p.extend([("dates", dates), ("details", text(&details(e, LINK_TEXT)))]);
    p.extend(place(e).map(|l| ("location", text(l))));
    p.extend(zone(&e.time_zone).map(|tz| ("ctz", tz.name().to_string())));
    link_with_params("https://calendar.google.com/calendar/render", &p)
}

/// Outlook.com link. Its (undocumented) deeplink is known to read `startdt`/`enddt` as ISO
/// 8601 extended UTC (`2026-07-02T09:00:00Z`), so not the basic form Google takes.
pub fn outlook_link(e: &CalEvent) -> String {
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut p = vec![("path", "/calendar/action/compose".to_string())];
    p.extend([("rru", "addevent".to_string()), ("subject", text(&e.title))]);
    p.extend([("startdt", iso(e.starts_at)), ("enddt", iso(end_of(e)))]);
    p.push(("body", text(&details(e, LINK_TEXT))));
    p.extend(place(e).map(|l| ("location", text(l))));
    link_with_params("https://outlook.live.com/calendar/0/deeplink/compose", &p)
}

/// Wall time for TZID, or None (write UTC) for the second pass of a repeated hour, since
/// RFC 5545 reads an ambiguous TZID time as its first occurrence.
fn local(tz: Tz, t: DateTime<Utc>) -> Option<chrono::NaiveDateTime> {
    let date_time = t.with_timezone(&tz).naive_local();
    match tz.from_local_datetime(&date_time).earliest() {
        Some(first) if first == t => Some(date_time),
        _ => None,
    }
}

/// A VTIMEZONE giving the right offset at every instant of [from, to]: an observance for the
/// offset in force at `from`, then one per change, found by a daily scan and a bisection to
/// the second (chrono-tz does not expose its transitions). Written by hand because the crate
/// stamps DTSTAMP and UID on every component it writes, which VTIMEZONE may not carry.
fn vtimezone(out: &mut String, tz: Tz, from: i64, to: i64) {
    let at = |s: i64| {
        let utc = DateTime::from_timestamp(s, 0).unwrap_or_default();
        tz.offset_from_utc_datetime(&utc.naive_utc())
    };
    let secs = |s: i64| at(s).fix().local_minus_utc();
    let first = secs(from);
    let mut changes = Vec::new(); // (instant, offset before, offset after)
    let (mut cur, mut off, end) = (from.max(SCAN.0), first, to.min(SCAN.1));
    while cur < end {
        let next = (cur + DAY).min(end);
        if secs(next) == off {
            cur = next;
            continue;
        }
        let (mut lo, mut hi) = (cur, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            *(if secs(mid) == off { &mut lo } else { &mut hi }) = mid;
        }
        changes.push((hi, off, secs(hi)));
        (cur, off) = (hi, secs(hi));
    }
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    // The opening observance is daylight time when the next change lowers the offset.
    let daylight = changes.first().is_some_and(|c| c.2 < first);
    observance(out, daylight, at(from), from, first, first);
    for (t, before, after) in changes {
        observance(out, after > before, at(t), t, before, after);
    }
    out.push_str("END:VTIMEZONE\r\n");
}

fn observance(out: &mut String, daylight: bool, off: TzOffset, t: i64, from: i32, to: i32) {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    // The onset is written in the local time in force before it (RFC 5545 3.6.5).
    let onset = DateTime::from_timestamp(t + i64::from(from), 0).unwrap_or_default();
    let onset = onset.format("%Y%m%dT%H%M%S");
    let (from, to) = (utc_offset(from), utc_offset(to));
    let _ = write!(out, "BEGIN:{kind}\r\nDTSTART:{onset}\r\n");
    let _ = write!(out, "TZOFFSETFROM:{from}\r\nTZOFFSETTO:{to}\r\n");
    // chrono-tz has no abbreviation for numeric ones ("-03"); TZNAME is optional.
    if let Some(name) = off.abbreviation() {
        let _ = write!(out, "TZNAME:{name}\r\n");
    }
    let _ = write!(out, "END:{kind}\r\n");
}

fn utc_offset(secs: i32) -> String {
    let (sign, a) = (if secs < 0 { '-' } else { '+' }, secs.unsigned_abs());
    let hm = format!("{sign}{:02}{:02}", a / 3600, a / 60 % 60);
    if a % 60 == 0 {
        hm
    } else {
        format!("{hm}{:02}", a % 60)
    }
}

/// Folds at 75 octets like the crate, but never beside a space or tab: the crate may end a
/// folded line with a space, which parsers that trim lines (the `ical` crate among them)
/// lose. Values escape line breaks, so the crate's folds are its only CRLF-space.
fn refold(out: &str) -> String {
    let mut s = String::with_capacity(out.len() + out.len() / 20);
    for line in out.replace("\r\n ", "").split_terminator("\r\n") {
        let (mut rest, mut limit) = (line, 75);
        while rest.len() > limit {
            let cuts = (1..=limit).rev().filter(|&i| rest.is_char_boundary(i));
            let blank = [' ', '\t'];
            let quiet = |&i: &usize| !rest[..i].ends_with(blank) && !rest[i..].starts_with(blank);
            let cut = cuts
                .clone()
                .take(16)
                .find(quiet)
                .or(cuts.max())
                .unwrap_or(limit);
            s.push_str(&rest[..cut]);
            s.push_str("\r\n ");
            (rest, limit) = (&rest[cut..], 74);
        }
        s.push_str(rest);
        s.push_str("\r\n");
    }
    s
}

fn zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// An end before the start (remote data) would make the VEVENT invalid.
fn end_of(e: &CalEvent) -> DateTime<Utc> {
    e.ends_at.max(e.starts_at)
}

/// Description (cut to `max` characters), a blank line, the online URL if any, the page.
fn details(e: &CalEvent, max: usize) -> String {
    let mut s = e.description.trim_end().to_string();
    if let Some((i, _)) = s.char_indices().nth(max) {
        s.truncate(i);
        s.push('…');
    }
    if !s.is_empty() {
        s.push_str("\n\n");
    }
    if let Some(u) = e.online_url.as_deref().filter(|u| !u.is_empty()) {
        s.push_str(u);
        s.push('\n');
    }
    s + &e.url
}

fn place(e: &CalEvent) -> Option<&str> {
    let location = e.location.as_deref().filter(|l| !l.trim().is_empty());
    location.or(e.online_url.as_deref().filter(|u| !u.is_empty()))
}

/// TEXT values: the crate escapes `\ , ; LF` but not CR or other controls, which would break
/// lines; CRLF and CR become LF, other controls but tab go.
fn text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// URI values are written unescaped, so no control character may reach them.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

fn basic_utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use ical::parser::ical::component::{IcalCalendar, IcalTimeZone, IcalTimeZoneTransition};
    use ical::property::Property as P;

    const LIS: &str = "Europe/Lisbon";
    const BER: &str = "Europe/Berlin";

    fn ev(tz: &str, start: &str, end: &str) -> CalEvent {
        let t = |s: &str| format!("{s}:00Z").parse().unwrap();
        CalEvent {
            uid: "https://hub.example/events/1".into(),
            url: "https://hub.example/e/1".into(),
            title: "Repair café".into(),
            description: "Bring things.".into(),
            starts_at: t(start),
            ends_at: t(end),
            time_zone: tz.into(),
            location: Some("Casa, Rua A 1".into()),
            online_url: None,
            latitude: None,
            longitude: None,
            status: "scheduled".into(),
            organizer_name: "Hub \"Sul\"; Norte".into(),
            organizer_url: "https://hub.example/o/norte".into(),
            categories: vec!["repair".into(), "a, b".into()],
            created: t("2026-01-01T00:00"),
            last_modified: t("2026-01-02T00:00"),
            sequence: 3,
        }
    }

    fn parse(s: &str) -> IcalCalendar {
        ical::IcalParser::new(s.as_bytes()).next().unwrap().unwrap()
    }

    fn prop<'a>(ps: &'a [P], name: &str) -> &'a P {
        ps.iter().find(|p| p.name == name).unwrap()
    }

    fn val(ps: &[P], name: &str) -> String {
        prop(ps, name).value.clone().unwrap()
    }

    fn param(p: &P, name: &str) -> Option<String> {
        let found = p.params.as_ref()?.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v[0].clone())
    }

    /// The `ical` crate leaves TEXT values escaped.
    fn unescape(s: &str) -> String {
        let mut it = s.chars();
        std::iter::from_fn(|| match it.next()? {
            '\\' => it.next().map(|c| if c == 'n' { '\n' } else { c }),
            c => Some(c),
        })
        .collect()
    }

    /// "KIND DTSTART TZOFFSETFROM TZOFFSETTO TZNAME" for each observance.
    fn observances(z: &IcalTimeZone) -> Vec<String> {
        let keys = ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME"];
        let line = |o: &IcalTimeZoneTransition| {
            let vals = keys.map(|k| val(&o.properties, k)).join(" ");
            format!("{:?} {vals}", o.transition)
        };
        z.transitions.iter().map(line).collect()
    }

    /// Resolves a DTSTART/DTEND with the VTIMEZONE of the output itself: each observance reads
    /// the wall time with its offset, valid if the instant falls between its onset and the
    /// next; a repeated hour means the first occurrence (RFC 5545 3.3.5).
    fn instant(cal: &IcalCalendar, p: &P) -> DateTime<Utc> {
        let v = p.value.clone().unwrap();
        let at = |wall: &str, off: &str| {
            let t = DateTime::parse_from_str(&format!("{wall}{off}"), "%Y%m%dT%H%M%S%z");
            t.unwrap().to_utc()
        };
        let Some(tzid) = param(p, "TZID") else {
            return at(v.strip_suffix('Z').unwrap(), "+0000");
        };
        let z = cal
            .timezones
            .iter()
            .find(|z| val(&z.properties, "TZID") == tzid);
        let mut on: Vec<(DateTime<Utc>, String)> = (observances(z.unwrap()).iter())
            .map(|o| o.split(' ').collect::<Vec<_>>())
            .map(|f| (at(f[1], f[2]), f[3].to_string()))
            .collect();
        on.sort();
        (0..on.len())
            .map(|i| (i, at(&v, &on[i].1)))
            .filter(|&(i, u)| u >= on[i].0 && on.get(i + 1).is_none_or(|n| u < n.0))
            .map(|(_, u)| u)
            .min()
            .expect("no observance covers the time")
    }

    /// Writes the events, parses them back, and checks each resolves to its instants.
    fn roundtrip(events: &[CalEvent]) -> IcalCalendar {
        let cal = parse(&calendar("Hub", events));
        assert_eq!(cal.events.len(), events.len());
        for (e, got) in events.iter().zip(&cal.events) {
            let at = |k| instant(&cal, prop(&got.properties, k));
            assert_eq!((at("DTSTART"), at("DTEND")), (e.starts_at, e.ends_at));
        }
        cal
    }

    fn walls(cal: &IcalCalendar, i: usize) -> [String; 2] {
        ["DTSTART", "DTEND"].map(|k| val(&cal.events[i].properties, k))
    }

    #[test]
    fn lisbon_summer_and_winter() {
        let summer = || ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
        let cal = roundtrip(&[summer(), ev(LIS, "2026-12-03T10:00", "2026-12-03T12:00")]);
        assert_eq!(walls(&cal, 0), ["20260702T100000", "20260702T173000"]);
        assert_eq!(walls(&cal, 1), ["20261203T100000", "20261203T120000"]);
        let start = prop(&cal.events[0].properties, "DTSTART");
        assert_eq!(param(start, "TZID").unwrap(), LIS);
        // Summer alone: no change in the span, one STANDARD observance at the summer offset.
        let cal = roundtrip(&[summer()]);
        let want = "STANDARD 20260701T100000 +0100 +0100 WEST";
        assert_eq!(observances(&cal.timezones[0]), [want]);
    }

    #[test]
    fn events_across_daylight_saving_changes() {
        let cal = roundtrip(&[ev(BER, "2026-10-24T18:00", "2026-10-25T09:00")]);
        assert_eq!(walls(&cal, 0), ["20261024T200000", "20261025T100000"]);
        let want = [
            "DAYLIGHT 20261023T200000 +0200 +0200 CEST",
            "STANDARD 20261025T030000 +0200 +0100 CET",
        ];
        assert_eq!(observances(&cal.timezones[0]), want);
        let cal = roundtrip(&[ev(BER, "2026-03-28T19:00", "2026-03-29T08:00")]);
        assert_eq!(walls(&cal, 0), ["20260328T200000", "20260329T100000"]);
        let want = [
            "STANDARD 20260327T200000 +0100 +0100 CET",
            "DAYLIGHT 20260329T020000 +0100 +0200 CEST",
        ];
        assert_eq!(observances(&cal.timezones[0]), want);
    }

    #[test]
    fn two_zones_give_two_vtimezones() {
        let ny = "America/New_York";
        let cal = roundtrip(&[
            ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30"),
            // 01:30 EDT, then 01:30 EST: that second pass has to be written in UTC.
            ev(ny, "2026-11-01T05:30", "2026-11-01T06:30"),
            ev(LIS, "2027-01-10T10:00", "2027-01-10T11:00"),
        ]);
        let ids = cal.timezones.iter().map(|z| val(&z.properties, "TZID"));
        assert_eq!(ids.collect::<Vec<_>>(), [LIS, ny]);
        assert_eq!(walls(&cal, 1), ["20261101T013000", "20261101T063000Z"]);
        assert_eq!(val(&cal.properties, "PRODID"), PRODID);
    }

    #[test]
    fn text_is_escaped_and_folded() {
        let mut e = ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
        e.description = "Reparação, café; portátil \\ telemóvel.\r\nLinha: ação – 日本語 \
            ünïcödé, mais texto para passar os setenta e cinco octetos\ttab; fim."
            .into();
        e.online_url = Some("https://meet.example/r?a=1&b=2".into());
        e.title = "Café; \"a\", b\\c".into();
        let out = calendar("Hub; Lisboa, PT", &[e]);
        let short = |l: &str| l.len() <= 75 && !l.contains(['\r', '\n']);
        assert!(out.split("\r\n").all(short));
        let cal = parse(&out);
        let p = &cal.events[0].properties;
        let want = "Reparação, café; portátil \\ telemóvel.\nLinha: ação – 日本語 ünïcödé, \
            mais texto para passar os setenta e cinco octetos\ttab; fim.\n\n\
            https://meet.example/r?a=1&b=2\nhttps://hub.example/e/1";
        assert_eq!(unescape(&val(p, "DESCRIPTION")), want);
        assert_eq!(unescape(&val(p, "SUMMARY")), "Café; \"a\", b\\c");
        assert_eq!(unescape(&val(p, "LOCATION")), "Casa, Rua A 1");
        assert_eq!(val(p, "CATEGORIES"), "repair,a\\, b");
        let name = unescape(&val(&cal.properties, "X-WR-CALNAME"));
        assert_eq!(name, "Hub; Lisboa, PT");
        let org = prop(p, "ORGANIZER");
        assert_eq!(org.value.as_deref(), Some("https://hub.example/o/norte"));
        assert_eq!(param(org, "CN").unwrap(), "Hub Sul; Norte");
        let keys = "UID URL SEQUENCE CREATED LAST-MODIFIED DTSTAMP".split(' ');
        assert_eq!(
            keys.map(|k| val(p, k)).collect::<Vec<_>>().join(" "),
            "https://hub.example/events/1 https://hub.example/e/1 3 \
             20260101T000000Z 20260102T000000Z 20260102T000000Z"
        );
        // Wherever the folds fall, no space is lost next to them.
        let words = " ab cd é f  gh\tij 日本 mn op qr st uv wx yz".repeat(6);
        for n in 0..80 {
            let mut e = ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
            e.description = format!("{}{words}", "x".repeat(n));
            let cal = parse(&calendar("Hub", &[e]));
            let got = unescape(&val(&cal.events[0].properties, "DESCRIPTION"));
            assert!(
                got.starts_with(&format!("{}{words}\n\n", "x".repeat(n))),
                "{got}"
            );
        }
    }

    #[test]
    fn unknown_zone_falls_back_to_utc() {
        let cal = roundtrip(&[ev("Mars/Olympus", "2026-07-02T09:00", "2026-07-02T16:30")]);
        assert!(cal.timezones.is_empty());
        assert_eq!(walls(&cal, 0), ["20260702T090000Z", "20260702T163000Z"]);
        assert!(param(prop(&cal.events[0].properties, "DTSTART"), "TZID").is_none());
    }

    #[test]
    fn status_geo_and_links() {
        let mut e = ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
        (e.status, e.latitude, e.longitude) = ("cancelled".into(), Some(38.7223), Some(-9.1393));
        let cal = roundtrip(&[e]);
        assert_eq!(val(&cal.events[0].properties, "STATUS"), "CANCELLED");
        assert_eq!(val(&cal.events[0].properties, "GEO"), "38.7223;-9.1393");
        let mut e = ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
        (e.status, e.ends_at) = ("postponed".into(), e.starts_at);
        let cal = parse(&calendar("Hub", &[e]));
        assert_eq!(val(&cal.events[0].properties, "STATUS"), "TENTATIVE");
        // No GEO without coordinates, no DTEND for an event that takes no time.
        let names: Vec<_> = cal.events[0].properties.iter().map(|p| &p.name).collect();
        assert!(!names.contains(&&"GEO".to_string()) && !names.contains(&&"DTEND".to_string()));

        let mut e = ev(LIS, "2026-07-02T09:00", "2026-07-02T16:30");
        (e.location, e.online_url) = (None, Some("https://meet.example/r?a=1&b=2".into()));
        let urls = "https%3A%2F%2Fmeet.example%2Fr%3Fa%3D1%26b%3D2";
        let details = format!("Bring%20things.%0A%0A{urls}%0Ahttps%3A%2F%2Fhub.example%2Fe%2F1");
        assert_eq!(
            google_link(&e),
            format!(
                "https://calendar.google.com/calendar/render?action=TEMPLATE\
                 &text=Repair%20caf%C3%A9&dates=20260702T090000Z%2F20260702T163000Z\
                 &details={details}&location={urls}&ctz=Europe%2FLisbon"
            )
        );
        e.location = Some("Casa, Rua A 1".into());
        assert_eq!(
            outlook_link(&e),
            format!(
                "https://outlook.live.com/calendar/0/deeplink/compose\
                 ?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject=Repair%20caf%C3%A9\
                 &startdt=2026-07-02T09%3A00%3A00Z&enddt=2026-07-02T16%3A30%3A00Z\
                 &body={details}&location=Casa%2C%20Rua%20A%201"
            )
        );
    }

    #[test]
    fn many_events_over_years_share_one_vtimezone() {
        let events: Vec<CalEvent> = (0..500)
            .map(|i| {
                let mut e = ev(BER, "2025-01-05T10:00", "2025-01-05T13:00");
                e.starts_at += Duration::days(i * 4);
                e.ends_at += Duration::days(i * 4);
                e
            })
            .collect();
        let cal = parse(&calendar("Hub", &events));
        // January 2025 to June 2030: eleven changes, plus the opening observance.
        assert_eq!(cal.timezones[0].transitions.len(), 12);
        roundtrip(&events);
    }
}
