//! "Calls for you": the open and forthcoming calls a project or organisation can apply to,
//! ranked by fit. Eligibility is a hard rule (the entry's country and organisation types
//! must be allowed, when the call restricts them and the entry says); fit orders the rest:
//! shared themes count most, then being named explicitly (country, organisation type),
//! being open now rather than forthcoming, and a deadline far enough away to apply.

use crate::db::models::actor::Actor;
use crate::db::models::funding_call::{
    Deadline, FundingCall, Tags, ANY, FACET_COUNTRY, FACET_ORG_TYPE, FACET_THEME, STATUS_OPEN,
};
use crate::db::models::funding_call_query::CallFilter;
use crate::error::AppResult;
use crate::services::funding_calls::{profile_of, with_details, CallDetails, EntryProfile};
use crate::state::Ctx;
use chrono::{Duration, NaiveDateTime};

/// Candidates read before ranking: the soonest deadlines first.
const CANDIDATES: i64 = 200;
/// Days before a deadline under which applying is unlikely.
const TOO_SOON_DAYS: i64 = 7;

/// Why a call fits, for the page to say.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Themes both share.
    Themes(Vec<String>),
    /// The entry's country is named among the eligible ones.
    Country(String),
    /// One of the entry's organisation types is named among the eligible ones.
    OrganisationType(String),
    /// Open now.
    Open,
}

/// A call and how well it fits.
#[derive(Debug, Clone)]
pub struct Match {
    pub details: CallDetails,
    pub score: i32,
    pub reasons: Vec<Reason>,
}

/// How `details` fits `profile` at `now`; None when the entry is not eligible or nothing
/// but openness links them.
pub fn fit(details: &CallDetails, profile: &EntryProfile, now: NaiveDateTime) -> Option<Match> {
    let (score, reasons) = fit_parts(
        &details.call,
        &details.deadlines,
        &details.tags,
        profile,
        now,
    )?;
    Some(Match {
        details: details.clone(),
        score,
        reasons,
    })
}

