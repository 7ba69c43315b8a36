//! The HTML pages: `report --format html` and `compare --format html`.
//!
//! Each page is one self-contained file (styles and the small sorting
//! script inline; no fonts, images or other files), deterministic for the
//! same inputs and `--as-of`. The pages are askama templates
//! (`templates/*.html`), checked when the crate is compiled; askama
//! escapes every value a template prints (`& < > " '`), in text and in
//! attributes alike, and no template marks input text as safe. Input text
//! never reaches the `<script>` or `<style>` elements: the script reads the
//! table cells only, and colours come from classes, not inline styles.
//!
//! This module only arranges what the other renderers already resolved
//! ([`super::report`], [`super::coverage`], [`super::plan`],
//! [`super::compare`]): it applies no gap rule of its own.

use super::compare::{percent, text_cells};
use super::coverage::{self, CellOut, CoverageDoc, LEGEND, Status, cell_text};
use super::pair;
use super::plan::{
    self, COACHING, PersonPlan, assessed_line, change, item_summary, target_rule, totals_line,
};
use super::report::{self, Filter, ReportDoc, Summary, TeamOut, action_text, team_competence};
use crate::engine::compare::{Change, CompareRow, CompareSummary, Comparison, per_person};
use crate::engine::{ActionKind, Analysis, BusStatus, Totals};
use crate::model::Workspace;
use askama::Template;

/// (id, heading) of a page's sections.
type Sections = &'static [(&'static str, &'static str)];

/// The version printed in the page footer.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The page's bytes, with every control character of the input other than
/// a line break or tab, and every invisible or bidirectional-formatting
/// character, shown as `\u{…}` text, as on the terminal: a name cannot
/// reorder or hide text on the page, and the page printed on a terminal
/// (no `--output`) cannot drive it. The templates hold none of these, so
/// an ordinary page is unchanged.
fn visible(page: String) -> Vec<u8> {
    crate::escape::html_output(page).into_bytes()
}

/// `report --format html`: headline, heat map, bus factor, gaps, team
/// actions and development plans of the filter's selection.
pub fn report(
    ws: &Workspace,
    analysis: &Analysis,
    doc: &ReportDoc,
    filter: &Filter,
) -> askama::Result<Vec<u8>> {
    let cov = coverage::build(
        ws,
        analysis,
        &coverage::Filter {
            role: filter.role.clone(),
        },
    );
    let plans = plan::build(
        ws,
        analysis,
        &plan::Filter {
            person: filter.person.clone(),
            role: filter.role.clone(),
        },
    );
    let selection = match (&filter.person, &filter.role) {
        (Some(p), _) => Some(format!("person {p}")),
        (None, Some(r)) => Some(format!("holders of the role {r}")),
        (None, None) => None,
    };
    let page = ReportPage {
        version: VERSION,
        sections: &[
            ("headline", "Headline"),
            ("heat-map", "Heat map"),
            ("bus-factor", "Bus factor"),
            ("gaps", "Prioritised gaps"),
            ("team-actions", "Team actions"),
            ("plans", "Development plans"),
        ],
        as_of: &doc.as_of,
        selection,
        summary: &doc.summary,
        heat: heat_map(ws, &cov, filter.person.as_deref()),
        legend: LEGEND[0],
        bus: bus_chart(&cov),
        gaps: doc.gaps().map(|g| gap_view(&g)).collect(),
        team: doc.team_actions.iter().map(team_view).collect(),
        target_rule: target_rule(&doc.as_of),
        plans: plans.plans().map(|p| plan_view(&p)).collect(),
    };
    page.render().map(visible)
}

/// `compare --format html`: the management-review page.
pub fn compare(c: &Comparison, old: &Analysis, new: &Analysis) -> askama::Result<Vec<u8>> {
    let page = ComparePage {
        version: VERSION,
        sections: &[
            ("headline", "Headline"),
            ("by-band", "Gap points by band"),
            ("people", "Per person"),
            ("closed", "Gaps closed"),
            ("opened", "Gaps opened"),
        ],
        as_of: &c.as_of,
        summary: &c.summary,
        percent: percent(c),
        chart: band_chart(&Totals::of(&old.rows), &Totals::of(&new.rows)),
        people: people_view(c),
        changes: [
            ChangeSection {
                id: "closed",
                heading: "Gaps closed",
                rows: rows_with(c, Change::Closed),
            },
            ChangeSection {
                id: "opened",
                heading: "Gaps opened",
                rows: rows_with(c, Change::Opened),
            },
        ],
    };
    page.render().map(visible)
}

