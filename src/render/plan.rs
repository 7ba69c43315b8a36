//! The `plan` output: one individual development plan per person with gaps
//! (ISO/IEC 27001 clause 7.2, "individualized training plans").
//!
//! [`build`] resolves the engine's rows into a [`PlanDoc`] (ids, names,
//! catalog texts, target dates); [`markdown`], [`table`], [`csv`] and
//! [`json`] turn it into bytes. Other outputs (the evidence bundle) reuse
//! [`build`] and [`markdown`].

use super::columns::{Column, CsvRows};
use super::csv::join;
use super::table::{band_color, colored, fitted_with_note, keep_whole, new_table};
use super::{LazySeq, Style, markdown as md, pair};
use crate::catalog::Item;
use crate::engine::{Action, ActionKind, Analysis, Band, Row, Totals};
use crate::escape::terminal;
use crate::model::{Criticality, Levels, Method, Person, Workspace};
use comfy_table::{ColumnConstraint, Width};
use serde::Serialize;

/// One knowledge item to study: its full id and the catalog's text, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemOut<'a> {
    /// Full item id, for example `6.5.2/K1`.
    pub id: &'a str,
    /// The standard's text.
    pub text: &'a str,
}

/// One action of a plan item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction<'a> {
    /// `training`, `mentoring` or `coaching`.
    pub kind: ActionKind,
    /// The mentor's person id (mentoring only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor: Option<String>,
    /// The mentor's name (mentoring only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor_name: Option<String>,
    /// Knowledge items to study (training only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemOut<'a>>>,
}

/// One gap of a person's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem<'a> {
    pub competence: &'a str,
    pub title: &'a str,
    /// The person's requirement (the stricter of their roles, rule 1).
    pub required: Levels,
    /// The levels that count (after expiry and capping).
    pub held: Levels,
    pub knowledge_gap: u8,
    pub skill_gap: u8,
    pub gap: u8,
    /// `high`, `medium` or `low`.
    pub band: Band,
    /// `High`, `Medium` or `Low` (as in the register).
    pub priority: &'static str,
    pub criticality: Criticality,
    /// Suggested completion date: `as_of` plus 90, 180 or 365 days by band.
    pub target_date: String,
    pub flags: Vec<&'static str>,
    pub actions: Vec<PlanAction<'a>>,
}

/// One person's development plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonPlan<'a> {
    pub person: String,
    pub name: String,
    /// Role ids, as written in the assessment.
    pub roles: Vec<String>,
    /// Role titles with ids, for reading (not in JSON).
    #[serde(skip)]
    pub role_titles: Vec<String>,
    pub assessed_on: String,
    pub method: Method,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// The assessor's name, when the assessor is a person of the workspace (not in JSON).
    #[serde(skip)]
    pub assessor_name: Option<String>,
    /// In report order (highest priority first).
    pub items: Vec<PlanItem<'a>>,
    /// What to settle before starting (stale assessment, missing evidence…), not in JSON.
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Gap counts and gap points of the items (not in JSON).
    #[serde(skip)]
    pub totals: Totals,
}

/// Every plan, people in id order. A plan is resolved when it is written
/// ([`PlanDoc::plans`]), so that the plans of a large organization are
/// never all held at once.
#[derive(Debug, Clone)]
pub struct PlanDoc<'a> {
    pub as_of: String,
    ws: &'a Workspace,
    analysis: &'a Analysis,
    /// The people shown, with their gap rows in report order.
    people: Vec<(&'a Person, Vec<&'a Row>)>,
}

impl<'a> PlanDoc<'a> {
    /// Nobody shown has a gap.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The plans, people in id order.
    pub fn plans(&self) -> impl ExactSizeIterator<Item = PersonPlan<'a>> + '_ {
        self.people
            .iter()
            .map(|(person, rows)| person_plan(self.ws, self.analysis, person, rows))
    }
}

impl Serialize for PlanDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PlanDoc", 2)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("plans", &LazySeq(|| self.plans()))?;
        st.end()
    }
}

/// Whose plans to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this person (id).
    pub person: Option<String>,
    /// Only holders of this role (id); their plans stay whole.
    pub role: Option<String>,
}

impl Filter {
    pub fn keeps(&self, ws: &Workspace, person: &Person) -> bool {
        self.person.as_ref().is_none_or(|id| &person.id == id)
            && self.role.as_ref().is_none_or(|r| ws.holds(person, r))
    }
}

/// Find an item by full id, sub-items included.
fn find_item<'a>(items: &'a [Item], id: &str) -> Option<&'a Item> {
    items.iter().find_map(|i| {
        if i.id == id {
            Some(i)
        } else {
            find_item(&i.items, id)
        }
    })
}

