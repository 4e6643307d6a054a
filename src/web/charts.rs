//! Charts drawn on the server as inline SVG (no script), each with its title and
//! description for screen readers; pages put the same figures in a table beside them.
//! Every text is escaped here.

use crate::text::escape_xml;

/// One bar of the chart.
pub struct Bar {
    /// Short text left of the bar (an ISO code or a country name).
    pub label: String,
    pub value: i64,
    /// The whole sentence for screen readers ("France: 12 items").
    pub description: String,
}

const BAR_ROW: u32 = 28;
const BAR_LABEL: u32 = 150;
const BAR_AREA: u32 = 360;
const BAR_VALUE: u32 = 60;

/// A horizontal bar chart, bars in the given order, scaled to the largest value. `id`
/// names its title and description, unique on the page.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let width = BAR_LABEL + BAR_AREA + BAR_VALUE;
    let height = (bars.len() as u32).max(1) * BAR_ROW + 8;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_xml(title),
        escape_xml(desc),
        id = escape_xml(id),
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + i as u32 * BAR_ROW;
        let length = if bar.value > 0 {
            ((bar.value.min(max) as u64 * BAR_AREA as u64) / max as u64).max(2) as u32
        } else {
            0
        };
        svg.push_str(&format!(
            "<g class=\"bar\" role=\"img\" aria-label=\"{desc}\"><title>{desc}</title>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"14\" font-family=\"sans-serif\" \
             fill=\"#263238\" aria-hidden=\"true\">{label}</text>\
             <rect x=\"{BAR_LABEL}\" y=\"{y}\" width=\"{length}\" height=\"{h}\" rx=\"3\" fill=\"#2171b5\"/>\
             <text x=\"{vx}\" y=\"{ty}\" font-size=\"14\" font-family=\"sans-serif\" fill=\"#263238\" \
             aria-hidden=\"true\">{value}</text></g>",
            desc = escape_xml(&bar.description),
            label = escape_xml(&bar.label),
            lx = BAR_LABEL - 8,
            ty = y + 17,
            h = BAR_ROW - 8,
            vx = BAR_LABEL + length + 6,
            value = bar.value,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest() {
        let bars = vec![
            Bar {
                label: "FR".into(),
                value: 10,
                description: "France: 10".into(),
            },
            Bar {
                label: "EE".into(),
                value: 5,
                description: "Estonia: 5".into(),
            },
        ];
        let svg = bar_chart("c", "Items", "per country", &bars);
        assert!(svg.contains(&format!("width=\"{BAR_AREA}\" height=")));
        assert!(svg.contains(&format!("width=\"{}\" height=", BAR_AREA / 2)));
        assert!(svg.contains("<title>Estonia: 5</title>"));
        assert!(svg.contains("aria-labelledby=\"c-title c-desc\""));
        assert!(bar_chart("c", "t", "d", &[]).contains("</svg>"));
    }
}
