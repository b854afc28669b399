//! The report as one server-rendered HTML page: charts as inline SVG (no script, so a strict CSP
//! holds and a screen reader or a printout loses nothing), and every number also in a table with
//! a caption. Styles come from `/report.css` (`style-src 'self'`); SVG colours are attributes.

use std::fmt::Write;

use selfhelp::domain::Lang;
use time::UtcOffset;

use super::text::{percent, text, Text};
use super::{Report, Tally};
use crate::collect::MARKETS;

pub(crate) const CSS: &str = "\
:root{color-scheme:light;font-family:system-ui,sans-serif;color:#1d2329;background:#fff}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem 3rem;line-height:1.5}
h1{color:#005d92;margin-bottom:.25rem}
h2{margin-top:2.5rem;border-bottom:2px solid #eef3f7}
nav ul,.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem}
a{color:#005d92}
a[aria-current]{font-weight:700;color:#1d2329}
table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #6b7681;padding:.2rem .5rem;text-align:right}
th[scope=row],thead th{text-align:left;background:#eef3f7}
th[scope=row]{white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}
.scroll:focus{outline:3px solid #005d92}
.big{font-size:2.5rem;font-weight:700;color:#005d92;margin:0}
.swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem;border:1px solid #1d2329}
.solved{background:#005d92}.escalated{background:#b3261e}.left{background:#6b7681}
svg{max-width:100%;height:auto;display:block}
svg text{font:11px system-ui,sans-serif;fill:#1d2329}
";

const SOLVED: &str = "#005d92";
const ESCALATED: &str = "#b3261e";
const LEFT: &str = "#6b7681";
/// Heatmap shades from none to most, light to dark.
const SHADES: [&str; 5] = ["#eef3f7", "#b9d4e6", "#7aaed0", "#3c84b5", "#005d92"];

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value.
fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The page. `token` is repeated in the language links only when it came in the URL.
pub(crate) fn render(
    report: &Report,
    lang: Lang,
    token: Option<&str>,
    offset: UtcOffset,
) -> String {
    let t = text(lang);
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>{} · {} – {}</title><link rel=\"stylesheet\" href=\"report.css\"></head><body>",
        lang.code(),
        esc(t.title),
        report.first_day,
        report.last_day
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p>{}: {} – {} (UTC{})</p>",
        esc(t.title),
        esc(t.period),
        report.first_day,
        report.last_day,
        offset_label(offset)
    );
    languages(&mut h, t, lang, token);
    let _ = write!(h, "</header><main><p>{}</p>", esc(t.how_to_read));
    summary(&mut h, t, lang, report);
    if report.total.visits() > 0 {
        per_day(&mut h, t, lang, report);
        groups(&mut h, t, lang, report);
        heatmap(&mut h, t, report);
    }
    not_helpful(&mut h, t, report);
    empty_searches(&mut h, t, lang, report);
    h.push_str("</main></body></html>\n");
    h
}

fn offset_label(offset: UtcOffset) -> String {
    let minutes = offset.whole_minutes();
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

fn languages(h: &mut String, t: &Text, current: Lang, token: Option<&str>) {
    let _ = write!(h, "<nav aria-label=\"{}\"><ul>", esc(t.language));
    for lang in Lang::ALL {
        let mut href = format!("?lang={}", lang.code());
        if let Some(token) = token {
            let _ = write!(href, "&token={}", query_value(token));
        }
        let current = if lang == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<li><a href=\"{}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
            esc(&href),
            lang.code(),
            lang.code(),
            esc(lang.endonym())
        );
    }
    h.push_str("</ul></nav>");
}

fn summary(h: &mut String, t: &Text, lang: Lang, r: &Report) {
    let _ = write!(h, "<section><h2 id=\"summary\">{}</h2>", esc(t.summary));
    if r.total.visits() == 0 {
        let _ = write!(h, "<p>{}</p></section>", esc(t.no_data));
        return;
    }
    let _ = write!(
        h,
        "<p class=\"big\" id=\"rate\">{}</p><p>{}</p>",
        percent(lang, r.total.rate()),
        esc(t.rate)
    );
    table_head(
        h,
        t.summary,
        &[
            t.visits,
            t.by_article,
            t.by_tracking,
            t.escalated,
            t.left,
            t.rate,
        ],
        None,
    );
    h.push_str("<tr>");
    tally_cells(h, lang, &r.total);
    h.push_str("</tr></tbody></table></div></section>");
}

/// Opens a table: caption, a header row (with a first column for row names when `row_header`).
fn table_head(h: &mut String, caption: &str, columns: &[&str], row_header: Option<&str>) {
    let _ = write!(
        h,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table><caption>{}</caption><thead><tr>",
        esc(caption),
        esc(caption)
    );
    if let Some(name) = row_header {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(name));
    }
    for c in columns {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(c));
    }
    h.push_str("</tr></thead><tbody>");
}

fn tally_cells(h: &mut String, lang: Lang, tally: &Tally) {
    let _ = write!(
        h,
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        tally.visits(),
        tally.by_article,
        tally.by_tracking,
        tally.escalated,
        tally.left,
        percent(lang, tally.rate())
    );
}

fn tally_columns(t: &Text) -> [&'static str; 6] {
    [
        t.visits,
        t.by_article,
        t.by_tracking,
        t.escalated,
        t.left,
        t.rate,
    ]
}

fn per_day(h: &mut String, t: &Text, lang: Lang, r: &Report) {
    let _ = write!(h, "<section><h2 id=\"per-day\">{}</h2>", esc(t.per_day));
    day_chart(h, t, r);
    let _ = write!(
        h,
        "<ul class=\"legend\"><li><span class=\"swatch solved\"></span>{} / {}</li>\
         <li><span class=\"swatch escalated\"></span>{}</li><li><span class=\"swatch left\"></span>{}</li></ul>",
        esc(t.by_article),
        esc(t.by_tracking),
        esc(t.escalated),
        esc(t.left)
    );
    table_head(h, t.per_day, &tally_columns(t), Some(t.day));
    for (day, tally) in &r.by_day {
        let _ = write!(h, "<tr><th scope=\"row\">{day}</th>");
        tally_cells(h, lang, tally);
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>");
}

/// Stacked bars per day: solved at the bottom, then escalated, then left.
fn day_chart(h: &mut String, t: &Text, r: &Report) {
    let (bar, gap, top, height, left_margin) = (18.0, 6.0, 16.0, 160.0, 36.0);
    let width = left_margin + (bar + gap) * r.by_day.len() as f64 + gap;
    let max = r
        .by_day
        .iter()
        .map(|(_, t)| t.visits())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let _ = write!(
        h,
        "<svg viewBox=\"0 0 {width} {}\" width=\"{width}\" role=\"img\" aria-labelledby=\"chart-days\">\
         <title id=\"chart-days\">{}</title>\
         <line x1=\"{left_margin}\" y1=\"{}\" x2=\"{width}\" y2=\"{}\" stroke=\"#6b7681\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        top + height + 20.0,
        esc(t.chart_days),
        top + height,
        top + height,
        left_margin - 4.0,
        top + 4.0,
        max as u64,
        left_margin - 4.0,
        top + height
    );
    for (i, (day, tally)) in r.by_day.iter().enumerate() {
        let x = left_margin + gap + i as f64 * (bar + gap);
        let mut y = top + height;
        for (n, colour) in [
            (tally.solved(), SOLVED),
            (tally.escalated, ESCALATED),
            (tally.left, LEFT),
        ] {
            if n == 0 {
                continue;
            }
            let hgt = height * n as f64 / max;
            y -= hgt;
            let _ = write!(h, "<rect x=\"{x}\" y=\"{y:.1}\" width=\"{bar}\" height=\"{hgt:.1}\" fill=\"{colour}\"/>");
        }
        if i % 7 == 0 || i + 1 == r.by_day.len() {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                top + height + 14.0,
                day.get(5..).unwrap_or(day)
            );
        }
    }
    h.push_str("</svg>");
}

fn groups(h: &mut String, t: &Text, lang: Lang, r: &Report) {
    let _ = write!(h, "<section><h2 id=\"per-week\">{}</h2>", esc(t.per_week));
    let mut columns = vec![t.market, t.language];
    columns.extend(tally_columns(t));
    table_head(h, t.per_week, &columns, Some(t.week));
    for (week, market, l, tally) in &r.by_week {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{week}</th><td>{}</td><td>{}</td>",
            esc(market_name(t, *market)),
            esc(l.endonym())
        );
        tally_cells(h, lang, tally);
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    let _ = write!(h, "<h3>{}</h3>", esc(t.per_market));
    table_head(h, t.per_market, &tally_columns(t), Some(t.market));
    for (market, tally) in &r.by_market {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th>",
            esc(market_name(t, *market))
        );
        tally_cells(h, lang, tally);
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    let _ = write!(h, "<h3>{}</h3>", esc(t.per_lang));
    table_head(h, t.per_lang, &tally_columns(t), Some(t.language));
    for (l, tally) in &r.by_lang {
        let _ = write!(
            h,
            "<tr><th scope=\"row\" lang=\"{}\">{}</th>",
            l.code(),
            esc(l.endonym())
        );
        tally_cells(h, lang, tally);
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>");
}

fn market_name(t: &Text, market: selfhelp::domain::Market) -> &'static str {
    MARKETS
        .iter()
        .position(|m| *m == market)
        .map_or("", |i| t.markets[i])
}

fn heatmap(h: &mut String, t: &Text, r: &Report) {
    let _ = write!(
        h,
        "<section><h2 id=\"heatmap\">{}</h2><p>{}</p>",
        esc(t.heatmap),
        esc(t.heatmap_note)
    );
    let max = r.heatmap.iter().flatten().copied().max().unwrap_or(0);
    let (cell, left_margin, top) = (22.0, 40.0, 18.0);
    let width = left_margin + 24.0 * cell;
    let _ = write!(
        h,
        "<svg viewBox=\"0 0 {width} {}\" width=\"{width}\" role=\"img\" aria-labelledby=\"chart-heatmap\">\
         <title id=\"chart-heatmap\">{}</title>",
        top + 7.0 * cell,
        esc(t.heatmap_note)
    );
    for hour in (0..24).step_by(3) {
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"12\" text-anchor=\"middle\">{hour:02}</text>",
            left_margin + hour as f64 * cell + cell / 2.0
        );
    }
    for (d, hours) in r.heatmap.iter().enumerate() {
        let y = top + d as f64 * cell;
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left_margin - 6.0,
            y + 15.0,
            esc(t.weekdays[d])
        );
        for (hour, n) in hours.iter().enumerate() {
            let shade = if *n == 0 || max == 0 {
                SHADES[0]
            } else {
                SHADES[(1 + (*n * 3).div_ceil(max) as usize).min(4)]
            };
            let _ = write!(
                h,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" fill=\"{shade}\" stroke=\"#fff\"/>",
                left_margin + hour as f64 * cell,
                cell,
                cell
            );
        }
    }
    h.push_str("</svg>");
    let hours: Vec<String> = (0..24).map(|hour| format!("{hour:02}")).collect();
    let columns: Vec<&str> = hours.iter().map(String::as_str).collect();
    let _ = write!(
        h,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        esc(t.heatmap)
    );
    let _ = write!(
        h,
        "<table><caption>{} ({})</caption><thead><tr><th scope=\"col\">{}</th>",
        esc(t.heatmap_note),
        esc(t.hour),
        esc(t.weekday)
    );
    for c in columns {
        let _ = write!(h, "<th scope=\"col\">{c}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for (d, hours) in r.heatmap.iter().enumerate() {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(t.weekdays[d]));
        for n in hours {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>");
}

fn not_helpful(h: &mut String, t: &Text, r: &Report) {
    let _ = write!(
        h,
        "<section><h2 id=\"not-helpful\">{}</h2><p>{}</p>",
        esc(t.not_helpful),
        esc(t.not_helpful_note)
    );
    if r.not_helpful.is_empty() {
        let _ = write!(h, "<p>{}</p></section>", esc(t.no_data));
        return;
    }
    table_head(h, t.not_helpful, &[t.answered_no], Some(t.article));
    for row in &r.not_helpful {
        let _ = write!(
            h,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td></tr>",
            esc(&row.article),
            row.answered_no
        );
    }
    h.push_str("</tbody></table></div></section>");
}

fn empty_searches(h: &mut String, t: &Text, lang: Lang, r: &Report) {
    let _ = write!(h, "<section><h2 id=\"empty\">{}</h2>", esc(t.empty));
    let share = (r.searches > 0).then(|| 100.0 * r.empty_searches as f64 / r.searches as f64);
    table_head(h, t.empty, &[t.searches, t.found_nothing, t.share], None);
    let _ = write!(
        h,
        "<tr><td>{}</td><td id=\"empty-searches\">{}</td><td>{}</td></tr></tbody></table></div></section>",
        r.searches,
        r.empty_searches,
        percent(lang, share)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::build;
    use crate::report::tests::row;
    use crate::store::ArticleRow;
    use time::{Date, Month};

    #[test]
    fn the_page_is_escaped_translated_and_complete() {
        let today = Date::from_calendar_date(2026, Month::December, 1).unwrap();
        let rows = [
            row("2026-11-30", 1, 9, "se", "sv", "solved-by-article", 3),
            row("2026-11-30", 1, 9, "se", "sv", "escalated", 1),
        ];
        let report = build(
            today,
            28,
            &rows,
            vec![ArticleRow {
                article: "return-parcel".into(),
                answered_no: 4,
            }],
        );
        let page = render(
            &report,
            Lang::Sv,
            Some("a&b c"),
            UtcOffset::from_hms(1, 0, 0).unwrap(),
        );
        assert!(page.starts_with("<!doctype html>\n<html lang=\"sv\">"));
        assert!(page.contains("<title>Självservicerapport"));
        assert!(page.contains("<p class=\"big\" id=\"rate\">75\u{a0}%</p>"));
        assert!(page.contains("(UTC+01:00)"));
        assert!(page.contains("?lang=fi&amp;token=a%26b%20c"));
        assert!(page.contains("<code>return-parcel</code></th><td>4</td>"));
        assert!(page.contains("<td id=\"empty-searches\">4</td>"));
        assert!(!page.contains("<script"));
        assert_eq!(esc("<b x=\"'\">&"), "&lt;b x=&quot;&#39;&quot;&gt;&amp;");
        let empty = render(
            &build(today, 28, &[], vec![]),
            Lang::Fi,
            None,
            UtcOffset::UTC,
        );
        assert!(empty.contains("Ajanjaksolla ei kirjattu käyntejä."));
        assert!(!empty.contains("token="));
    }
}
