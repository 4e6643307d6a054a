//! The small things that make a hub its own: the zone new events are offered in comes
//! from the hub's country, language tags must be registered ones, country names are in
//! the page's language, and counts and French typography follow the language's rules.

use crate::harness::browser::member;
use crate::harness::Network;
use tessera::services::instance::{validate_profile, HubProfileInput};

#[tokio::test]
async fn new_events_are_offered_in_the_zone_of_the_hub() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let estonian = net
        .start_hub_with("hub-a.test", |c| c.instance.country = "EE".into())
        .await;
    let mut ana = member(&net, &estonian, "ana").await;
    let (status, form) = ana.get(&estonian.url("/events/new")).await;
    assert_eq!(status, 200);
    assert!(
        form.contains("name=\"time_zone\" value=\"Europe&#x2f;Tallinn\""),
        "Tallinn is not chosen"
    );
    let set = net
        .start_hub_with("hub-b.test", |c| {
            c.instance.country = "EE".into();
            c.instance.timezone = "Europe/Lisbon".into();
        })
        .await;
    let mut ben = member(&net, &set, "ben").await;
    let (_, form) = ben.get(&set.url("/events/new")).await;
    assert!(
        form.contains("name=\"time_zone\" value=\"Europe&#x2f;Lisbon\""),
        "the configured zone wins"
    );
}

#[test]
fn hub_languages_must_be_registered_tags() {
    let with = |languages: &str| HubProfileInput {
        languages: languages.into(),
        ..Default::default()
    };
    assert!(validate_profile(&with("et, en")).is_ok());
    assert_eq!(validate_profile(&with("pt-br")).unwrap().languages, "pt-BR");
    for bad in ["enen", "en, xx-YY", "english"] {
        assert!(validate_profile(&with(bad)).is_err(), "{bad}");
    }
}

#[test]
fn french_puts_a_narrow_space_before_a_colon_and_counts_have_plurals() {
    let t =
        |lang, id, args: &[(&str, tessera::i18n::Arg)]| tessera::i18n::translate(lang, id, args);
    let label = [("label", tessera::i18n::Arg::Str("En ligne".into()))];
    assert_eq!(t("fr", "label-colon", &label), "En ligne\u{202f}:");
    let one = |n: f64| {
        [
            ("projects", tessera::i18n::Arg::Num(n)),
            ("organisations", tessera::i18n::Arg::Num(2.0)),
            ("events", tessera::i18n::Arg::Num(0.0)),
            ("communities", tessera::i18n::Arg::Num(1.0)),
        ]
    };
    assert_eq!(
        t("en", "admin-peers-items", &one(1.0)),
        "one project, 2 organisations, 0 events, one community"
    );
}

#[tokio::test]
async fn country_names_are_in_the_language_of_the_page_and_sorted_in_it() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    ana.lang = "fr";
    let (status, form) = ana.get(&hub.url("/events/new")).await;
    assert_eq!(status, 200);
    let position = |name: &str| {
        form.find(&format!(">{name}</option>"))
            .unwrap_or_else(|| panic!("{name} is not offered"))
    };
    // French names, in French order: "Égypte" among the E, not after "Zimbabwe".
    assert!(position("Allemagne") < position("Égypte"));
    assert!(position("Égypte") < position("Estonie"));
    assert!(position("Estonie") < position("Zimbabwe"));
    ana.lang = "en";
    let (_, form) = ana.get(&hub.url("/projects/new")).await;
    assert!(form.contains(">Germany</option>") && !form.contains(">Allemagne</option>"));
}