/// The items of a training action, with sub-items after their parent.
fn training_items<'a>(ws: &'a Workspace, row: &Row, ids: &'a [String]) -> Vec<ItemOut<'a>> {
    fn push<'a>(out: &mut Vec<ItemOut<'a>>, item: &'a Item) {
        out.push(ItemOut {
            id: &item.id,
            text: &item.text,
        });
        for sub in &item.items {
            push(out, sub);
        }
    }
    let knowledge = &ws.catalog.competences[row.competence].knowledge;
    let mut out = Vec::new();
    for id in ids {
        match find_item(knowledge, id) {
            Some(item) => push(&mut out, item),
            None => out.push(ItemOut { id, text: "" }),
        }
    }
    out
}

fn plan_item<'a>(ws: &'a Workspace, analysis: &Analysis, row: &'a Row) -> PlanItem<'a> {
    let c = &ws.catalog.competences[row.competence];
    let actions = row
        .actions
        .iter()
        .map(|a| match a {
            Action::Training { items } => PlanAction {
                kind: a.kind(),
                mentor: None,
                mentor_name: None,
                items: Some(training_items(ws, row, items)),
            },
            Action::Mentoring { mentor } => PlanAction {
                kind: a.kind(),
                mentor: Some(ws.people[*mentor].id.clone()),
                mentor_name: Some(ws.people[*mentor].name.clone()),
                items: None,
            },
            Action::Coaching => PlanAction {
                kind: a.kind(),
                mentor: None,
                mentor_name: None,
                items: None,
            },
        })
        .collect();
    PlanItem {
        competence: &c.id,
        title: &c.title,
        required: row.required,
        held: row.held,
        knowledge_gap: row.knowledge_gap,
        skill_gap: row.skill_gap,
        gap: row.gap,
        band: row.band,
        priority: row.band.priority(),
        criticality: row.criticality,
        target_date: analysis.as_of.add_days(row.band.target_days()).to_string(),
        flags: row.flags.names(),
        actions,
    }
}

/// Competence ids of the items carrying `flag`, in plan order.
fn flagged(items: &[PlanItem], flag: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.flags.contains(&flag))
        .map(|i| i.competence.to_string())
        .collect()
}

/// What the person and their manager should settle before starting.
fn notes(ws: &Workspace, analysis: &Analysis, person: &Person, items: &[PlanItem]) -> Vec<String> {
    let mut out = Vec::new();
    if items.iter().any(|i| i.flags.contains(&"stale")) {
        out.push(format!(
            "The assessment is {} days old (reassess after {} days): reassess before committing to this plan.",
            analysis.as_of.days() - person.assessed_on.days(),
            ws.policy.reassess_after_days
        ));
    }
    let list = flagged(items, "unassessed");
    if !list.is_empty() {
        out.push(format!(
            "Not assessed: {}. The plan assumes level 0; assess these first.",
            list.join(", ")
        ));
    }
    let list = flagged(items, "unevidenced");
    if !list.is_empty() {
        out.push(format!(
            "Claimed without valid evidence: {}. Record evidence (ISO/IEC 27001 7.2 d).",
            list.join(", ")
        ));
    }
    let list = flagged(items, "expired-evidence");
    if !list.is_empty() {
        out.push(format!(
            "Evidence has expired: {}. Renew the qualification or record new evidence.",
            list.join(", ")
        ));
    }
    // Every held competence, met ones too: their evidence lapsing may open a gap.
    let days = ws.policy.expiry_warning_days;
    let list: Vec<String> = person
        .competences
        .iter()
        .filter(|h| {
            h.evidence
                .iter()
                .any(|e| e.is_expiring(analysis.as_of, days))
        })
        .map(|h| ws.catalog.competences[h.competence].id.to_string())
        .collect();
    if !list.is_empty() {
        out.push(format!(
            "Evidence expires within {} days: {}. Plan its renewal.",
            ws.policy.expiry_warning_days,
            list.join(", ")
        ));
    }
    let list = flagged(items, "capped");
    if !list.is_empty() {
        out.push(format!(
            "Counted below the claimed level for lack of evidence: {}.",
            list.join(", ")
        ));
    }
    out
}

