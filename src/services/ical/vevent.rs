//! One VEVENT, written straight into the calendar's text. The `icalendar` crate's builder
//! spent about 40 µs an event (a map of owned properties, folding that the calendar then
//! undoes), which made it most of a 2,000-event hub calendar; this writes the same
//! content lines (a test compares them with the crate's on many kinds of event), unfolded:
//! `calendar` folds the whole text once.

use super::{details, end_of, local, place, uri, zone, CalEvent};
use chrono::{DateTime, Utc};
use std::fmt::Write;

/// Appends `e` as a VEVENT. Properties come in the crate's order (by name, then
/// CATEGORIES), so the output stays what it was.
pub(super) fn write(out: &mut String, e: &CalEvent) {
    let (end, tz) = (end_of(e), zone(&e.time_zone));
    let at = |out: &mut String, name: &str, t: DateTime<Utc>| match tz
        .and_then(|z| local(z, t).map(|w| (z, w)))
    {
        Some((z, wall)) => {
            let _ = write!(
                out,
                "{name};TZID={}:{}\r\n",
                z.name(),
                wall.format("%Y%m%dT%H%M%S")
            );
        }
        None => utc(out, name, t),
    };
    out.push_str("BEGIN:VEVENT\r\n");
    utc(out, "CREATED", e.created);
    text_line(out, "DESCRIPTION", &details(e, usize::MAX));
    // DTEND must follow DTSTART; without it the event takes no time (RFC 5545 3.6.1).
    if end > e.starts_at {
        at(out, "DTEND", end);
    }
    // Without METHOD, DTSTAMP is the object's last change (RFC 5545 3.8.7.2).
    utc(out, "DTSTAMP", e.last_modified);
    at(out, "DTSTART", e.starts_at);
    if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
            let _ = write!(out, "GEO:{lat};{lon}\r\n");
        }
    }
    utc(out, "LAST-MODIFIED", e.last_modified);
    if let Some(l) = place(e) {
        text_line(out, "LOCATION", l);
    }
    if !e.organizer_url.is_empty() {
        out.push_str("ORGANIZER");
        // A parameter value may hold neither DQUOTE nor control characters.
        let cn: String = (e.organizer_name.chars())
            .filter(|c| *c != '"' && !c.is_control())
            .collect();
        let cn = cn.trim();
        if !cn.is_empty() {
            // Quoted when it holds what ends a parameter value (RFC 5545 3.1).
            if cn.contains([':', ';', ',']) {
                let _ = write!(out, ";CN=\"{cn}\"");
            } else {
                let _ = write!(out, ";CN={cn}");
            }
        }
        let _ = write!(out, ":{}\r\n", uri(&e.organizer_url));
    }
    let _ = write!(out, "SEQUENCE:{}\r\n", e.sequence);
    let status = match e.status.as_str() {
        "scheduled" => Some("CONFIRMED"),
        "tentative" | "postponed" => Some("TENTATIVE"),
        "cancelled" => Some("CANCELLED"),
        _ => None,
    };
    if let Some(s) = status {
        let _ = write!(out, "STATUS:{s}\r\n");
    }
    text_line(out, "SUMMARY", &e.title);
    text_line(out, "UID", &e.uid);
    let _ = write!(out, "URL:{}\r\n", uri(&e.url));
    let mut categories = e
        .categories
        .iter()
        .filter(|c| c.chars().any(kept))
        .peekable();
    if categories.peek().is_some() {
        out.push_str("CATEGORIES:");
        for (i, c) in categories.enumerate() {
            if i > 0 {
                out.push(',');
            }
            escape(out, c);
        }
        out.push_str("\r\n");
    }
    out.push_str("END:VEVENT\r\n");
}

fn utc(out: &mut String, name: &str, t: DateTime<Utc>) {
    let _ = write!(out, "{name}:{}\r\n", t.format("%Y%m%dT%H%M%SZ"));
}

fn text_line(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    escape(out, value);
    out.push_str("\r\n");
}

/// Whether a character of a TEXT value is written at all (as `super::text` keeps it).
fn kept(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t')
}

