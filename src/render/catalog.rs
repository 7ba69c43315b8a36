//! The `catalog` outputs: the list of competences, one competence in full,
//! and the export of the whole catalog.
//!
//! The JSON form of [`Competence`] is the contract of
//! `catalog export --format json`; `show --format json` prints one element
//! of that array.

use super::columns::{self, Column};
use super::csv::{CsvOut, join};
use super::{Style, markdown};
use crate::catalog::{Competence, Item};
use crate::escape::terminal;
use serde::Serialize;

/// One line of `catalog list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub group: &'a str,
    /// ISO/IEC 27001:2013 clause numbers.
    pub iso27001_2013: Vec<&'a str>,
    /// ISO/IEC 27001:2022 clause numbers.
    pub iso27001_2022: Vec<&'a str>,
    /// Number of knowledge items (sub-items not counted).
    pub knowledge: usize,
    /// Number of skill items (sub-items not counted).
    pub skills: usize,
}

fn list_rows(competences: &[Competence]) -> Vec<ListRow<'_>> {
    competences
        .iter()
        .map(|c| ListRow {
            id: &c.id,
            title: &c.title,
            group: &c.group,
            iso27001_2013: Competence::clause_numbers(&c.iso27001_2013),
            iso27001_2022: Competence::clause_numbers(&c.iso27001_2022),
            knowledge: c.knowledge.len(),
            skills: c.skills.len(),
        })
        .collect()
}

type ListColumn<'a> = Column<&'a ListRow<'a>>;

/// Clause numbers for one cell, or `none` (CSV leaves it empty).
fn clause_cell(s: &mut String, list: &[&str], none: &str) {
    if list.is_empty() {
        s.push_str(none);
    } else {
        s.push_str(&join(list));
    }
}

/// `catalog list` on a terminal and in Markdown. The id and counts stay
/// whole; title, group and clauses give way, then the group goes (the
/// id's first digit tells it).
fn list_columns<'a>() -> [ListColumn<'a>; 7] {
    [
        ListColumn::new("id", |r, s| s.push_str(r.id)).whole(),
        ListColumn::new("title", |r, s| s.push_str(r.title)),
        ListColumn::new("group", |r, s| s.push_str(r.group)).dropped(0),
        ListColumn::new("ISO/IEC 27001:2013", |r, s| {
            clause_cell(s, &r.iso27001_2013, "none");
        }),
        ListColumn::new("ISO/IEC 27001:2022", |r, s| {
            clause_cell(s, &r.iso27001_2022, "none");
        }),
        ListColumn::new("knowledge", |r, s| s.push_str(&r.knowledge.to_string())).whole(),
        ListColumn::new("skills", |r, s| s.push_str(&r.skills.to_string())).whole(),
    ]
}

/// `catalog list --format csv`.
fn list_csv_columns<'a>() -> [ListColumn<'a>; 7] {
    let [id, title, group, _, _, knowledge, skills] = list_columns();
    [
        id,
        title,
        group,
        ListColumn::new("iso27001_2013", |r, s| clause_cell(s, &r.iso27001_2013, "")),
        ListColumn::new("iso27001_2022", |r, s| clause_cell(s, &r.iso27001_2022, "")),
        knowledge,
        skills,
    ]
}

/// `catalog list` as a terminal table.
pub fn list_table(competences: &[Competence], style: Style) -> Vec<u8> {
    let rows = list_rows(competences);
    super::text_doc(columns::terminal_of(&list_columns(), &rows, style))
}

/// `catalog list` as CSV: `id,title,group,iso27001_2013,iso27001_2022,knowledge,skills`.
pub fn list_csv(competences: &[Competence]) -> Vec<u8> {
    let rows = list_rows(competences);
    columns::csv_of(&list_csv_columns(), &rows)
}

/// `catalog list` as JSON: an array of [`ListRow`].
pub fn list_json(competences: &[Competence]) -> Vec<u8> {
    pretty(&list_rows(competences))
}

/// `catalog list` as a Markdown table.
pub fn list_markdown(competences: &[Competence]) -> Vec<u8> {
    let rows = list_rows(competences);
    super::text_doc(columns::markdown(&list_columns(), &rows))
}

pub(super) fn pretty<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// The clauses of one edition on one line, or `none`.
fn clauses(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join("; ")
    }
}

fn group_line(c: &Competence) -> String {
    match &c.area {
        Some(area) => format!("{} ({area})", c.group),
        None => c.group.clone(),
    }
}

fn text_items(out: &mut String, items: &[Item], depth: usize) {
    for item in items {
        out.push_str(&format!(
            "{}{}  {}\n",
            "  ".repeat(depth + 1),
            terminal(&item.id),
            terminal(&item.text)
        ));
        text_items(out, &item.items, depth + 1);
    }
}

/// `catalog show ID` as plain text: every item with its full id, sub-items indented.
pub fn show_text(c: &Competence) -> Vec<u8> {
    let mut out = format!("{} {}\n\n", terminal(&c.id), terminal(&c.title));
    out.push_str(&format!(
        "Group:              {}\n",
        terminal(&group_line(c))
    ));
    out.push_str(&format!(
        "ISO/IEC 27001:2013: {}\n",
        terminal(&clauses(&c.iso27001_2013))
    ));
    out.push_str(&format!(
        "ISO/IEC 27001:2022: {}\n",
        terminal(&clauses(&c.iso27001_2022))
    ));
    out.push_str(&format!("Outcome:            {}\n", terminal(&c.outcome)));
    out.push_str(&format!("\nKnowledge ({})\n", c.knowledge.len()));
    text_items(&mut out, &c.knowledge, 0);
    out.push_str(&format!("\nSkills ({})\n", c.skills.len()));
    text_items(&mut out, &c.skills, 0);
    super::text_doc(out)
}