/// Build the plans of everyone the filter keeps who has a gap.
pub fn build<'a>(ws: &'a Workspace, analysis: &'a Analysis, filter: &Filter) -> PlanDoc<'a> {
    let mut rows_of: Vec<Vec<&Row>> = vec![Vec::new(); ws.people.len()];
    for row in analysis.rows.iter().filter(|r| r.is_gap()) {
        rows_of[row.person].push(row);
    }
    let people = ws
        .people
        .iter()
        .zip(rows_of)
        .filter(|(person, rows)| !rows.is_empty() && filter.keeps(ws, person))
        .collect();
    PlanDoc {
        as_of: analysis.as_of.to_string(),
        ws,
        analysis,
        people,
    }
}

/// One person's plan from their gap rows (report order).
fn person_plan<'a>(
    ws: &'a Workspace,
    analysis: &Analysis,
    person: &'a Person,
    rows: &[&'a Row],
) -> PersonPlan<'a> {
    let items: Vec<PlanItem> = rows
        .iter()
        .map(|row| plan_item(ws, analysis, row))
        .collect();
    PersonPlan {
        person: person.id.clone(),
        name: person.name.clone(),
        roles: ws.role_ids(person).map(str::to_string).collect(),
        role_titles: person
            .roles
            .iter()
            .map(|&r| format!("{} ({})", ws.roles[r].title, ws.roles[r].id))
            .collect(),
        assessed_on: person.assessed_on.to_string(),
        method: person.method,
        assessor: person.assessor.clone(),
        assessor_name: person
            .assessor
            .as_deref()
            .and_then(|a| ws.person_index(a))
            .map(|i| ws.people[i].name.clone()),
        notes: notes(ws, analysis, person, &items),
        totals: Totals::of(rows.iter().copied()),
        items,
    }
}

/// One row of `plan --format csv`: a person, one of their gaps, one of its actions.
type CsvRow<'p, 'a> = (&'p PersonPlan<'a>, &'p PlanItem<'a>, &'p PlanAction<'a>);
type CsvColumn<'p, 'a> = Column<CsvRow<'p, 'a>>;

/// Append a number to a cell.
fn number(s: &mut String, n: u8) {
    s.push_str(&n.to_string());
}

/// `plan --format csv` columns: one row per (person, gap, action).
pub const CSV_HEADER: &[&str] = &[
    "person",
    "name",
    "competence",
    "title",
    "required_knowledge",
    "held_knowledge",
    "required_skill",
    "held_skill",
    "gap",
    "band",
    "priority",
    "action",
    "mentor",
    "items",
    "target_date",
    "flags",
];

/// `plan --format csv`: one row per (person, gap, action), the cells
/// of [`CSV_HEADER`] in its order.
fn csv_columns<'p, 'a>() -> Vec<CsvColumn<'p, 'a>> {
    let write: [fn(&CsvRow<'p, 'a>, &mut String); 16] = [
        |(p, _, _), s| s.push_str(&p.person),
        |(p, _, _), s| s.push_str(&p.name),
        |(_, i, _), s| s.push_str(i.competence),
        |(_, i, _), s| s.push_str(i.title),
        |(_, i, _), s| {
            number(s, i.required.knowledge);
        },
        |(_, i, _), s| number(s, i.held.knowledge),
        |(_, i, _), s| number(s, i.required.skill),
        |(_, i, _), s| number(s, i.held.skill),
        |(_, i, _), s| number(s, i.gap),
        |(_, i, _), s| s.push_str(i.band.as_str()),
        |(_, i, _), s| s.push_str(i.priority),
        |(_, _, a), s| s.push_str(a.kind.as_str()),
        |(_, _, a), s| {
            s.push_str(a.mentor.as_deref().unwrap_or_default());
        },
        |(_, _, a), s| {
            if let Some(items) = &a.items {
                s.push_str(&join(items.iter().map(item_line)));
            }
        },
        |(_, i, _), s| s.push_str(&i.target_date),
        |(_, i, _), s| s.push_str(&join(&i.flags)),
    ];
    CSV_HEADER
        .iter()
        .copied()
        .zip(write)
        .map(|(h, w)| Column::new(h, w))
        .collect()
}

/// `6.5.2/K1 Characteristics of monitoring and measurement`.
fn item_line(i: &ItemOut) -> String {
    if i.text.is_empty() {
        i.id.to_string()
    } else {
        format!("{} {}", i.id, i.text)
    }
}

pub fn csv(doc: &PlanDoc) -> Vec<u8> {
    let mut out = CsvRows::new(&csv_columns());
    for plan in doc.plans() {
        let columns = csv_columns();
        for item in &plan.items {
            for action in &item.actions {
                out.row(&columns, &(&plan, item, action));
            }
        }
    }
    out.finish()
}

pub fn json(doc: &PlanDoc) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(doc).unwrap_or_default();
    v.push(b'\n');
    v
}

