//! The network of who works with whom: projects and organisations (this hub's and its
//! peers') as nodes; a project's lead, partner and funder organisations and its
//! replications as edges. The directory's filters choose the entries; their direct
//! neighbours come along (a Portuguese project's Belgian funder stays on Portugal's
//! network), marked as such. The layout is computed here, deterministically: the same
//! data gives the same picture (see [`layout`]).

use crate::db::models::directory_search;
use crate::db::models::directory_view::Fact;
use crate::db::models::entry_link::EntryLink;
use crate::db::models::replication::Replication;
use crate::error::AppResult;
use crate::services::directory::SearchInput;
use crate::state::Ctx;
use std::collections::{HashMap, HashSet};

/// Nodes laid out and drawn at most: the most linked first (every node is in the downloads
/// and the table).
pub const MAX_DRAWN: usize = 300;
/// Nodes with a label on the drawing (the most linked).
pub const MAX_LABELS: usize = 40;
/// Layout iterations.
const ITERATIONS: usize = 120;

#[derive(Debug, Clone)]
pub struct Node {
    pub id: i64,
    pub name: String,
    /// "project" or "organisation".
    pub kind: String,
    pub username: String,
    pub hub: String,
    pub local: bool,
    pub country: Option<String>,
    /// Chosen by the filters (false: a neighbour of one that was).
    pub matched: bool,
    pub degree: usize,
    /// Where the layout put it (drawn nodes only), in 0..1000 × 0..1000.
    pub at: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Indexes into `nodes`.
    pub from: usize,
    pub to: usize,
    /// `lead`, `partner`, `funder` (project to organisation) or `replicates`, `adapts`,
    /// `inspired_by` (project to the project it builds on).
    pub relation: String,
}

#[derive(Debug, Clone, Default)]
pub struct Network {
    /// By name; matched and neighbours.
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Nodes by hub, the most first.
    pub hubs: Vec<(String, i64)>,
}

fn node(fact: &Fact, matched: bool) -> Node {
    Node {
        id: fact.id,
        name: fact.name().to_string(),
        kind: fact.kind().to_string(),
        username: fact.username().to_string(),
        hub: fact.hub().to_string(),
        local: fact.is_local(),
        country: fact.country().map(str::to_string),
        matched,
        degree: 0,
        at: None,
    }
}

/// The network of what `input` finds.
pub async fn network(data: &Ctx, input: &SearchInput) -> AppResult<Network> {
    let query = input.filters()?;
    let mut conn = data.pool.get().await?;
    let mut pairs = EntryLink::all_pairs(&mut conn).await?;
    pairs.extend(Replication::all_pairs(&mut conn).await?);
    let mut net = directory_search::visit(&mut conn, &data.directory, &query, |view| {
        let matched: HashSet<i64> = view.matching.iter().copied().collect();
        let mut index: HashMap<i64, usize> = HashMap::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut edges = Vec::new();
        let mut add = |id: i64, matched: bool, nodes: &mut Vec<Node>| -> Option<usize> {
            if let Some(i) = index.get(&id) {
                return Some(*i);
            }
            let fact = view.get(id)?;
            nodes.push(node(&fact, matched));
            index.insert(id, nodes.len() - 1);
            Some(nodes.len() - 1)
        };
        for fact in view.matching() {
            add(fact.id, true, &mut nodes);
        }
        for (from, to, relation) in &pairs {
            if from == to || !(matched.contains(from) || matched.contains(to)) {
                continue;
            }
            let (Some(a), Some(b)) = (
                add(*from, matched.contains(from), &mut nodes),
                add(*to, matched.contains(to), &mut nodes),
            ) else {
                continue;
            };
            edges.push(Edge {
                from: a,
                to: b,
                relation: relation.clone(),
            });
        }
        Network {
            nodes,
            edges,
            hubs: Vec::new(),
        }
    })
    .await?;
    finish(&mut net);
    Ok(net)
}

