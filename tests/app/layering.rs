//! The layering rules of `src/lib.rs` and ARCHITECTURE.md, checked on the source: every
//! `crate::` path in a module (outside comments and its unit tests) must name a layer that
//! module may use. A forbidden `use` fails here with the file, the line and the rule.

use std::path::{Path, PathBuf};

/// The layers from the bottom up. A module may use its own layer and those of a lower
/// rank; the layers of one rank may use each other, except the three entry points
/// (`inbound`, `api`, `web`), which are told apart below.
const RANKS: &[(&str, u8)] = &[
    ("text", 0),
    ("vocabulary", 0),
    ("domains", 0),
    ("db", 1),
    // `db::types`'s macro for enums stored as text, exported at the crate root.
    ("text_enum", 1),
    ("clock", 2),
    ("config", 2),
    ("limits", 2),
    ("metrics", 2),
    ("doc_cache", 2),
    ("mailer", 2),
    ("error", 2),
    ("i18n", 2),
    ("state", 3),
    ("federation", 4),
    ("services", 5),
    ("inbound", 6),
    ("api", 6),
    ("web", 6),
    ("app", 7),
];

/// Layers nothing but `app` may use (besides themselves).
const ENTRY_POINTS: &[&str] = &["inbound", "api", "web"];

/// Modules of an entry point the other entry points may use: what a member asks to fetch
/// from another server is received like what arrives (`inbound::resolve`).
const SHARED_ENTRY_MODULES: &[&str] = &["inbound::resolve"];

fn rank(layer: &str) -> Option<u8> {
    RANKS.iter().find(|(l, _)| *l == layer).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments and without its `#[cfg(test)]` module (unit tests may reach
/// across layers to set up what they test).
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]\nmod tests") {
        Some(i) => &source[..i],
        None => source,
    };
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every layer named by a `crate::` path on a line, with the module after it when there
/// is one: `(line number, "layer")` or `(line number, "layer::module")`.
fn named_layers(code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let layer = ident(rest);
            if layer.is_empty() {
                continue;
            }
            let module = rest[layer.len()..]
                .strip_prefix("::")
                .map(ident)
                .filter(|m| !m.is_empty());
            found.push((
                n + 1,
                match module {
                    Some(m) => format!("{layer}::{m}"),
                    None => layer,
                },
            ));
        }
    }
    found
}

/// Why `from` may not use `to`, or None when it may.
fn forbidden(from: &str, path: &str) -> Option<String> {
    let to = path.split("::").next().unwrap_or(path);
    if from == to {
        return None;
    }
    if ENTRY_POINTS.contains(&from) && SHARED_ENTRY_MODULES.contains(&path) {
        return None;
    }
    let (Some(f), Some(t)) = (rank(from), rank(to)) else {
        return Some(format!(
            "`{to}` is not a layer of the map (add it to RANKS)"
        ));
    };
    if ENTRY_POINTS.contains(&to) && from != "app" {
        return Some(format!("nothing but `app` imports `{to}`"));
    }
    if t > f {
        return Some(format!("`{from}` sits below `{to}` and may not import it"));
    }
    None
}

fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src");
        let first = relative.components().next().expect("a path");
        let layer = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if layer == "lib" || layer == "main" {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("read source");
        for (line, to) in named_layers(&code_of(&source)) {
            if let Some(why) = forbidden(&layer, &to) {
                found.push(format!("src/{}:{line}: {why}", relative.display()));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "layering rules broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rules_catch_what_they_forbid() {
    assert!(forbidden("db", "services").is_some());
    assert!(forbidden("federation", "services").is_some());
    assert!(forbidden("services", "inbound").is_some());
    assert!(forbidden("web", "api").is_some());
    assert!(forbidden("inbound", "web").is_some());
    assert!(forbidden("state", "app").is_some());
    assert!(forbidden("services", "federation").is_none());
    assert!(forbidden("inbound", "services").is_none());
    assert!(forbidden("app", "web").is_none());
    let code =
        code_of("use crate::services::x; // crate::web\n#[cfg(test)]\nmod tests { crate::api }");
    assert_eq!(named_layers(&code), vec![(1, "services::x".to_string())]);
    // Another entry point may use the shared module only.
    assert!(forbidden("web", "inbound::resolve").is_none());
    assert!(forbidden("web", "inbound::threads").is_some());
    assert!(forbidden("services", "inbound::resolve").is_some());
}