/// `self-assessment`, `manager assessment`, `independent assessment`.
fn method_words(method: Method) -> &'static str {
    match method {
        Method::SelfAssessed => "self-assessment",
        Method::Manager => "manager assessment",
        Method::Independent => "independent assessment",
    }
}

pub(crate) fn assessed_line(p: &PersonPlan) -> String {
    let mut s = format!("{}, {}", p.assessed_on, method_words(p.method));
    if let Some(a) = &p.assessor {
        match &p.assessor_name {
            Some(name) => s.push_str(&format!(" by {name} ({a})")),
            None => s.push_str(&format!(" by {a}")),
        }
    }
    s
}

pub(crate) fn totals_line(t: &Totals) -> String {
    format!(
        "{} gap{} ({} high, {} medium, {} low), {} gap point{}",
        t.gaps,
        if t.gaps == 1 { "" } else { "s" },
        t.high,
        t.medium,
        t.low,
        t.total_gap_points,
        if t.total_gap_points == 1 { "" } else { "s" }
    )
}

/// The target-date rule, in words.
pub(crate) fn target_rule(as_of: &str) -> String {
    format!(
        "Target dates: high priority {} days, medium {} days, low {} days from {as_of}.",
        Band::High.target_days(),
        Band::Medium.target_days(),
        Band::Low.target_days()
    )
}

/// "Required 4/4, held 2/3 (knowledge/skill): gap 2. High priority
/// (mandatory), target 2027-02-21.", the priority and the date through
/// `strong`.
pub(crate) fn item_summary(item: &PlanItem, strong: impl Fn(&str) -> String) -> String {
    format!(
        "Required {}, held {} (knowledge/skill): gap {}. {} priority ({}), target {}.",
        pair(item.required),
        pair(item.held),
        item.gap,
        strong(item.priority),
        item.criticality.as_str(),
        strong(&item.target_date)
    )
}

/// "knowledge 2 → 4".
pub(crate) fn change(dimension: &str, held: u8, required: u8) -> String {
    format!("{dimension} {held} → {required}")
}

pub(crate) const COACHING: &str = "no one in the organization is free to mentor this: engage an external coach or arrange supervised practice";

pub fn markdown(doc: &PlanDoc) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_markdown(doc, &mut out);
    out
}

/// [`markdown`], written to `w` one person's plan at a time, so that a
/// large organization's plans are never held in memory at once.
pub fn write_markdown(doc: &PlanDoc, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = format!("# Development plans (as of {})\n\n", doc.as_of);
    if doc.is_empty() {
        out.push_str("No gaps: nobody shown needs a development plan.\n");
        return write_text(w, out);
    }
    out.push_str(
        "Individual development plans (ISO/IEC 27001 clause 7.2): for each competence gap, \
         highest priority first, the actions that close it and a suggested target date. ",
    );
    out.push_str(&target_rule(&doc.as_of));
    out.push_str("\n\n");
    let rows: Vec<Vec<String>> = doc
        .people
        .iter()
        .map(|(p, rows)| {
            let totals = Totals::of(rows.iter().copied());
            vec![
                format!("{} ({})", p.name, p.id),
                doc.ws.role_ids(p).collect::<Vec<_>>().join(", "),
                totals.gaps.to_string(),
                totals.high.to_string(),
                totals.medium.to_string(),
                totals.low.to_string(),
                totals.total_gap_points.to_string(),
            ]
        })
        .collect();
    out.push_str(&md::table(
        &[
            "Person",
            "Roles",
            "Gaps",
            "High",
            "Medium",
            "Low",
            "Gap points",
        ],
        &rows,
    ));
    for p in doc.plans() {
        let p = &p;
        out.push_str(&format!("\n## {} ({})\n\n", md::cell(&p.name), p.person));
        out.push_str(&format!(
            "- **Roles:** {}\n",
            md::cell(&p.role_titles.join(", "))
        ));
        out.push_str(&format!(
            "- **Assessed:** {}\n",
            md::cell(&assessed_line(p))
        ));
        out.push_str(&format!("- **Gaps:** {}\n", totals_line(&p.totals)));
        if !p.notes.is_empty() {
            out.push_str("- **Before you start:**\n");
            for n in &p.notes {
                out.push_str(&format!("  - {}\n", md::cell(n)));
            }
        }
        for (n, item) in p.items.iter().enumerate() {
            out.push_str(&format!(
                "\n### {}. {} {}\n\n",
                n + 1,
                md::cell(item.competence),
                md::cell(item.title)
            ));
            out.push_str(&item_summary(item, |s| format!("**{s}**")));
            if !item.flags.is_empty() {
                out.push_str(&format!(" Flags: {}.", item.flags.join(", ")));
            }
            out.push_str("\n\n");
            for a in &item.actions {
                match a.kind {
                    ActionKind::Training => {
                        out.push_str(&format!(
                            "- **Training** ({}): study\n",
                            change("knowledge", item.held.knowledge, item.required.knowledge)
                        ));
                        for i in a.items.iter().flatten() {
                            out.push_str(&format!(
                                "  - `{}` {}\n",
                                md::cell(i.id),
                                md::cell(i.text)
                            ));
                        }
                    }
                    ActionKind::Mentoring => out.push_str(&format!(
                        "- **Mentoring** ({}) with {} ({})\n",
                        change("skill", item.held.skill, item.required.skill),
                        md::cell(a.mentor_name.as_deref().unwrap_or_default()),
                        md::cell(a.mentor.as_deref().unwrap_or_default())
                    )),
                    ActionKind::Coaching => out.push_str(&format!(
                        "- **Coaching** ({}): {COACHING}\n",
                        change("skill", item.held.skill, item.required.skill)
                    )),
                }
            }
        }
        write_text(w, std::mem::take(&mut out))?;
    }
    write_text(w, out)
}