/// Degrees, name order, hubs and the layout.
fn finish(net: &mut Network) {
    for e in &net.edges {
        net.nodes[e.from].degree += 1;
        net.nodes[e.to].degree += 1;
    }
    // By name, edges following their nodes.
    let mut order: Vec<usize> = (0..net.nodes.len()).collect();
    order.sort_by_cached_key(|i| (net.nodes[*i].name.to_lowercase(), net.nodes[*i].id));
    let mut new_index = vec![0; order.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let mut taken: Vec<Option<Node>> = std::mem::take(&mut net.nodes)
        .into_iter()
        .map(Some)
        .collect();
    net.nodes = order
        .iter()
        .map(|i| taken[*i].take().expect("each once"))
        .collect();
    for e in &mut net.edges {
        e.from = new_index[e.from];
        e.to = new_index[e.to];
    }
    let mut hubs: HashMap<&str, i64> = HashMap::new();
    for n in &net.nodes {
        *hubs.entry(n.hub.as_str()).or_default() += 1;
    }
    let mut hubs: Vec<(String, i64)> = hubs.into_iter().map(|(h, n)| (h.to_string(), n)).collect();
    hubs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    net.hubs = hubs;
    layout(net);
}

/// A stable pseudo-random number in 0..1 from a text (splitmix64 over FNV-1a).
fn unit(seed: &str, salt: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in seed.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Lays out the most linked nodes (up to [`MAX_DRAWN`], linked ones only) with a
/// force-directed algorithm (Fruchterman and Reingold, with gravity so that separate groups
/// stay in the frame), starting from positions drawn from each node's handle: deterministic,
/// and the same for the same data on any hub. Repulsion is computed on a grid of cells
/// (nodes further apart than two cells do not push each other), which keeps it near linear.
pub fn layout(net: &mut Network) {
    let mut drawn: Vec<usize> = (0..net.nodes.len())
        .filter(|i| net.nodes[*i].degree > 0)
        .collect();
    drawn.sort_by(|a, b| {
        net.nodes[*b]
            .degree
            .cmp(&net.nodes[*a].degree)
            .then(a.cmp(b))
    });
    drawn.truncate(MAX_DRAWN);
    let n = drawn.len();
    if n == 0 {
        return;
    }
    let slot: HashMap<usize, usize> = drawn.iter().enumerate().map(|(s, i)| (*i, s)).collect();
    let links: Vec<(usize, usize)> = net
        .edges
        .iter()
        .filter_map(|e| Some((*slot.get(&e.from)?, *slot.get(&e.to)?)))
        .collect();
    const SIZE: f64 = 1000.0;
    let k = (SIZE * SIZE / n as f64).sqrt() * 0.8;
    let mut pos: Vec<(f64, f64)> = drawn
        .iter()
        .map(|i| {
            let key = format!("{}@{}", net.nodes[*i].username, net.nodes[*i].hub);
            (unit(&key, 1) * SIZE, unit(&key, 2) * SIZE)
        })
        .collect();
    let mut temperature = SIZE / 10.0;
    let cell = 2.0 * k;
    // The grid of cells, rebuilt each iteration into flat arrays (a counting sort of the
    // nodes by cell) rather than a map of lists: no allocation and no hashing in the loop.
    let mut cell_of = vec![0usize; n];
    let mut starts: Vec<usize> = Vec::new();
    let mut members = vec![0usize; n];
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for _ in 0..ITERATIONS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        let (min_x, min_y) = pos
            .iter()
            .fold((f64::MAX, f64::MAX), |(a, b), p| (a.min(p.0), b.min(p.1)));
        let (max_x, max_y) = pos
            .iter()
            .fold((f64::MIN, f64::MIN), |(a, b), p| (a.max(p.0), b.max(p.1)));
        let cols = (((max_x - min_x) / cell).floor() as usize + 1).min(1024);
        let rows = (((max_y - min_y) / cell).floor() as usize + 1).min(1024);
        let at = |p: &(f64, f64)| {
            (
                (((p.0 - min_x) / cell).floor() as usize).min(cols - 1),
                (((p.1 - min_y) / cell).floor() as usize).min(rows - 1),
            )
        };
        starts.clear();
        starts.resize(cols * rows + 1, 0);
        for (i, p) in pos.iter().enumerate() {
            let (cx, cy) = at(p);
            cell_of[i] = cy * cols + cx;
            starts[cell_of[i] + 1] += 1;
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut fill = starts.clone();
        for (i, c) in cell_of.iter().enumerate() {
            members[fill[*c]] = i;
            fill[*c] += 1;
        }
        for (i, p) in pos.iter().enumerate() {
            let (cx, cy) = at(p);
            for gy in cy.saturating_sub(1)..=(cy + 1).min(rows - 1) {
                for gx in cx.saturating_sub(1)..=(cx + 1).min(cols - 1) {
                    let c = gy * cols + gx;
                    for &j in &members[starts[c]..starts[c + 1]] {
                        if j == i {
                            continue;
                        }
                        let (dx, dy) = (p.0 - pos[j].0, p.1 - pos[j].1);
                        let d2 = (dx * dx + dy * dy).max(0.01);
                        if d2 > cell * cell {
                            continue;
                        }
                        // force k²/d along the unit vector (dx, dy)/d: k² (dx, dy) / d².
                        let f = k * k / d2;
                        disp[i].0 += dx * f;
                        disp[i].1 += dy * f;
                    }
                }
            }
        }
        for &(a, b) in &links {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let force = d * d / k;
            let (fx, fy) = (dx / d * force, dy / d * force);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for (i, p) in pos.iter_mut().enumerate() {
            // Gravity towards the centre.
            let (gx, gy) = (SIZE / 2.0 - p.0, SIZE / 2.0 - p.1);
            disp[i].0 += gx * 0.05 * k / 10.0;
            disp[i].1 += gy * 0.05 * k / 10.0;
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                p.0 += disp[i].0 / len * step;
                p.1 += disp[i].1 / len * step;
            }
        }
        temperature = (temperature * 0.96).max(1.0);
    }
    // Scaled to fill 0..1000 with a margin for labels.
    let (min_x, max_x) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_y, max_y) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let span = (max_x - min_x).max(max_y - min_y).max(1.0);
    for (s, i) in drawn.iter().enumerate() {
        let (x, y) = pos[s];
        net.nodes[*i].at = Some((
            60.0 + (x - min_x) / span * (SIZE - 120.0),
            40.0 + (y - min_y) / span * (SIZE - 80.0),
        ));
    }
}

/// One CSV line; handles (fields starting with `@`) are written as handles, not guarded
/// as formulas when they cannot be one.
fn csv_line(fields: &[&str], out: &mut String) {
    use crate::services::directory::{csv_field, csv_handle};
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match f.starts_with('@') {
            true => csv_handle(f, out),
            false => csv_field(f, out),
        }
    }
    out.push_str("\r\n");
}