// ---------------------------------------------------------------------------
// The report page.

#[derive(Template)]
#[template(path = "report.html", whitespace = "minimize")]
struct ReportPage<'a> {
    version: &'static str,
    /// (id, heading) of the page's sections, for its table of contents.
    sections: Sections,
    as_of: &'a str,
    /// What `--person` / `--role` selected, in words.
    selection: Option<String>,
    summary: &'a Summary,
    heat: Heat,
    /// How to read the rows (as `coverage` says it).
    legend: &'static str,
    bus: BusChart,
    gaps: Vec<GapView>,
    team: Vec<TeamView>,
    target_rule: String,
    plans: Vec<PlanView>,
}

/// The heat map: people × required competences, in role blocks.
struct Heat {
    /// (competence id, title), in catalog order.
    columns: Vec<(String, String)>,
    groups: Vec<HeatGroup>,
    /// Cells that carry a status (each person once).
    cells: usize,
}

struct HeatGroup {
    /// The role id, or `(no role)`.
    role: String,
    title: String,
    /// The role's own requirement per column (`4/4`, or empty).
    required: Vec<String>,
    rows: Vec<HeatRow>,
}

struct HeatRow {
    person: String,
    name: String,
    /// Shown in full under this earlier role (a person with several roles
    /// is drawn once, under the first).
    shown_under: Option<String>,
    /// The other roles of the person, for the row header.
    roles: String,
    cells: Vec<HeatCell>,
}

struct HeatCell {
    /// CSS class: `m` met, `s1`–`s3` short by 1, 2, 3 or more, `x`
    /// missing, `n` not required.
    class: &'static str,
    /// `met`, `short`, `missing`; `None` when not required.
    status: Option<&'static str>,
    competence: String,
    text: String,
    /// Required against held, in words (empty when not required).
    title: String,
}

fn heat_cell(cell: &CellOut) -> HeatCell {
    let held = pair(cell.held);
    let (class, title) = match (cell.status, cell.required) {
        // The text says it: `(K/S)` held, `·` neither.
        (Status::NotRequired, _) | (_, None) => ("n", String::new()),
        (status, Some(req)) => {
            let class = match status {
                Status::Met => "m",
                Status::Missing => "x",
                _ => match cell.gap {
                    1 => "s1",
                    2 => "s2",
                    _ => "s3",
                },
            };
            let verdict = match status {
                Status::Met => "met".to_string(),
                Status::Missing => "missing".to_string(),
                _ => format!("short by {}", cell.gap),
            };
            (
                class,
                format!(
                    "required {}, held {held} (knowledge/skill): {verdict}",
                    pair(req)
                ),
            )
        }
    };
    HeatCell {
        class,
        status: (cell.status != Status::NotRequired).then(|| cell.status.as_str()),
        competence: cell.competence.clone(),
        text: cell_text(cell),
        title,
    }
}

