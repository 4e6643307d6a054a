//! Configuration: the documented defaults equal the code's, overrides and errors.

use tessera::config::Config;

#[test]
fn defaults_file_matches_code() {
    let text = include_str!("../../config/defaults.toml");
    let documented: toml::Value = toml::from_str(text).expect("defaults.toml parses");
    let code = toml::Value::try_from(Config::default()).expect("serialise defaults");
    assert_eq!(
        documented, code,
        "config/defaults.toml and Config::default() have drifted apart"
    );
    assert_eq!(
        Config::from_toml_str(text).expect("valid"),
        Config::default()
    );
}

#[test]
fn bad_values_name_the_key() {
    let cases = [
        ("[server]\nbind = \"nonsense\"", "server.bind"),
        ("[server]\ndomain = \"hub.example.org\"", "server.https"),
        ("[server]\ndomain = \"https://x/\"", "server.domain"),
        ("[registration]\nmode = \"sometimes\"", "registration.mode"),
        ("[database]\nurl = \"mysql://x\"", "database.url"),
        ("[instance]\ncountry = \"XX\"", "instance.country"),
        (
            "[instance]\nlanguages = [\"not a tag!\"]",
            "instance.languages",
        ),
        (
            "[federation]\nallow_private_addresses = \"yes\"",
            "federation.allow_private_addresses",
        ),
        ("[server]\nunknown_key = 1", "unknown_key"),
    ];
    for (toml, key) in cases {
        let err = Config::from_toml_str(toml).expect_err(toml).to_string();
        assert!(
            err.contains(key),
            "error for {toml:?} should name {key}: {err}"
        );
    }
}

#[test]
fn public_domain_with_https_is_valid() {
    let config = Config::from_toml_str(
        "[server]\ndomain = \"hub.example.org\"\nhttps = true\n[instance]\ncountry = \"EE\"\nlanguages = [\"et\", \"en\", \"pt-PT\"]",
    )
    .expect("valid");
    assert_eq!(config.base_url(), "https://hub.example.org");
}

#[test]
fn limits_are_read_and_checked() {
    use tessera::config::{Quota, RegistrationMode};
    // A quota given in part keeps the default of the rest.
    let config = Config::from_toml_str(
        "[limits]\ntrusted_proxies = [\"10.0.0.0/8\", \"fd00::1\"]\n[limits.login]\nrequests = 10\n[registration]\nmode = \"invite\"",
    )
    .expect("valid");
    assert_eq!(config.limits.login, Quota::new(10, 300));
    assert_eq!(config.limits.signup, Config::default().limits.signup);
    assert_eq!(config.registration.mode, RegistrationMode::Invite);
    assert_eq!(config.limits.trusted_networks().unwrap().len(), 2);
    let cases = [
        (
            "[limits]\nlogin = { requests = 0, period_secs = 60 }",
            "limits.login.requests",
        ),
        (
            "[limits.inbox]\nperiod_secs = 0",
            "limits.inbox.period_secs",
        ),
        (
            "[limits]\ntrusted_proxies = [\"proxy.local\"]",
            "limits.trusted_proxies",
        ),
        ("[limits]\nenabled = \"sometimes\"", "limits.enabled"),
        ("[limits]\nwhatever = 1", "whatever"),
        ("[limits.posting]\nburst = 3", "burst"),
    ];
    for (toml, key) in cases {
        let err = Config::from_toml_str(toml).expect_err(toml).to_string();
        assert!(
            err.contains(key),
            "error for {toml:?} should name {key}: {err}"
        );
    }
}
