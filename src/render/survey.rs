//! The survey workbook (`compgap survey`): the wide matrix that `import`
//! reads, pre-filled with every current level, to collect an assessment
//! round from people who never touch the YAML files.
//!
//! Sheets, in order: `Assessment` (row 1 the only header: `person`,
//! `name`, `roles`, `assessed_on`, `method`, `assessor`, then `ID K` /
//! `ID S` pairs; one row per person), `Scale` (levels and descriptors),
//! `Catalog` (every competence with its knowledge and skill items).
//! Every text goes in as a string cell, never as a formula. Deterministic:
//! the workbook's creation date is the as-of date.

use crate::catalog::Item;
use crate::model::scale::{LEVEL_DESCRIPTORS, LEVEL_NAMES};
use crate::model::{CompIdx, Date, Levels, Person, Workspace};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, Note, Workbook, Worksheet,
    XlsxError,
};

/// The person columns of the `Assessment` sheet, before the competences:
/// those `import` reads.
use crate::load::import::MATRIX_FIELDS as PERSON_COLUMNS;

/// Who and what the survey covers.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    pub people: Vec<&'a Person>,
    /// Catalog order: every competence a selected role requires.
    pub competences: Vec<CompIdx>,
}

impl<'a> Selection<'a> {
    /// Everyone (or one person, or the holders of one role), and the
    /// competences their roles require (for `role`: that role's).
    pub fn new(ws: &'a Workspace, person: Option<&str>, role: Option<&str>) -> Selection<'a> {
        let people: Vec<&Person> = ws
            .people
            .iter()
            .filter(|p| person.is_none_or(|id| p.id == id))
            .filter(|p| role.is_none_or(|r| ws.holds(p, r)))
            .collect();
        let mut competences: Vec<CompIdx> = ws
            .roles
            .iter()
            .filter(|r| match (role, person) {
                (Some(id), _) => r.id == id,
                (None, Some(_)) => people.iter().any(|p| ws.holds(p, &r.id)),
                (None, None) => true,
            })
            .flat_map(|r| r.requires.iter().map(|q| q.competence))
            .collect();
        competences.sort_unstable();
        competences.dedup();
        Selection {
            people,
            competences,
        }
    }
}

fn levels_text(l: Levels) -> String {
    format!("knowledge {}, skill {}", l.knowledge, l.skill)
}

/// The workbook's bytes.
pub fn workbook(ws: &Workspace, sel: &Selection, as_of: Date) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let (y, m, d) = as_of.ymd();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(y).unwrap_or(2000),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title("compgap assessment survey")
            .set_author("compgap")
            .set_creation_datetime(&created),
    );
    assessment(book.add_worksheet().set_name("Assessment")?, ws, sel)?;
    scale(book.add_worksheet().set_name("Scale")?)?;
    catalog(book.add_worksheet().set_name("Catalog")?, ws)?;
    book.save_to_buffer()
}