/// The coverage matrix as a heat map; with `person`, that person's row
/// and the competences their roles require.
fn heat_map(ws: &Workspace, cov: &CoverageDoc, person: Option<&str>) -> Heat {
    let shown = |m: usize| person.is_none_or(|p| cov.matrix[m].person == p);
    let keep: Vec<bool> = (0..cov.columns.len())
        .map(|c| {
            person.is_none()
                || cov
                    .matrix
                    .iter()
                    .any(|r| Some(r.person.as_str()) == person && r.cells[c].required.is_some())
        })
        .collect();
    let kept = |c: &usize| keep[*c];
    let columns = (0..cov.columns.len())
        .filter(kept)
        .map(|c| {
            let col = &cov.columns[c];
            (col.competence.clone(), col.title.clone())
        })
        .collect();
    let mut first_group: Vec<Option<String>> = vec![None; cov.matrix.len()];
    let mut cells = 0;
    let mut groups = Vec::new();
    for g in &cov.groups {
        let members: Vec<usize> = g.members.iter().copied().filter(|&m| shown(m)).collect();
        if person.is_some() && members.is_empty() {
            continue;
        }
        let role = g.role.clone().unwrap_or_else(|| "(no role)".to_string());
        let title = g
            .role
            .as_deref()
            .and_then(|r| ws.role_index(r))
            .map(|r| ws.roles[r].title.clone())
            .unwrap_or_default();
        let rows = members
            .iter()
            .map(|&m| {
                let row = &cov.matrix[m];
                let others: Vec<&str> = row
                    .roles
                    .iter()
                    .map(String::as_str)
                    .filter(|r| g.role.as_deref() != Some(*r))
                    .collect();
                let shown_under = first_group[m].clone();
                let cells_out = if shown_under.is_some() {
                    Vec::new()
                } else {
                    first_group[m] = Some(role.clone());
                    let out: Vec<HeatCell> = (0..row.cells.len())
                        .filter(kept)
                        .map(|c| heat_cell(&row.cells[c]))
                        .collect();
                    cells += out.iter().filter(|c| c.status.is_some()).count();
                    out
                };
                HeatRow {
                    person: row.person.clone(),
                    name: row.name.clone(),
                    shown_under,
                    roles: others.join(", "),
                    cells: cells_out,
                }
            })
            .collect();
        groups.push(HeatGroup {
            role,
            title,
            required: (0..g.required.len())
                .filter(kept)
                .map(|c| g.required[c].map(pair).unwrap_or_default())
                .collect(),
            rows,
        });
    }
    Heat {
        columns,
        groups,
        cells,
    }
}

/// The bus factor chart: one bar per required competence, its length the
/// people who meet the highest requirement in both dimensions.
struct BusChart {
    width: u32,
    height: u32,
    /// Where the bars start, and the x of the "2 people" guide line.
    x0: u32,
    two: u32,
    bars: Vec<BusBar>,
}

struct BusBar {
    competence: String,
    /// Text baseline and bar top.
    y: u32,
    bar_y: u32,
    width: u32,
    /// `ok`, `spof` or `uncovered`.
    class: &'static str,
    /// What the bar says in words: `3 people (K 3, S 4)`, `✗ uncovered …`.
    label: String,
    label_x: u32,
    /// Text for the tooltip.
    tip: String,
}

const BAR_ROW: u32 = 22;
const BAR_X0: u32 = 70;
const BAR_MAX: u32 = 360;

fn bus_chart(cov: &CoverageDoc) -> BusChart {
    let meets = |k: usize, s: usize| k.min(s);
    let max = cov
        .bus_factor
        .iter()
        .map(|b| meets(b.knowledge, b.skill))
        .max()
        .unwrap_or(0)
        .max(2);
    let scale = |n: usize| u32::try_from(n * BAR_MAX as usize / max).unwrap_or(BAR_MAX);
    let bars = cov
        .bus_factor
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let n = meets(b.knowledge, b.skill);
            let (class, mark) = match b.status {
                BusStatus::Uncovered => ("uncovered", "✗ uncovered"),
                BusStatus::SinglePointOfFailure => ("spof", "! single point of failure"),
                BusStatus::Ok => ("ok", ""),
            };
            let people = if n == 1 { "person" } else { "people" };
            let mut label = format!("{n} {people} (K {}, S {})", b.knowledge, b.skill);
            if !mark.is_empty() {
                label = format!("{mark}: {label}");
            }
            let top = 4 + u32::try_from(i).unwrap_or(0) * BAR_ROW;
            let width = scale(n);
            BusBar {
                competence: b.competence.clone(),
                y: top + 13,
                bar_y: top + 2,
                width,
                class,
                label_x: BAR_X0 + width.max(2) + 6,
                tip: format!(
                    "{} {}: highest requirement {}; {label}",
                    b.competence,
                    b.title,
                    pair(b.required)
                ),
                label,
            }
        })
        .collect::<Vec<_>>();
    BusChart {
        width: BAR_X0 + BAR_MAX + 260,
        height: 8 + u32::try_from(bars.len()).unwrap_or(0) * BAR_ROW,
        x0: BAR_X0,
        two: BAR_X0 + scale(2),
        bars,
    }
}

/// One row of the prioritised gaps table.
struct GapView {
    person: String,
    name: String,
    competence: String,
    title: String,
    required: String,
    held: String,
    gap: u8,
    criticality: &'static str,
    criticality_rank: u32,
    score: u32,
    band: &'static str,
    band_rank: u8,
    actions: String,
    flags: String,
}

