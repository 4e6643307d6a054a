//! Projects and organisations: the API body of a project, and lists as the tables spell them.

use serde_json::{json, Value};

pub fn project_body() -> Value {
    json!({
        "handle": "green_roofs",
        "name": "Green Roofs Lisboa",
        "summary": "Roof gardens on social housing.",
        "description": "## Why\n\nCooler flats, **local food**.<script>alert(1)</script>",
        "website": "https://greenroofs.example/",
        "country": "pt",
        "region": "Lisboa",
        "latitude": 38.72, "longitude": -9.14,
        "languages": ["pt", "en"],
        "themes": ["food-environment-climate", "cities-urban-development"],
        "focus": ["open-data"],
        "technologies": ["iot"],
        "sdgs": [11, "13"],
        "status": "active",
        "start_date": "2026-01-01", "end_date": "2027-12-31",
        "social_impact": "Lower summer temperatures.",
        "beneficiaries": "Tenants of social housing"
    })
}

/// A comma-separated list, empty items dropped.
pub fn list(values: &str) -> Vec<String> {
    values
        .split(',')
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}