/// `catalog show ID` as JSON: one element of the export array.
pub fn show_json(c: &Competence) -> Vec<u8> {
    pretty(c)
}

/// `catalog show ID` as YAML.
pub fn show_yaml(c: &Competence) -> anyhow::Result<Vec<u8>> {
    Ok(crate::yaml::to_string(c)?.into_bytes())
}

fn markdown_items(out: &mut String, items: &[Item], depth: usize) {
    for item in items {
        out.push_str(&format!(
            "{}- **{}** {}\n",
            "  ".repeat(depth),
            markdown::cell(&item.id),
            markdown::cell(&item.text)
        ));
        markdown_items(out, &item.items, depth + 1);
    }
}

/// `catalog show ID` as Markdown.
pub fn show_markdown(c: &Competence) -> Vec<u8> {
    let mut out = format!(
        "## {} {}\n\n",
        markdown::cell(&c.id),
        markdown::cell(&c.title)
    );
    out.push_str(&format!(
        "- **Group:** {}\n",
        markdown::cell(&group_line(c))
    ));
    out.push_str(&format!(
        "- **ISO/IEC 27001:2013:** {}\n",
        markdown::cell(&clauses(&c.iso27001_2013))
    ));
    out.push_str(&format!(
        "- **ISO/IEC 27001:2022:** {}\n",
        markdown::cell(&clauses(&c.iso27001_2022))
    ));
    out.push_str(&format!("- **Outcome:** {}\n", markdown::cell(&c.outcome)));
    out.push_str("\n### Knowledge\n\n");
    markdown_items(&mut out, &c.knowledge, 0);
    out.push_str("\n### Skills\n\n");
    markdown_items(&mut out, &c.skills, 0);
    super::text_doc(out)
}

/// `catalog export --format json`: the array of competences in catalog order.
pub fn export_json(competences: &[Competence]) -> Vec<u8> {
    pretty(competences)
}

/// `catalog export --format yaml`.
pub fn export_yaml(competences: &[Competence]) -> anyhow::Result<Vec<u8>> {
    Ok(crate::yaml::to_string(&competences)?.into_bytes())
}

fn csv_items(out: &mut CsvOut, c: &Competence, kind: &str, items: &[Item]) {
    for item in items {
        out.row([
            c.id.as_str(),
            c.title.as_str(),
            c.group.as_str(),
            kind,
            item.id.as_str(),
            item.text.as_str(),
        ]);
        csv_items(out, c, kind, &item.items);
    }
}

/// `catalog export --format csv`: one row per item (sub-items included),
/// `competence,title,group,kind,item,text`.
pub fn export_csv(competences: &[Competence]) -> Vec<u8> {
    let mut out = CsvOut::new(&["competence", "title", "group", "kind", "item", "text"]);
    for c in competences {
        csv_items(&mut out, c, "knowledge", &c.knowledge);
        csv_items(&mut out, c, "skill", &c.skills);
    }
    out.finish()
}

tabular!([Competence]: list_table, list_csv, list_json, list_markdown);

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Competence {
        Competence {
            id: "x.1".into(),
            title: "Sample | pipes".into(),
            group: "org".into(),
            area: None,
            iso27001_2013: vec!["10.1 Nonconformity and corrective action".into()],
            iso27001_2022: vec!["10.2 Nonconformity and corrective action".into()],
            outcome: "An outcome".into(),
            knowledge: vec![Item {
                id: "x.1/K1".into(),
                text: "=SUM(A1)".into(),
                items: vec![],
            }],
            skills: vec![Item {
                id: "x.1/S1".into(),
                text: "Parent".into(),
                items: vec![Item {
                    id: "x.1/S1.1".into(),
                    text: "Child".into(),
                    items: vec![],
                }],
            }],
            source: "org".into(),
        }
    }

    #[test]
    fn show_text_indents_sub_items() {
        let text = String::from_utf8(show_text(&sample())).expect("utf-8");
        assert_eq!(
            text,
            "x.1 Sample | pipes\n\n\
             Group:              org\n\
             ISO/IEC 27001:2013: 10.1 Nonconformity and corrective action\n\
             ISO/IEC 27001:2022: 10.2 Nonconformity and corrective action\n\
             Outcome:            An outcome\n\n\
             Knowledge (1)\n  x.1/K1  =SUM(A1)\n\n\
             Skills (1)\n  x.1/S1  Parent\n    x.1/S1.1  Child\n"
        );
    }

    #[test]
    fn export_csv_neutralises_formulas_and_keeps_sub_items() {
        let csv = String::from_utf8(export_csv(&[sample()])).expect("utf-8");
        assert_eq!(
            csv,
            "competence,title,group,kind,item,text\r\n\
             x.1,Sample | pipes,org,knowledge,x.1/K1,'=SUM(A1)\r\n\
             x.1,Sample | pipes,org,skill,x.1/S1,Parent\r\n\
             x.1,Sample | pipes,org,skill,x.1/S1.1,Child\r\n"
        );
    }

    #[test]
    fn list_counts_top_level_items_and_clause_numbers() {
        let md = String::from_utf8(list_markdown(&[sample()])).expect("utf-8");
        assert!(
            md.ends_with("| x.1 | Sample \\| pipes | org | 10.1 | 10.2 | 1 | 1 |\n"),
            "{md}"
        );
    }
}
