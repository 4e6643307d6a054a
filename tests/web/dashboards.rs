//! The dashboard page (issue 23, part 3): a country's figures as charts with their tables,
//! the hubs they come from, the gap list, the form that keeps other filters, permalinks and
//! downloads, the link from the directory, French, and a refused filter.

use super::directory::{hub_with_entries, open, part, unescape};
use crate::harness::browser::Browser;
use crate::harness::entries::list;
use crate::harness::Network;
use reqwest::StatusCode;
use tessera::db::models::entry::KIND_ORGANISATION;
use tessera::services::entries::{self, EntryInput};

#[tokio::test]
async fn a_country_dashboard_shows_each_figure_its_hubs_and_gaps() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let user = hub.create_user("planner").await;
    let needy = EntryInput {
        handle: "porto_social".into(),
        name: "Porto Social".into(),
        country: Some("PT".into()),
        org_type: Some("ngo-association".into()),
        needs: list("funding,sign-language"),
        ..Default::default()
    };
    entries::create(&hub.ctx, &user, KIND_ORGANISATION, needy)
        .await
        .unwrap();
    let mut b = Browser::new(&net);

    // The test hub's domain has a port.
    let d = hub.domain.clone();
    let html = open(&mut b, &hub, "/dashboard?country=PT&local=true").await;
    assert!(html.contains("<h1>Dashboard: Portugal</h1>"), "{html}");
    assert!(
        html.contains("3 entries (2 projects, one organisation)."),
        "{html}"
    );
    assert!(html.contains(&format!("From {d} (3).")));
    // The country is chosen in the form; the other filter rides along as a hidden field.
    assert!(
        html.contains("<option value=\"PT\" selected>Portugal (3)</option>"),
        "{html}"
    );
    assert!(html.contains("<input type=\"hidden\" name=\"local\" value=\"true\">"));
    // Permalink and downloads carry the filters.
    assert!(
        html.contains("href=\"/dashboard?country=PT&local=true\""),
        "{html}"
    );
    assert!(html.contains("href=\"/api/v1/dashboard.csv?country=PT&local=true\" download"));
    assert!(html.contains("href=\"/api/v1/dashboard?country=PT&local=true\""));

    // Each figure: a chart whose ids are its own, and a table with the same numbers.
    let status = part(
        &html,
        "<section class=\"dashboard-figure\" aria-labelledby=\"figure-project-status\">",
        "</section>",
    );
    assert!(status.contains("<h2 id=\"figure-project-status\">Projects by status</h2>"));
    assert!(
        status.contains("aria-labelledby=\"chart-project-status-title chart-project-status-desc\""),
        "{status}"
    );
    assert!(status.contains("<title>Active: 1</title>"), "{status}");
    assert!(
        status.contains("<th scope=\"row\">Idea</th><td>1</td>"),
        "{status}"
    );
    assert!(status.contains("<th scope=\"row\">Completed</th><td>0</td>"));
    assert!(
        status.contains(&format!("2 entries, from {d} (2).")),
        "{status}"
    );
    let themes = part(
        &html,
        "aria-labelledby=\"figure-project-theme\"",
        "</section>",
    );
    assert!(
        themes.contains("<th scope=\"row\">Health and care</th><td>1</td>"),
        "{themes}"
    );
    // Nothing to count: said, not drawn.
    let sdgs = part(&html, "aria-labelledby=\"figure-sdg\"", "</section>");
    assert!(sdgs.contains("Nothing to count here yet."), "{sdgs}");
    assert!(!sdgs.contains("<svg"));
    assert_eq!(html.matches("id=\"chart-project-status-title\"").count(), 1);

    // Needs: funding is offered, in Belgium only; nobody offers sign language.
    let needs = part(&html, "<section class=\"dashboard-needs\"", "</section>");
    assert!(
        needs.contains("One need has nobody offering it."),
        "{needs}"
    );
    let sign = part(needs, "<tr class=\"coverage-nobody\">", "</tr>");
    assert!(
        sign.contains("<th scope=\"row\">sign-language</th>"),
        "{sign}"
    );
    assert!(sign.contains("<a href=\"/organisations/porto_social\">Porto Social</a>"));
    assert!(sign.contains(">Gap</span>"));
    let funding = part(needs, "<tr class=\"coverage-other-countries\">", "</tr>");
    assert!(
        funding.contains("<a href=\"/organisations/euro_fund\">Euro Impact Fund</a>"),
        "{funding}"
    );
    assert!(funding.contains("Met elsewhere only"));

    // The whole directory names the remote hub too; the directory links here.
    let all = open(&mut b, &hub, "/dashboard").await;
    assert!(all.contains("<h1>Dashboard of the whole directory</h1>"));
    assert!(
        all.contains(&format!("From {d} (6), far.example (1).")),
        "{all}"
    );
    let directory = open(&mut b, &hub, "/directory?theme=health-care").await;
    assert!(
        directory.contains("href=\"/dashboard?theme=health-care\""),
        "{directory}"
    );
    let theme = open(&mut b, &hub, "/dashboard?theme=health-care").await;
    assert!(
        theme.contains("<h1>Dashboard: Health and care</h1>"),
        "{theme}"
    );
    assert!(theme.contains("<option value=\"health-care\" selected>"));

    // French.
    b.lang = "fr";
    let fr = open(&mut b, &hub, "/dashboard?country=PT").await;
    assert!(fr.contains("<h1>Tableau de bord : Portugal</h1>"), "{fr}");
    assert!(fr.contains("Projets par état d’avancement"));
    assert!(fr.contains(">Manque</span>"));

    // A refused filter: 400, said in the page's language, with a way back.
    b.lang = "en";
    let (status, html) = b.get(&hub.url("/dashboard?country=ZZ")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let html = unescape(&html);
    assert!(
        html.contains("<div class=\"errors\" role=\"alert\">"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/dashboard\">Dashboard of the whole directory</a>"));
}
