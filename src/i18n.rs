//! Translations: Fluent catalogues in `locales/<lang>/*.ftl` (one file per area, listed in
//! `CATALOGUES`), compiled into the binary.
//! The language comes from the member's setting, else the browser's Accept-Language.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would end up inside handles.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Languages with a complete catalogue.
pub const SUPPORTED: &[&str] = &["en", "fr"];
pub const DEFAULT: &str = "en";

/// Picks the language: the member's setting, then Accept-Language, then English.
pub fn negotiate(preference: Option<&str>, accept_language: Option<&str>) -> &'static str {
    if let Some(p) = preference.and_then(|p| SUPPORTED.iter().find(|s| **s == p)) {
        return p;
    }
    if let Some(header) = accept_language {
        for tag in accept_language::parse(header) {
            let primary = tag.split('-').next().unwrap_or("").to_lowercase();
            if let Some(s) = SUPPORTED.iter().find(|s| **s == primary) {
                return s;
            }
        }
    }
    DEFAULT
}

fn langid(lang: &str) -> LanguageIdentifier {
    lang.parse().unwrap_or_else(|_| unic_langid::langid!("en"))
}

/// The message `id` in `lang`. Arguments are strings or numbers.
pub fn translate(lang: &str, id: &str, args: &[(&str, Arg)]) -> String {
    let lang = langid(lang);
    if args.is_empty() {
        return LOCALES.lookup(&lang, id);
    }
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            (Cow::Owned(k.to_string()), value)
        })
        .collect();
    LOCALES.lookup_with_args(&lang, id, &map)
}

/// A country's name in `lang` from CLDR ("EE" is "Estonie" in French), or None for a code
/// that is no region.
pub fn country_name(lang: &str, code: &str) -> Option<String> {
    use icu_experimental::displaynames::{DisplayNamesOptions, RegionDisplayNames};
    let region: icu_locale_core::subtags::Region = code.trim().to_ascii_uppercase().parse().ok()?;
    let names =
        RegionDisplayNames::try_new(cldr_locale(lang).into(), DisplayNamesOptions::default())
            .ok()?;
    names.of(region).map(str::to_string)
}

/// A language's name in `lang` from CLDR ("et" is "estonien" in French), or None.
pub fn language_name(lang: &str, tag: &str) -> Option<String> {
    use icu_experimental::displaynames::{DisplayNamesOptions, LanguageDisplayNames};
    let language: icu_locale_core::subtags::Language = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .parse()
        .ok()?;
    let names =
        LanguageDisplayNames::try_new(cldr_locale(lang).into(), DisplayNamesOptions::default())
            .ok()?;
    names.of(language).map(str::to_string)
}

fn cldr_locale(lang: &str) -> icu_locale_core::Locale {
    lang.parse().unwrap_or(icu_locale_core::locale!("en"))
}

/// A key to sort names of one language by: case and accents folded ("Égypte" by "E").
pub fn sort_key(name: &str) -> String {
    crate::db::models::search_terms::fold(name)
}

#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(f64),
}