/// The edges as CSV, one line each with both ends described.
pub fn to_csv(net: &Network) -> String {
    let mut out = String::new();
    csv_line(
        &[
            "from_handle",
            "from_name",
            "from_kind",
            "from_country",
            "relation",
            "to_handle",
            "to_name",
            "to_kind",
            "to_country",
        ],
        &mut out,
    );
    for e in &net.edges {
        let (a, b) = (&net.nodes[e.from], &net.nodes[e.to]);
        let (ha, hb) = (
            format!("@{}@{}", a.username, a.hub),
            format!("@{}@{}", b.username, b.hub),
        );
        csv_line(
            &[
                &ha,
                &a.name,
                &a.kind,
                a.country.as_deref().unwrap_or_default(),
                &e.relation,
                &hb,
                &b.name,
                &b.kind,
                b.country.as_deref().unwrap_or_default(),
            ],
            &mut out,
        );
    }
    out
}

/// The network as GraphML (nodes with their name, kind, country and hub; directed edges
/// with their relation), which Gephi, Cytoscape and yEd open.
pub fn to_graphml(net: &Network) -> String {
    use crate::text::escape_xml;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n\
         <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
         <key id=\"country\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>\n\
         <key id=\"hub\" for=\"node\" attr.name=\"hub\" attr.type=\"string\"/>\n\
         <key id=\"matched\" for=\"node\" attr.name=\"matched\" attr.type=\"boolean\"/>\n\
         <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n\
         <graph id=\"network\" edgedefault=\"directed\">\n",
    );
    for n in &net.nodes {
        out.push_str(&format!(
            "<node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data>\
             <data key=\"country\">{}</data><data key=\"hub\">{}</data>\
             <data key=\"matched\">{}</data></node>\n",
            escape_xml(&format!("@{}@{}", n.username, n.hub)),
            escape_xml(&n.name),
            escape_xml(&n.kind),
            escape_xml(n.country.as_deref().unwrap_or_default()),
            escape_xml(&n.hub),
            n.matched,
        ));
    }
    for (i, e) in net.edges.iter().enumerate() {
        let (a, b) = (&net.nodes[e.from], &net.nodes[e.to]);
        out.push_str(&format!(
            "<edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data></edge>\n",
            escape_xml(&format!("@{}@{}", a.username, a.hub)),
            escape_xml(&format!("@{}@{}", b.username, b.hub)),
            escape_xml(&e.relation),
        ));
    }
    out.push_str("</graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> Node {
        Node {
            id: name.len() as i64,
            name: name.into(),
            kind: "project".into(),
            username: name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect(),
            hub: "hub.example".into(),
            local: true,
            country: None,
            matched: true,
            degree: 0,
            at: None,
        }
    }

    fn star(names: &[&str]) -> Network {
        let nodes: Vec<Node> = names.iter().map(|n| node(n)).collect();
        let edges = (1..nodes.len())
            .map(|i| Edge {
                from: 0,
                to: i,
                relation: "partner".into(),
            })
            .collect();
        Network {
            nodes,
            edges,
            hubs: Vec::new(),
        }
    }

    #[test]
    fn the_layout_is_deterministic_and_fills_the_frame() {
        let mut a = star(&["Hub", "A", "B", "C", "D"]);
        a.nodes.push(node("Alone"));
        finish(&mut a);
        let mut b = star(&["Hub", "A", "B", "C", "D"]);
        b.nodes.push(node("Alone"));
        finish(&mut b);
        let at = |n: &Network| n.nodes.iter().map(|n| n.at).collect::<Vec<_>>();
        assert_eq!(at(&a), at(&b));
        // The unlinked node is not drawn; the others are, inside the frame, apart.
        let alone = a.nodes.iter().find(|n| n.name == "Alone").unwrap();
        assert_eq!((alone.degree, alone.at), (0, None));
        let drawn: Vec<(f64, f64)> = a.nodes.iter().filter_map(|n| n.at).collect();
        assert_eq!(drawn.len(), 5);
        for (i, p) in drawn.iter().enumerate() {
            assert!((0.0..=1000.0).contains(&p.0) && (0.0..=1000.0).contains(&p.1));
            for q in &drawn[i + 1..] {
                assert!((p.0 - q.0).hypot(p.1 - q.1) > 20.0, "{p:?} {q:?}");
            }
        }
        // Sorted by name, edges renumbered with them; the centre has every edge.
        let names: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["A", "Alone", "B", "C", "D", "Hub"]);
        assert_eq!(a.nodes[5].degree, 4);
        assert!(a.edges.iter().all(|e| e.from == 5));
    }

    #[test]
    fn exports_escape_and_describe_both_ends() {
        let mut net = star(&["Hub <1>", "A, \"B\""]);
        finish(&mut net);
        let csv = to_csv(&net);
        let line = "@hub__1_@hub.example,Hub <1>,project,,partner,@a___b_@hub.example,\"A, \"\"B\"\"\",project,\r\n";
        assert!(csv.ends_with(line), "{csv}");
        let graphml = to_graphml(&net);
        assert!(
            graphml.contains("<data key=\"name\">Hub &lt;1&gt;</data>"),
            "{graphml}"
        );
        assert!(graphml.contains("<edge id=\"e0\" source=\"@hub__1_@hub.example\" target=\"@a___b_@hub.example\"><data key=\"relation\">partner</data>"), "{graphml}");
    }
}