fn assessment(sheet: &mut Worksheet, ws: &Workspace, sel: &Selection) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let grey = Format::new().set_background_color(Color::RGB(0x00D9_D9D9));
    let first = PERSON_COLUMNS.len() as u16;
    for (col, h) in PERSON_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (i, &c) in sel.competences.iter().enumerate() {
        let comp = &ws.catalog.competences[c];
        for (j, dim) in ["K", "S"].iter().enumerate() {
            let col = first + (2 * i + j) as u16;
            sheet.write_string_with_format(0, col, format!("{} {dim}", comp.id), &bold)?;
            let what = if j == 0 { "knowledge" } else { "skill" };
            sheet.insert_note(
                0,
                col,
                &Note::new(format!("{} {} ({what})", comp.id, comp.title))
                    .set_author("compgap")
                    .add_author_prefix(false),
            )?;
        }
    }
    for (r, p) in sel.people.iter().enumerate() {
        let row = (r + 1) as u32;
        let roles: Vec<&str> = ws.role_ids(p).collect();
        let cells = [
            p.id.clone(),
            p.name.clone(),
            roles.join("; "),
            p.assessed_on.to_string(),
            p.method.as_str().to_owned(),
            p.assessor.clone().unwrap_or_default(),
        ];
        for (col, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(row, col as u16, v)?;
            }
        }
        for (i, &c) in sel.competences.iter().enumerate() {
            // What this person's roles require of c, and which roles.
            let mut required: Option<Levels> = None;
            let mut by: Vec<String> = Vec::new();
            for &ri in &p.roles {
                let role = &ws.roles[ri];
                if let Some(q) = role.requires.iter().find(|q| q.competence == c) {
                    required = Some(required.map_or(q.required, |l| l.max(q.required)));
                    by.push(format!("{} ({})", role.id, q.criticality.as_str()));
                }
            }
            let held = p.entry(c).map(|h| h.levels);
            let comp = &ws.catalog.competences[c];
            for j in 0..2u16 {
                let col = first + 2 * i as u16 + j;
                let value = held.map(|l| if j == 0 { l.knowledge } else { l.skill });
                let format = if required.is_none() {
                    Some(&grey)
                } else {
                    None
                };
                match (value, format) {
                    (Some(v), Some(f)) => {
                        sheet.write_number_with_format(row, col, f64::from(v), f)?;
                    }
                    (Some(v), None) => {
                        sheet.write_number(row, col, f64::from(v))?;
                    }
                    (None, Some(f)) => {
                        sheet.write_blank(row, col, f)?;
                    }
                    (None, None) => {}
                }
                if let Some(req) = required {
                    sheet.insert_note(
                        row,
                        col,
                        &Note::new(format!(
                            "{} {}\nRequired: {} by {}",
                            comp.id,
                            comp.title,
                            levels_text(req),
                            by.join(", ")
                        ))
                        .set_author("compgap")
                        .add_author_prefix(false),
                    )?;
                }
            }
        }
    }
    let mut list: Vec<String> = (0..=5).map(|l| l.to_string()).collect();
    list.extend(LEVEL_NAMES.iter().map(|s| (*s).to_owned()));
    if !sel.competences.is_empty() && !sel.people.is_empty() {
        let validation = DataValidation::new()
            .allow_list_strings(&list)?
            .set_error_message(format!("Write a level: 0-5 or {}.", LEVEL_NAMES.join(", ")))?;
        sheet.add_data_validation(
            1,
            first,
            sel.people.len() as u32,
            first + 2 * sel.competences.len() as u16 - 1,
            &validation,
        )?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 24)?;
    sheet.set_column_width(3, 12)?;
    Ok(())
}

fn scale(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, h) in ["level", "name", "descriptor"].iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (l, (name, text)) in LEVEL_NAMES.iter().zip(LEVEL_DESCRIPTORS).enumerate() {
        let row = (l + 1) as u32;
        sheet.write_number(row, 0, l as f64)?;
        sheet.write_string(row, 1, *name)?;
        sheet.write_string(row, 2, text)?;
    }
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 60)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn catalog(sheet: &mut Worksheet, ws: &Workspace) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, h) in ["competence", "title", "group", "item", "text"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    let mut row = 1u32;
    for c in &ws.catalog.competences {
        let mut items: Vec<&Item> = Vec::new();
        fn flatten<'a>(list: &'a [Item], out: &mut Vec<&'a Item>) {
            for i in list {
                out.push(i);
                flatten(&i.items, out);
            }
        }
        flatten(&c.knowledge, &mut items);
        flatten(&c.skills, &mut items);
        sheet.write_string(row, 0, &c.id)?;
        sheet.write_string(row, 1, &c.title)?;
        sheet.write_string(row, 2, &c.group)?;
        row += 1;
        for i in items {
            sheet.write_string(row, 0, &c.id)?;
            sheet.write_string(row, 3, &i.id)?;
            sheet.write_string(row, 4, &i.text)?;
            row += 1;
        }
    }
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(4, 80)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