/// [`fit`] on the parts of a call: its score and reasons.
pub fn fit_parts(
    call: &FundingCall,
    deadlines: &[Deadline],
    tags: &Tags,
    profile: &EntryProfile,
    now: NaiveDateTime,
) -> Option<(i32, Vec<Reason>)> {
    let tag_values = |facet: &str| -> Vec<&str> {
        tags.iter()
            .filter(|(f, _)| f == facet)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let countries = tag_values(FACET_COUNTRY);
    let types = tag_values(FACET_ORG_TYPE);
    let mut score = 0;
    let mut reasons = Vec::new();
    let shared: Vec<String> = tag_values(FACET_THEME)
        .into_iter()
        .filter(|t| profile.themes.iter().any(|x| x == t))
        .map(str::to_string)
        .collect();
    if !shared.is_empty() {
        score += 3 * shared.len().min(3) as i32;
        reasons.push(Reason::Themes(shared));
    }
    let open_to_all_countries = countries.is_empty() || countries.contains(&ANY);
    if let Some(country) = &profile.country {
        if countries.contains(&country.as_str()) {
            score += 2;
            reasons.push(Reason::Country(country.clone()));
        } else if !open_to_all_countries {
            return None;
        }
    }
    let open_to_all_types = types.is_empty() || types.contains(&ANY);
    if !profile.org_types.is_empty() {
        match profile
            .org_types
            .iter()
            .find(|t| types.contains(&t.as_str()))
        {
            Some(t) => {
                score += 2;
                reasons.push(Reason::OrganisationType(t.clone()));
            }
            None if !open_to_all_types => return None,
            None => {}
        }
    }
    if reasons.is_empty() {
        return None;
    }
    if call.status(now) == STATUS_OPEN {
        score += 2;
        reasons.push(Reason::Open);
    }
    match deadlines.iter().find(|d| d.due_at >= now) {
        Some(d) if d.due_at - now < Duration::days(TOO_SOON_DAYS) => {}
        _ => score += 1,
    }
    Some((score, reasons))
}

/// The best `limit` calls for a project or organisation, best first (ties: the sooner
/// deadline first).
pub async fn for_entry(data: &Ctx, actor: &Actor, limit: usize) -> AppResult<Vec<Match>> {
    let mut conn = data.pool.get().await?;
    let Some(profile) = profile_of(&mut conn, actor).await? else {
        return Ok(Vec::new());
    };
    let now = crate::db::now();
    let filter = CallFilter {
        country: profile.country.clone(),
        now,
        ..Default::default()
    };
    let rows = FundingCall::page(&mut conn, &filter, CANDIDATES, 0).await?;
    let calls = with_details(&mut conn, rows).await?;
    let mut matches: Vec<Match> = calls
        .iter()
        .filter(|c| c.publisher.id != actor.id)
        .filter_map(|c| fit(c, &profile, now))
        .collect();
    let far = NaiveDateTime::MAX;
    matches.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| {
            let due = |m: &Match| m.details.next_deadline(now).map_or(far, |d| d.due_at);
            due(a).cmp(&due(b))
        })
    });
    matches.truncate(limit);
    Ok(matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Call(FundingCall, Vec<Deadline>, Tags);

    fn call(tags: &[(&str, &str)], due_in_days: i64, opens_in_days: i64) -> Call {
        let now = crate::db::now();
        let due = now + Duration::days(due_in_days);
        Call(
            FundingCall {
                id: 1,
                ap_id: "https://a.test/calls/1".into(),
                key: "1".into(),
                publisher_id: 9,
                creator_id: None,
                is_local: true,
                title: "t".into(),
                summary: String::new(),
                description_source: String::new(),
                description_html: String::new(),
                programme: "esf-plus".into(),
                call_kind: "grant".into(),
                amount_min: None,
                amount_max: None,
                currency: None,
                cofunding_rate: None,
                opens_at: Some(now + Duration::days(opens_in_days)),
                closes_at: Some(due),
                time_zone: "UTC".into(),
                link: None,
                contact: String::new(),
                url: None,
                published: now,
                updated: None,
                created_at: now,
            },
            vec![Deadline {
                label: String::new(),
                due_at: due,
            }],
            tags.iter()
                .map(|(f, v)| (f.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn profile() -> EntryProfile {
        EntryProfile {
            themes: vec!["health-care".into(), "skills-learning".into()],
            country: Some("PT".into()),
            org_types: vec!["ngo-association".into()],
        }
    }

    fn score(c: &Call) -> Option<(i32, Vec<Reason>)> {
        fit_parts(&c.0, &c.1, &c.2, &profile(), crate::db::now())
    }

    #[test]
    fn eligibility_is_a_rule_and_fit_orders() {
        let elsewhere = call(&[("country", "EE"), ("org_type", "any")], 60, -1);
        assert!(score(&elsewhere).is_none(), "not eligible in PT");
        let wrong_type = call(&[("country", "any"), ("org_type", "business")], 60, -1);
        assert!(score(&wrong_type).is_none(), "not for NGOs");
        let unrelated = call(&[("country", "any"), ("org_type", "any")], 60, -1);
        assert!(score(&unrelated).is_none(), "nothing in common");
        let themed = call(
            &[
                ("country", "any"),
                ("org_type", "any"),
                ("theme", "health-care"),
            ],
            60,
            -1,
        );
        let named = &[
            ("country", "PT"),
            ("org_type", "ngo-association"),
            ("theme", "health-care"),
        ];
        let (a, _) = score(&themed).unwrap();
        let (b, reasons) = score(&call(named, 60, -1)).unwrap();
        let (c, _) = score(&call(named, 90, 10)).unwrap();
        let (d, _) = score(&call(named, 2, -1)).unwrap();
        assert!(b > a, "named country and type fit better");
        assert!(b > c, "open now fits better than forthcoming");
        assert!(b > d, "a deadline in two days fits worse");
        assert!(reasons.contains(&Reason::Country("PT".into())));
        assert!(reasons.contains(&Reason::Open));
    }
}