fn gap_view(g: &report::GapOut) -> GapView {
    GapView {
        person: g.person.to_string(),
        name: g.name.to_string(),
        competence: g.competence.to_string(),
        title: g.title.to_string(),
        required: pair(g.required),
        held: pair(g.held),
        gap: g.gap,
        criticality: g.criticality.as_str(),
        criticality_rank: g.criticality.weight(),
        score: g.score,
        band: g.band.as_str(),
        band_rank: g.band as u8,
        actions: action_text(g),
        flags: g.flags.join(", "),
    }
}

/// One row of the team actions table.
struct TeamView {
    role: String,
    competence: String,
    kind: &'static str,
    candidates: String,
    reason: String,
}

fn team_view(a: &TeamOut) -> TeamView {
    TeamView {
        role: a.role.clone(),
        competence: team_competence(a),
        kind: a.kind.as_str(),
        candidates: a
            .candidates
            .as_ref()
            .map(|c| c.join(", "))
            .unwrap_or_default(),
        reason: a.reason.clone(),
    }
}

/// One development plan, as the page shows it.
struct PlanView {
    person: String,
    name: String,
    roles: String,
    assessed: String,
    totals: String,
    notes: Vec<String>,
    items: Vec<PlanItemView>,
}

struct PlanItemView {
    heading: String,
    /// `high`, `medium` or `low` (the CSS class of the priority).
    band: &'static str,
    line: String,
    flags: String,
    actions: Vec<PlanActionView>,
}

struct PlanActionView {
    /// `Training (knowledge 2 → 4)`, …
    head: String,
    /// What to do, in words (mentoring, coaching).
    text: String,
    /// Knowledge items to study: (id, text).
    items: Vec<(String, String)>,
}

fn plan_view(p: &PersonPlan) -> PlanView {
    let items = p
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let actions = item
                .actions
                .iter()
                .map(|a| match a.kind {
                    ActionKind::Training => PlanActionView {
                        head: format!(
                            "Training ({})",
                            change("knowledge", item.held.knowledge, item.required.knowledge)
                        ),
                        text: "study".to_string(),
                        items: a
                            .items
                            .iter()
                            .flatten()
                            .map(|i| (i.id.to_string(), i.text.to_string()))
                            .collect(),
                    },
                    ActionKind::Mentoring => PlanActionView {
                        head: format!(
                            "Mentoring ({})",
                            change("skill", item.held.skill, item.required.skill)
                        ),
                        text: format!(
                            "with {} ({})",
                            a.mentor_name.as_deref().unwrap_or_default(),
                            a.mentor.as_deref().unwrap_or_default()
                        ),
                        items: Vec::new(),
                    },
                    ActionKind::Coaching => PlanActionView {
                        head: format!(
                            "Coaching ({})",
                            change("skill", item.held.skill, item.required.skill)
                        ),
                        text: COACHING.to_string(),
                        items: Vec::new(),
                    },
                })
                .collect();
            PlanItemView {
                heading: format!("{}. {} {}", n + 1, item.competence, item.title),
                band: item.band.as_str(),
                line: item_summary(item, str::to_string),
                flags: item.flags.join(", "),
                actions,
            }
        })
        .collect();
    PlanView {
        person: p.person.clone(),
        name: p.name.clone(),
        roles: p.role_titles.join(", "),
        assessed: assessed_line(p),
        totals: totals_line(&p.totals),
        notes: p.notes.clone(),
        items,
    }
}

// ---------------------------------------------------------------------------
// The compare page.

#[derive(Template)]
#[template(path = "compare.html", whitespace = "minimize")]
struct ComparePage<'a> {
    version: &'static str,
    /// (id, heading) of the page's sections, for its table of contents.
    sections: Sections,
    as_of: &'a str,
    summary: &'a CompareSummary,
    /// `33.7% closed`, or why there is no percentage.
    percent: String,
    chart: BandChart,
    people: Vec<PersonView>,
    /// Gaps closed, then gaps opened.
    changes: [ChangeSection; 2],
}

/// Gap points by band, before and after, as grouped bars.
struct BandChart {
    width: u32,
    height: u32,
    /// The x axis (bar bottoms).
    base: u32,
    groups: Vec<BandGroup>,
}