/// A TEXT value as `super::text` then RFC 5545's escaping make it: CRLF and CR become a
/// line break, written `\n`; `\ , ;` are escaped; other controls but tab go.
fn escape(out: &mut String, value: &str) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            c if kept(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text;
    use super::*;
    use icalendar::{CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

    /// The crate's VEVENT, as the calendar wrote it before: the oracle.
    fn crate_vevent(e: &CalEvent) -> String {
        let (mut ev, end, tz) = (Event::new(), end_of(e), zone(&e.time_zone));
        let at = |t| match tz.and_then(|z| local(z, t).map(|w| (z, w))) {
            Some((z, date_time)) => CalendarDateTime::WithTimezone {
                date_time,
                tzid: z.name().to_string(),
            },
            None => CalendarDateTime::Utc(t),
        };
        ev.timestamp(e.last_modified)
            .uid(&text(&e.uid))
            .url(&uri(&e.url))
            .summary(&text(&e.title))
            .description(&text(&details(e, usize::MAX)))
            .created(e.created)
            .last_modified(e.last_modified)
            .sequence(e.sequence)
            .starts(at(e.starts_at));
        if end > e.starts_at {
            ev.ends(at(end));
        }
        let status = match e.status.as_str() {
            "scheduled" => Some(EventStatus::Confirmed),
            "tentative" | "postponed" => Some(EventStatus::Tentative),
            "cancelled" => Some(EventStatus::Cancelled),
            _ => None,
        };
        if let Some(s) = status {
            ev.status(s);
        }
        if let Some(l) = place(e) {
            ev.location(&text(l));
        }
        if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
                ev.add_property("GEO", format!("{lat};{lon}"));
            }
        }
        if !e.organizer_url.is_empty() {
            let cn: String = (e.organizer_name.chars())
                .filter(|c| *c != '"' && !c.is_control())
                .collect();
            let mut org = Property::new("ORGANIZER", uri(&e.organizer_url));
            if !cn.trim().is_empty() {
                org.add_parameter("CN", cn.trim());
            }
            ev.append_property(org);
        }
        let cats: Vec<String> = e.categories.iter().map(|c| text(c)).collect();
        if cats.iter().any(|c| !c.is_empty()) {
            ev.categories(cats.into_iter().filter(|c| !c.is_empty()));
        }
        ev.done().to_string().replace("\r\n ", "")
    }

    fn event(i: usize) -> CalEvent {
        let t = |s: &str| format!("{s}:00Z").parse().unwrap();
        let zones = [
            "Europe/Lisbon",
            "America/Sao_Paulo",
            "UTC",
            "Not/AZone",
            "",
            "Asia/Kolkata",
        ];
        let texts = [
            "Repair café",
            "a, b; c\\d",
            "line\r\nbreak\rand\nmore\u{7}bell\ttab",
            "",
            "   ",
            "Ünïcödé 老虎 — a very long title that goes on and on past the seventy-five octets of a line",
            "quote \"cn\": with colon",
        ];
        let pick = |n: usize| texts[(i + n) % texts.len()].to_string();
        CalEvent {
            uid: format!("https://hub.example/events/{i};x"),
            url: format!("https://hub.example/e/{i}\u{1}"),
            title: pick(0),
            description: pick(1),
            starts_at: t(["2026-07-02T09:00", "2026-10-25T01:30", "2026-03-29T00:59"][i % 3]),
            ends_at: t(["2026-07-02T16:30", "2026-10-25T01:00", "2026-03-29T03:00"][(i / 3) % 3]),
            time_zone: zones[i % zones.len()].into(),
            location: [Some(pick(2)), None, Some(" ".into())][i % 3].clone(),
            online_url: [
                None,
                Some("https://meet.example/x".into()),
                Some(String::new()),
            ][(i / 2) % 3]
                .clone(),
            latitude: [Some(38.7), None, Some(91.0), Some(-0.5)][i % 4],
            longitude: [Some(-9.1), Some(10.0), Some(0.0), Some(181.0)][(i / 4) % 4],
            status: ["scheduled", "tentative", "postponed", "cancelled", "draft"][i % 5].into(),
            organizer_name: pick(3) + &pick(6),
            organizer_url: ["https://hub.example/o/norte", ""][(i / 5) % 2].into(),
            categories: [
                vec![],
                vec![pick(1), String::new()],
                vec![pick(4)],
                vec!["\u{7}".into()],
            ][i % 4]
                .clone(),
            created: t("2026-01-01T00:00"),
            last_modified: t("2026-01-02T00:00"),
            sequence: i as u32,
        }
    }

    #[test]
    fn the_same_lines_as_the_crate_writes() {
        for i in 0..840 {
            let e = event(i);
            let mut ours = String::new();
            write(&mut ours, &e);
            assert_eq!(ours, crate_vevent(&e), "event {i}");
        }
    }
}