/// A piece of a Markdown document, through the same net as every terminal
/// and Markdown document ([`super::text_doc`]).
fn write_text(w: &mut dyn std::io::Write, text: String) -> std::io::Result<()> {
    w.write_all(crate::escape::terminal_output(text).as_bytes())
}

/// The detail lines of one action, for the table.
fn action_details(a: &PlanAction) -> Vec<String> {
    match a.kind {
        ActionKind::Training => a.items.iter().flatten().map(item_line).collect(),
        ActionKind::Mentoring => vec![format!(
            "with {} ({})",
            a.mentor_name.as_deref().unwrap_or_default(),
            a.mentor.as_deref().unwrap_or_default()
        )],
        ActionKind::Coaching => vec!["external coach or supervised practice".to_string()],
    }
}

pub fn table(doc: &PlanDoc, style: Style) -> Vec<u8> {
    let mut out = format!("Development plans as of {}. ", doc.as_of);
    out.push_str(&target_rule(&doc.as_of));
    out.push('\n');
    if doc.is_empty() {
        out.push_str("\nNo gaps: nobody shown needs a development plan.\n");
        return super::text_doc(out);
    }
    for p in doc.plans() {
        let p = &p;
        out.push_str(&format!(
            "\n{} ({}): {}\nRoles: {}. Assessed {}.\n",
            terminal(&p.name),
            terminal(&p.person),
            totals_line(&p.totals),
            terminal(&p.roles.join(", ")),
            terminal(&assessed_line(p))
        ));
        for n in &p.notes {
            out.push_str(&format!("- {}\n", terminal(n)));
        }
        let mut t = new_table(
            &[
                "#",
                "Competence",
                "Held → req",
                "Gap",
                "Priority",
                "Target",
                "Action",
                "Details",
            ],
            style,
        );
        for (n, item) in p.items.iter().enumerate() {
            for (k, a) in item.actions.iter().enumerate() {
                let first = k == 0;
                let lead = |s: String| {
                    if first {
                        super::table::cell(s)
                    } else {
                        super::table::cell("")
                    }
                };
                super::table::add_row(
                    &mut t,
                    vec![
                        lead((n + 1).to_string()),
                        lead(format!("{} {}", item.competence, item.title)),
                        lead(format!("{} → {}", pair(item.held), pair(item.required))),
                        lead(item.gap.to_string()),
                        if first {
                            colored(
                                format!("{} ({})", item.priority, item.criticality.as_str()),
                                band_color(item.band),
                                style,
                            )
                        } else {
                            super::table::cell("")
                        },
                        lead(item.target_date.clone()),
                        super::table::cell(a.kind.as_str()),
                        super::table::lines(action_details(a)),
                    ],
                );
            }
        }
        // On a narrow terminal the competence, priority and details give
        // way, then the gap (the levels show it). Flags are in the notes
        // above the table.
        keep_whole(&mut t, &[0, 2, 3, 5, 6], style);
        if style.width.is_none() {
            // The full layout keeps its long-standing minimum widths; with
            // these constraints comfy-table lays every plan table out (the
            // plain fast path of `fitted_text` takes none).
            for (i, min) in [(1, 12), (7, 26)] {
                if let Some(col) = t.column_mut(i) {
                    col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(min)));
                }
            }
        }
        out.push_str(&fitted_with_note(&t, &[3]));
    }
    super::text_doc(out)
}

tabular!(PlanDoc<'_>);