struct BandGroup {
    band: &'static str,
    label_x: u32,
    bars: [BandBar; 2],
}

struct BandBar {
    /// `before` or `after`.
    round: &'static str,
    points: u64,
    x: u32,
    y: u32,
    height: u32,
    /// Centre of the bar, for its labels.
    mid: u32,
}

const CHART_H: u32 = 200;
const CHART_TOP: u32 = 24;
const BAR_W: u32 = 56;
const GROUP_W: u32 = 170;

fn band_chart(before: &Totals, after: &Totals) -> BandChart {
    let bands = [
        ("high", before.high_points, after.high_points),
        ("medium", before.medium_points, after.medium_points),
        ("low", before.low_points, after.low_points),
    ];
    let max = bands
        .iter()
        .map(|&(_, b, a)| b.max(a))
        .max()
        .unwrap_or(0)
        .max(1);
    let base = CHART_TOP + CHART_H;
    let bar = |round, points: u64, x: u32| {
        let height = u32::try_from(points * u64::from(CHART_H) / max).unwrap_or(CHART_H);
        BandBar {
            round,
            points,
            x,
            y: base - height,
            height,
            mid: x + BAR_W / 2,
        }
    };
    let groups = bands
        .iter()
        .enumerate()
        .map(|(i, &(band, b, a))| {
            let x = 20 + u32::try_from(i).unwrap_or(0) * GROUP_W;
            BandGroup {
                band,
                label_x: x + BAR_W + 4,
                bars: [bar("before", b, x), bar("after", a, x + BAR_W + 8)],
            }
        })
        .collect();
    BandChart {
        width: 20 + 3 * GROUP_W,
        height: base + 44,
        base,
        groups,
    }
}

/// One person's total gap in both rounds.
struct PersonView {
    person: String,
    name: String,
    before: String,
    after: String,
    /// `after - before`, signed (`+2`, `-3`, `0`), or empty.
    delta: String,
    delta_key: i64,
    /// `improved`, `worsened`, `unchanged`, `joined` or `left`.
    status: &'static str,
}

fn people_view(c: &Comparison) -> Vec<PersonView> {
    let s = &c.summary;
    let listed = |list: &[String], p: &str| list.binary_search_by(|x| x.as_str().cmp(p)).is_ok();
    let names: std::collections::BTreeMap<&str, &str> = c
        .rows
        .iter()
        .map(|r| (r.person.as_str(), r.name.as_str()))
        .collect();
    per_person(&c.rows)
        .into_iter()
        .map(|(p, (before, after))| {
            let status = if listed(&s.people_joined, p) {
                "joined"
            } else if listed(&s.people_left, p) {
                "left"
            } else if listed(&s.people_improved, p) {
                "improved"
            } else if listed(&s.people_worsened, p) {
                "worsened"
            } else {
                "unchanged"
            };
            let (in_old, in_new) = (status != "joined", status != "left");
            let delta = i64::try_from(after).unwrap_or(i64::MAX)
                - i64::try_from(before).unwrap_or(i64::MAX);
            PersonView {
                person: p.to_string(),
                name: names.get(p).copied().unwrap_or_default().to_string(),
                before: if in_old {
                    before.to_string()
                } else {
                    "-".into()
                },
                after: if in_new {
                    after.to_string()
                } else {
                    "-".into()
                },
                delta: match (in_old && in_new, delta) {
                    (false, _) => String::new(),
                    (true, 0) => "0".to_string(),
                    (true, d) => format!("{d:+}"),
                },
                delta_key: if in_old && in_new { delta } else { 0 },
                status,
            }
        })
        .collect()
}

/// The table of the gaps closed, or of those opened.
struct ChangeSection {
    id: &'static str,
    heading: &'static str,
    rows: Vec<ChangeRow>,
}

/// One row of the gaps closed or opened: the compare table's cells.
struct ChangeRow {
    name: String,
    /// Person, competence, then required, held and gap before and after.
    cells: Vec<String>,
}

fn rows_with(c: &Comparison, change: Change) -> Vec<ChangeRow> {
    c.rows
        .iter()
        .filter(|r| r.change == change)
        .map(|r: &CompareRow| {
            let mut cells = text_cells(r);
            cells.pop(); // the change: the table's heading says it
            ChangeRow {
                name: r.name.clone(),
                cells,
            }
        })
        .collect()
}