/// Every catalogue file, English and French, for the completeness test: a file added to
/// `locales/<lang>/` is loaded by `static_loader!` but only checked once listed here.
#[cfg(test)]
const CATALOGUES: &[(&str, &str, &str)] = &[
    (
        "main",
        include_str!("../locales/en/main.ftl"),
        include_str!("../locales/fr/main.ftl"),
    ),
    (
        "directory",
        include_str!("../locales/en/directory.ftl"),
        include_str!("../locales/fr/directory.ftl"),
    ),
    (
        "entry_page",
        include_str!("../locales/en/entry_page.ftl"),
        include_str!("../locales/fr/entry_page.ftl"),
    ),
    (
        "events",
        include_str!("../locales/en/events.ftl"),
        include_str!("../locales/fr/events.ftl"),
    ),
    (
        "communities",
        include_str!("../locales/en/communities.ftl"),
        include_str!("../locales/fr/communities.ftl"),
    ),
    (
        "peering",
        include_str!("../locales/en/peering.ftl"),
        include_str!("../locales/fr/peering.ftl"),
    ),
    (
        "moderation",
        include_str!("../locales/en/moderation.ftl"),
        include_str!("../locales/fr/moderation.ftl"),
    ),
    (
        "limits",
        include_str!("../locales/en/limits.ftl"),
        include_str!("../locales/fr/limits.ftl"),
    ),
    (
        "account_data",
        include_str!("../locales/en/account_data.ftl"),
        include_str!("../locales/fr/account_data.ftl"),
    ),
    (
        "profile",
        include_str!("../locales/en/profile.ftl"),
        include_str!("../locales/fr/profile.ftl"),
    ),
    (
        "security",
        include_str!("../locales/en/security.ftl"),
        include_str!("../locales/fr/security.ftl"),
    ),
    (
        "health",
        include_str!("../locales/en/health.ftl"),
        include_str!("../locales/fr/health.ftl"),
    ),
    (
        "password",
        include_str!("../locales/en/password.ftl"),
        include_str!("../locales/fr/password.ftl"),
    ),
    (
        "invites",
        include_str!("../locales/en/invites.ftl"),
        include_str!("../locales/fr/invites.ftl"),
    ),
    (
        "email",
        include_str!("../locales/en/email.ftl"),
        include_str!("../locales/fr/email.ftl"),
    ),
    (
        "messages",
        include_str!("../locales/en/messages.ftl"),
        include_str!("../locales/fr/messages.ftl"),
    ),
    (
        "calls",
        include_str!("../locales/en/calls.ftl"),
        include_str!("../locales/fr/calls.ftl"),
    ),
    (
        "replications",
        include_str!("../locales/en/replications.ftl"),
        include_str!("../locales/fr/replications.ftl"),
    ),
    (
        "dashboards",
        include_str!("../locales/en/dashboards.ftl"),
        include_str!("../locales/fr/dashboards.ftl"),
    ),
    (
        "map",
        include_str!("../locales/en/map.ftl"),
        include_str!("../locales/fr/map.ftl"),
    ),
    (
        "network",
        include_str!("../locales/en/network.ftl"),
        include_str!("../locales/fr/network.ftl"),
    ),
    (
        "resources",
        include_str!("../locales/en/resources.ftl"),
        include_str!("../locales/fr/resources.ftl"),
    ),
];

/// Every message id of a catalogue file (for the completeness test).
pub fn message_ids(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_setting_then_header() {
        assert_eq!(negotiate(Some("fr"), Some("en")), "fr");
        assert_eq!(negotiate(None, Some("fr-FR,fr;q=0.9,en;q=0.8")), "fr");
        assert_eq!(negotiate(None, Some("de-DE,fr;q=0.5")), "fr");
        assert_eq!(negotiate(None, Some("de")), "en");
        assert_eq!(negotiate(Some("xx"), None), "en");
    }

    #[test]
    fn catalogues_have_the_same_messages() {
        let mut all = Vec::new();
        for (name, en, fr) in CATALOGUES {
            let en = message_ids(en);
            let mut a = en.clone();
            let mut b = message_ids(fr);
            a.sort();
            b.sort();
            assert_eq!(a, b, "en and fr catalogues {name} differ");
            for id in &en {
                assert_ne!(translate("fr", id, &[]), "", "{id} is empty in French");
                assert_ne!(translate("en", id, &[]), "", "{id} is empty in English");
            }
            all.extend(en);
        }
        assert!(all.len() > 50);
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(
            all.len(),
            count,
            "a message id is defined in two catalogues"
        );
    }

    #[test]
    fn every_error_id_is_translated() {
        let en = message_ids(include_str!("../locales/en/main.ftl"));
        for id in [
            "error-not-found",
            "error-forbidden",
            "error-bad-request",
            "error-unauthorized",
            "error-csrf",
            "error-internal",
            "error-conflict",
            "error-remote",
            "signup-error-username-length",
            "signup-error-username-chars",
            "signup-error-username-reserved",
            "signup-error-username-taken",
            "signup-error-password-short",
            "signup-error-password-mismatch",
            "signup-error-closed",
            "signup-error-reason-long",
            "login-error-invalid",
            "login-error-pending",
            "lookup-error-invalid",
            "lookup-error-not-found",
            "settings-error-too-long",
        ] {
            assert!(en.iter().any(|m| m == id), "{id} missing");
        }
        let invites = message_ids(include_str!("../locales/en/invites.ftl"));
        for id in [
            "invite-error-expiry",
            "invite-error-max-uses",
            "invite-error-required",
            "invite-error-unknown",
            "invite-error-expired",
            "invite-error-revoked",
            "invite-error-used-up",
        ] {
            assert!(invites.iter().any(|m| m == id), "{id} missing");
        }
        let peering = message_ids(include_str!("../locales/en/peering.ftl"));
        for id in [
            "hub-error-country",
            "hub-error-language",
            "hub-error-theme",
            "hub-error-contact",
            "hub-error-too-long",
            "peering-error-domain",
            "peering-error-self",
            "peering-error-not-a-hub",
            "peering-error-unreachable",
            "peering-error-already",
            "peering-error-not-active",
        ] {
            assert!(peering.iter().any(|m| m == id), "{id} missing");
        }
    }
}
