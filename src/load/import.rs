//! `import`: from spreadsheets (see [`super::sheet`]) to the assessment and
//! role files they describe, checked against a loaded workspace.
//!
//! Three layouts, told apart by the header row:
//! - **wide matrix**: `person` and optional `name`, `roles`, `assessed_on`,
//!   `method`, `assessor`, then one column per competence (`5.2`: a level,
//!   or `K/S` like `3/2`) or a pair (`5.2 K` / `5.2 S`, also
//!   `5.2 knowledge` / `5.2 skill`);
//! - **skills inventory** (`skills-inventory.csv` of `evidence`): one row
//!   per person × competence × piece of evidence;
//! - **competence library** (`competence-library.csv` of `evidence`): one
//!   row per role × required competence.
//!
//! Pure: [`plan`] takes the sheets and the workspace and returns every file
//! to write and every problem found; the caller writes nothing if there is
//! a problem. A blank cell carries no information: a new person's
//! competence is then not assessed, an updated file keeps its value.

use super::sheet::{Cell, Kind, Sheet, column_name};
use crate::catalog::Catalog;
use crate::diag::{Code, Diagnostic, Pos, did_you_mean};
use crate::model::scale::parse_level;
use crate::model::{CompIdx, Criticality, Date, Evidence, EvidenceKind, Levels, Method, Workspace};
use crate::render::person_file::{HeldDoc, PersonDoc};
use crate::render::role_file::{RequirementDoc, RoleDoc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Update existing files (else an existing file is an error).
    pub update: bool,
    /// The default `assessed_on` of a new person.
    pub as_of: Date,
}

/// Where the workspace keeps its files.
#[derive(Debug, Clone)]
pub struct Folders {
    pub roles: PathBuf,
    pub people: PathBuf,
}

/// One file to write: its path, what it holds now (if it exists), and what
/// it will hold.
#[derive(Debug, Clone)]
pub struct Planned<T> {
    pub path: PathBuf,
    pub before: Option<T>,
    pub after: T,
}

impl<T: PartialEq> Planned<T> {
    /// The file would not change.
    pub fn unchanged(&self) -> bool {
        self.before.as_ref() == Some(&self.after)
    }
}

/// What an import would write, and every problem found.
#[derive(Debug, Default)]
pub struct Plan {
    pub roles: Vec<Planned<RoleDoc>>,
    pub people: Vec<Planned<PersonDoc>>,
    /// Sorted by file, row, column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A diagnostic as a spreadsheet user finds it: `matrix.csv:14:7: …`, or
/// `survey.xlsx[Assessment]!G14: …` for a workbook.
pub fn located(d: &Diagnostic) -> String {
    let at = match d
        .file
        .strip_suffix(']')
        .and_then(|f| f.rfind('[').map(|_| f))
    {
        Some(_) => format!(
            "{}!{}{}",
            d.file,
            column_name(d.pos.column.saturating_sub(1) as usize),
            d.pos.line
        ),
        None => format!("{}:{}:{}", d.file, d.pos.line, d.pos.column),
    };
    format!("{at}: {}[{}]: {}", d.severity().as_str(), d.code, d.message)
}

/// Untrusted cell text for a message: at most 60 characters (control
/// characters are escaped by [`Diagnostic`]).
fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("`{}…`", s.chars().take(60).collect::<String>())
    } else {
        format!("`{s}`")
    }
}

const LEVEL_HELP: &str =
    "write 0-5 or a level name (none, aware, foundation, practitioner, advanced, expert)";

/// Reports problems located in one sheet.
struct Located<'s> {
    sheet: &'s Sheet,
    file: String,
    header: Vec<String>,
    diags: Vec<Diagnostic>,
}

impl<'s> Located<'s> {
    fn new(sheet: &'s Sheet) -> Self {
        let header = sheet
            .rows
            .first()
            .map(|r| r.iter().map(|c| c.text.trim().to_owned()).collect())
            .unwrap_or_default();
        Self {
            sheet,
            file: sheet.diag_file(),
            header,
            diags: Vec::new(),
        }
    }

    fn pos(row: usize, col: usize) -> Pos {
        Pos::new(
            u32::try_from(row + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }

    /// A problem at a cell, named by its column header.
    fn at(&mut self, code: Code, row: usize, col: usize, message: String) {
        let message = match self.header.get(col).filter(|h| !h.is_empty() && row > 0) {
            Some(h) => format!("column {}: {message}", quote(h)),
            None => message,
        };
        self.diags.push(Diagnostic::at(
            &self.file,
            code,
            Self::pos(row, col),
            message,
        ));
    }

    /// The value of a cell, or `None` if blank; formulas and error values
    /// are reported and read as blank.
    fn value(&mut self, row: usize, col: usize) -> Option<&'s Cell> {
        let cell = self.sheet.cell(row, col)?;
        match cell.kind {
            Kind::Formula => {
                self.at(
                    Code::InvalidValue,
                    row,
                    col,
                    format!(
                        "the cell holds a formula ({}); compgap reads values only: type the value itself",
                        quote(&cell.text)
                    ),
                );
                None
            }
            Kind::Error => {
                self.at(
                    Code::InvalidValue,
                    row,
                    col,
                    format!(
                        "the cell shows the error {}: type the value itself",
                        quote(&cell.text)
                    ),
                );
                None
            }
            _ if cell.is_blank() => None,
            _ => Some(cell),
        }
    }

    /// Merged cells hold their value in the first cell only: reported.
    fn merged(&mut self) {
        for &(r0, c0, r1, c1) in &self.sheet.merged {
            let range = format!(
                "{}{}:{}{}",
                column_name(c0),
                r0 + 1,
                column_name(c1),
                r1 + 1
            );
            self.at(
                Code::InvalidValue,
                r0,
                c0,
                format!(
                    "cells {range} are merged, so only the first holds a value: unmerge them and write the value in every cell"
                ),
            );
        }
    }

    fn text(&mut self, row: usize, col: Option<usize>) -> Option<&'s str> {
        self.value(row, col?).map(|c| c.text.trim())
    }

    fn id(&mut self, row: usize, col: usize, what: &str) -> Option<String> {
        let cell = self.value(row, col)?;
        let s = cell.text.trim();
        if super::fields::is_valid_id(s) {
            return Some(s.to_owned());
        }
        self.at(
            Code::InvalidId,
            row,
            col,
            format!(
                "{what} {} is not an id: use letters, digits, `.`, `_` and `-`, starting with a letter or digit (at most 64)",
                quote(s)
            ),
        );
        None
    }

    /// An id that the row must have (a blank is reported).
    fn required_id(&mut self, row: usize, col: usize, what: &str) -> Option<String> {
        match self.sheet.cell(row, col) {
            Some(c) if !c.is_blank() => self.id(row, col, &format!("the {what}")),
            _ => {
                self.at(
                    Code::MissingField,
                    row,
                    col,
                    format!("the row has values but no `{what}`: write the {what}'s id"),
                );
                None
            }
        }
    }

    fn level(&mut self, row: usize, col: usize, cell: &Cell, text: &str) -> Option<u8> {
        if cell.kind == Kind::Date {
            self.at(
                Code::InvalidLevel,
                row,
                col,
                format!("the cell holds a date ({}): {LEVEL_HELP}", cell.text),
            );
            return None;
        }
        let l = parse_level(text);
        if l.is_none() {
            let hint = did_you_mean(text, crate::model::scale::LEVEL_NAMES);
            self.at(
                Code::InvalidLevel,
                row,
                col,
                format!("{} is not a level{hint}: {LEVEL_HELP}", quote(text)),
            );
        }
        l
    }

    /// A level in both dimensions: `3`, `practitioner`, or `K/S` (`3/2`).
    fn levels(&mut self, row: usize, col: usize) -> Option<Levels> {
        let cell = self.value(row, col)?;
        let text = cell.text.trim();
        if let Some((k, s)) = text.split_once('/') {
            let k = self.level(row, col, cell, k.trim());
            let s = self.level(row, col, cell, s.trim());
            return Some(Levels::new(k?, s?));
        }
        let l = self.level(row, col, cell, text)?;
        Some(Levels::new(l, l))
    }

    fn date(&mut self, row: usize, col: Option<usize>) -> Option<Date> {
        let cell = self.value(row, col?)?;
        let text = cell.text.trim();
        let day = match cell.kind {
            Kind::Number(n) => super::sheet::serial_date(n),
            _ => Date::parse(text),
        };
        if day.is_none() {
            let serial = if text.bytes().all(|b| b.is_ascii_digit()) {
                " (a spreadsheet date serial number? format the cell as a date or as text)"
            } else {
                ""
            };
            self.at(
                Code::InvalidDate,
                row,
                col?,
                format!(
                    "{} is not a date{serial}: write YYYY-MM-DD, for example 2026-10-01",
                    quote(text)
                ),
            );
        }
        day
    }

    fn choice<T>(
        &mut self,
        row: usize,
        col: Option<usize>,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(row, col)?;
        let v = parse(&text.to_ascii_lowercase());
        if v.is_none() {
            let hint = did_you_mean(text, names.iter().copied());
            self.at(
                Code::InvalidValue,
                row,
                col?,
                format!("{} is not one of {}{hint}", quote(text), names.join(", ")),
            );
        }
        v
    }

    /// Columns by (lower-case) header name.
    fn columns(&self) -> BTreeMap<String, usize> {
        let mut cols = BTreeMap::new();
        for (i, h) in self.header.iter().enumerate() {
            cols.entry(h.to_ascii_lowercase()).or_insert(i);
        }
        cols
    }

    /// Rows after the header that hold anything; empty rows are skipped.
    fn data_rows(&self) -> impl Iterator<Item = usize> + 's {
        let sheet = self.sheet;
        (1..sheet.rows.len()).filter(move |&r| sheet.rows[r].iter().any(|c| !c.is_blank()))
    }
}

/// The layouts `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Matrix,
    Inventory,
    Library,
}

/// The layout of a sheet, by its header row.
pub fn layout(sheet: &Sheet) -> Option<Layout> {
    let header: BTreeSet<String> = sheet
        .rows
        .first()?
        .iter()
        .map(|c| c.text.trim().to_ascii_lowercase())
        .collect();
    let has = |names: &[&str]| names.iter().all(|n| header.contains(*n));
    if has(&["role", "competence", "required_knowledge", "required_skill"]) {
        Some(Layout::Library)
    } else if has(&["person", "competence", "knowledge", "skill"]) {
        Some(Layout::Inventory)
    } else if has(&["person"]) {
        Some(Layout::Matrix)
    } else {
        None
    }
}

/// Knowledge, skill (either may be blank), evidence, and where.
type HeldUpdate = (Option<u8>, Option<u8>, Vec<Evidence>, Pos);

/// What one sheet says about one person; `None` is a blank cell.
#[derive(Debug, Default)]
struct PersonUpdate {
    person: String,
    file: String,
    pos: Pos,
    name: Option<String>,
    roles: Option<Vec<String>>,
    assessed_on: Option<Date>,
    method: Option<Method>,
    assessor: Option<String>,
    /// Per competence: knowledge, skill (either may be blank), evidence.
    competences: BTreeMap<CompIdx, HeldUpdate>,
}

/// A competence column of the wide matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dim {
    Both,
    Knowledge,
    Skill,
}

fn split_dimension(header: &str) -> (&str, Dim) {
    if let Some((id, dim)) = header.rsplit_once(char::is_whitespace) {
        match dim.to_ascii_lowercase().as_str() {
            "k" | "knowledge" => return (id.trim(), Dim::Knowledge),
            "s" | "skill" => return (id.trim(), Dim::Skill),
            _ => {}
        }
    }
    (header, Dim::Both)
}

/// A competence id from a header or a cell, looked up as written.
fn competence(
    loc: &mut Located,
    catalog: &Catalog,
    row: usize,
    col: usize,
    cell: &Cell,
    id: &str,
) -> Option<CompIdx> {
    if let Some(c) = catalog.find(id) {
        return Some(c);
    }
    let message = match cell.kind {
        Kind::Number(n) => {
            let same: Vec<&str> = catalog
                .ids()
                .filter(|c| c.parse::<f64>().ok() == Some(n))
                .collect();
            let mean = match same.first() {
                Some(c) => format!(" (did you mean `{c}`?)"),
                None => String::new(),
            };
            format!(
                "the cell holds the number {id}, not a competence id{mean}: a spreadsheet stores `5.10` as the number 5.1; format the cell as text and type the id"
            )
        }
        Kind::Date => format!(
            "the cell holds a date ({id}), not a competence id: a spreadsheet can turn an id such as `5.10` into a date; format the cell as text and type the id"
        ),
        _ => {
            let hint = did_you_mean(id, catalog.ids());
            format!(
                "unknown competence {}{hint}: use an id from `compgap catalog list`",
                quote(id)
            )
        }
    };
    loc.at(Code::UnknownCompetence, row, col, message);
    None
}

/// The person columns of the wide matrix, in the order `survey` writes them.
pub const MATRIX_FIELDS: [&str; 6] = [
    "person",
    "name",
    "roles",
    "assessed_on",
    "method",
    "assessor",
];

/// The people rows of a wide matrix.
fn matrix(
    sheet: &Sheet,
    catalog: &Catalog,
    role_ids: &[&str],
    out: &mut Vec<PersonUpdate>,
) -> Vec<Diagnostic> {
    let mut loc = Located::new(sheet);
    loc.merged();
    let header_row = sheet.rows.first().cloned().unwrap_or_default();
    let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
    let mut comp_cols: Vec<(usize, CompIdx, Dim)> = Vec::new();
    let mut seen: BTreeMap<(CompIdx, u8), usize> = BTreeMap::new();
    let mut headless: Vec<usize> = Vec::new();
    for (col, cell) in header_row.iter().enumerate() {
        if cell.kind == Kind::Formula || cell.kind == Kind::Error {
            loc.value(0, col);
            continue;
        }
        let h = cell.text.trim();
        if h.is_empty() {
            headless.push(col);
            continue;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(f) = MATRIX_FIELDS.iter().find(|f| **f == lower) {
            if fields.insert(f, col).is_some() {
                loc.at(
                    Code::DuplicateKey,
                    0,
                    col,
                    format!("the column {} is written twice: keep one", quote(h)),
                );
            }
            continue;
        }
        let (id, dim) = split_dimension(h);
        let looks_like_id =
            id.starts_with(|c: char| c.is_ascii_digit()) || catalog.find(id).is_some();
        if !looks_like_id {
            let hint = did_you_mean(&lower, MATRIX_FIELDS);
            loc.at(
                Code::UnknownField,
                0,
                col,
                format!(
                    "unknown column {}{hint}: the columns are {} and competence ids (`5.2`, or `5.2 K` and `5.2 S`); rename or delete it",
                    quote(h),
                    MATRIX_FIELDS.join(", ")
                ),
            );
            continue;
        }
        let Some(c) = competence(&mut loc, catalog, 0, col, cell, id) else {
            continue;
        };
        let keys: &[u8] = match dim {
            Dim::Both => &[0, 1],
            Dim::Knowledge => &[0],
            Dim::Skill => &[1],
        };
        let mut clash = false;
        for k in keys {
            if let Some(&other) = seen.get(&(c, *k)) {
                clash = true;
                let (code, what) = if header_row[other].text.trim() == h {
                    (Code::DuplicateKey, "is written twice")
                } else {
                    (Code::ConflictingLevels, "sets the same level as")
                };
                loc.at(
                    code,
                    0,
                    col,
                    format!(
                        "the column {} {what} column {} ({}): keep one",
                        quote(h),
                        column_name(other),
                        quote(&header_row[other].text)
                    ),
                );
                break;
            }
        }
        if clash {
            continue;
        }
        for k in keys {
            seen.insert((c, *k), col);
        }
        comp_cols.push((col, c, dim));
    }
    // A K column wants its S column and the other way round.
    for &(col, c, dim) in &comp_cols {
        let (other, name) = match dim {
            Dim::Both => continue,
            Dim::Knowledge => (1, "S"),
            Dim::Skill => (0, "K"),
        };
        if !seen.contains_key(&(c, other)) {
            loc.at(
                Code::MissingField,
                0,
                col,
                format!(
                    "the column {} has no partner: add the column `{} {name}` (knowledge and skill go in pairs), or write both in one column `{}` as K/S",
                    quote(&header_row[col].text),
                    catalog.competences[c].id,
                    catalog.competences[c].id
                ),
            );
        }
    }
    let Some(&person_col) = fields.get("person") else {
        return loc.diags;
    };
    let width = header_row.len();
    for row in loc.data_rows().collect::<Vec<_>>() {
        for col in headless.iter().copied().chain(width..sheet.rows[row].len()) {
            if loc.value(row, col).is_some() {
                loc.at(
                    Code::UnknownField,
                    row,
                    col,
                    format!(
                        "a value in column {} which has no header: write the header in row 1, or delete the value",
                        column_name(col)
                    ),
                );
            }
        }
        let person = loc.required_id(row, person_col, "person");
        let mut u = PersonUpdate {
            person: person.clone().unwrap_or_default(),
            file: loc.file.clone(),
            pos: Located::pos(row, person_col),
            ..PersonUpdate::default()
        };
        u.name = loc
            .text(row, fields.get("name").copied())
            .map(str::to_owned);
        u.roles = roles_cell(&mut loc, role_ids, row, fields.get("roles").copied());
        u.assessed_on = loc.date(row, fields.get("assessed_on").copied());
        u.method = loc.choice(
            row,
            fields.get("method").copied(),
            &Method::NAMES,
            Method::parse,
        );
        u.assessor = loc
            .text(row, fields.get("assessor").copied())
            .map(str::to_owned);
        for &(col, c, dim) in &comp_cols {
            let pos = Located::pos(row, col);
            match dim {
                Dim::Both => {
                    if let Some(l) = loc.levels(row, col) {
                        let e = u
                            .competences
                            .entry(c)
                            .or_insert((None, None, Vec::new(), pos));
                        e.0 = Some(l.knowledge);
                        e.1 = Some(l.skill);
                    }
                }
                Dim::Knowledge | Dim::Skill => {
                    let Some(cell) = loc.value(row, col) else {
                        continue;
                    };
                    if let Some(l) = loc.level(row, col, cell, cell.text.trim()) {
                        let e = u
                            .competences
                            .entry(c)
                            .or_insert((None, None, Vec::new(), pos));
                        if dim == Dim::Knowledge {
                            e.0 = Some(l);
                        } else {
                            e.1 = Some(l);
                        }
                    }
                }
            }
        }
        if person.is_some() {
            out.push(u);
        }
    }
    loc.diags
}

/// The roles cell: ids separated by `;` or `,`.
fn roles_cell(
    loc: &mut Located,
    known: &[&str],
    row: usize,
    col: Option<usize>,
) -> Option<Vec<String>> {
    let col = col?;
    let text = loc.text(row, Some(col))?;
    let mut roles: Vec<String> = Vec::new();
    for r in text
        .split([';', ','])
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        if !super::fields::is_valid_id(r) {
            loc.at(
                Code::InvalidId,
                row,
                col,
                format!("the role {} is not an id", quote(r)),
            );
        } else if known.binary_search(&r).is_err() {
            let hint = did_you_mean(r, known.iter().copied());
            loc.at(
                Code::UnknownRole,
                row,
                col,
                format!(
                    "role {} does not exist{hint}: name a role defined under roles/, or import it with the competence library",
                    quote(r)
                ),
            );
        } else if roles.iter().any(|x| x == r) {
            loc.at(
                Code::DuplicateKey,
                row,
                col,
                format!("role {} is listed twice: keep one", quote(r)),
            );
        } else {
            roles.push(r.to_owned());
        }
    }
    Some(roles)
}

/// Columns a layout requires, reported at row 1 if absent.
fn require(loc: &mut Located, cols: &BTreeMap<String, usize>, names: &[&str]) -> bool {
    let mut ok = true;
    for n in names {
        if !cols.contains_key(*n) {
            ok = false;
            loc.at(
                Code::MissingField,
                0,
                0,
                format!("the header row has no `{n}` column: add it"),
            );
        }
    }
    ok
}

/// A person field that every row of one person repeats: the first value,
/// a differing later one reported.
fn same<T: PartialEq>(
    loc: &mut Located,
    slot: &mut Option<(T, usize)>,
    value: Option<T>,
    row: usize,
    col: Option<usize>,
    what: &str,
) {
    let (Some(v), Some(col)) = (value, col) else {
        return;
    };
    match slot {
        Some((first, at)) if *first != v => {
            let at = *at + 1;
            loc.at(
                Code::InvalidValue,
                row,
                col,
                format!("the person's {what} differs from row {at}: write the same in every row of the person"),
            );
        }
        Some(_) => {}
        None => *slot = Some((v, row)),
    }
}

/// The people of a skills inventory.
fn inventory(
    sheet: &Sheet,
    catalog: &Catalog,
    role_ids: &[&str],
    out: &mut Vec<PersonUpdate>,
) -> Vec<Diagnostic> {
    let mut loc = Located::new(sheet);
    loc.merged();
    let cols = loc.columns();
    if !require(
        &mut loc,
        &cols,
        &["person", "competence", "knowledge", "skill"],
    ) {
        return loc.diags;
    }
    let col = |n: &str| cols.get(n).copied();
    type Slots = (
        Option<(String, usize)>,
        Option<(Vec<String>, usize)>,
        Option<(Date, usize)>,
        Option<(Method, usize)>,
        Option<(String, usize)>,
    );
    let mut by_person: BTreeMap<String, (PersonUpdate, Slots)> = BTreeMap::new();
    for row in loc.data_rows().collect::<Vec<_>>() {
        let person_col = col("person").unwrap_or(0);
        let person = loc.required_id(row, person_col, "person");
        let name = loc.text(row, col("name")).map(str::to_owned);
        let roles = roles_cell(&mut loc, role_ids, row, col("roles"));
        let assessed_on = loc.date(row, col("assessed_on"));
        let method = loc.choice(row, col("method"), &Method::NAMES, Method::parse);
        let assessor = loc.text(row, col("assessor")).map(str::to_owned);
        let comp_col = col("competence").unwrap_or(0);
        let comp = loc
            .value(row, comp_col)
            .and_then(|cell| competence(&mut loc, catalog, row, comp_col, cell, cell.text.trim()));
        let level = |loc: &mut Located, n: &str| {
            let c = col(n)?;
            let cell = loc.value(row, c)?;
            loc.level(row, c, cell, cell.text.trim())
        };
        let k = level(&mut loc, "knowledge");
        let s = level(&mut loc, "skill");
        let evidence = evidence(&mut loc, row, &cols);
        let Some(person) = person else {
            continue;
        };
        let entry = by_person.entry(person.clone()).or_insert_with(|| {
            (
                PersonUpdate {
                    person,
                    file: loc.file.clone(),
                    pos: Located::pos(row, person_col),
                    ..PersonUpdate::default()
                },
                Slots::default(),
            )
        });
        let (u, slots) = entry;
        same(&mut loc, &mut slots.0, name, row, col("name"), "name");
        same(&mut loc, &mut slots.1, roles, row, col("roles"), "roles");
        same(
            &mut loc,
            &mut slots.2,
            assessed_on,
            row,
            col("assessed_on"),
            "assessed_on",
        );
        same(&mut loc, &mut slots.3, method, row, col("method"), "method");
        same(
            &mut loc,
            &mut slots.4,
            assessor,
            row,
            col("assessor"),
            "assessor",
        );
        let Some(c) = comp else {
            continue;
        };
        let pos = Located::pos(row, comp_col);
        let e = u.competences.entry(c).or_insert((k, s, Vec::new(), pos));
        if (e.0, e.1) != (k, s) {
            loc.at(
                Code::ConflictingLevels,
                row,
                col("knowledge").unwrap_or(comp_col),
                format!(
                    "the levels differ from row {} for the same person and competence: write the same in every row",
                    e.3.line
                ),
            );
        }
        e.2.extend(evidence);
    }
    for (_, (mut u, slots)) in by_person {
        u.name = slots.0.map(|v| v.0);
        u.roles = slots.1.map(|v| v.0);
        u.assessed_on = slots.2.map(|v| v.0);
        u.method = slots.3.map(|v| v.0);
        u.assessor = slots.4.map(|v| v.0);
        out.push(u);
    }
    loc.diags
}

/// The evidence of an inventory row, if it names some.
fn evidence(loc: &mut Located, row: usize, cols: &BTreeMap<String, usize>) -> Option<Evidence> {
    let col = |n: &str| cols.get(n).copied();
    let kind = loc.choice(
        row,
        col("evidence_kind"),
        &EvidenceKind::NAMES,
        EvidenceKind::parse,
    );
    let name = loc.text(row, col("evidence_name")).map(str::to_owned);
    let date = loc.date(row, col("evidence_date"));
    let expires = loc.date(row, col("evidence_expires"));
    match (kind, name) {
        (Some(kind), Some(name)) => Some(Evidence {
            kind,
            name,
            date,
            expires,
        }),
        (None, None) => None,
        (Some(_), None) => {
            loc.at(
                Code::MissingField,
                row,
                col("evidence_kind").unwrap_or(0),
                "the evidence has a kind but no `evidence_name`: name it".into(),
            );
            None
        }
        (None, Some(_)) => {
            if loc.value(row, col("evidence_kind").unwrap_or(0)).is_none() {
                loc.at(
                    Code::MissingField,
                    row,
                    col("evidence_name").unwrap_or(0),
                    format!(
                        "the evidence has a name but no `evidence_kind`: write one of {}",
                        EvidenceKind::NAMES.join(", ")
                    ),
                );
            }
            None
        }
    }
}

/// What one sheet says about one role.
#[derive(Debug, Default)]
struct RoleUpdate {
    role: String,
    file: String,
    pos: Pos,
    title: Option<String>,
    requires: BTreeMap<CompIdx, (Levels, Criticality)>,
}

/// The roles of a competence library.
fn library(sheet: &Sheet, catalog: &Catalog, out: &mut Vec<RoleUpdate>) -> Vec<Diagnostic> {
    let mut loc = Located::new(sheet);
    loc.merged();
    let cols = loc.columns();
    if !require(
        &mut loc,
        &cols,
        &["role", "competence", "required_knowledge", "required_skill"],
    ) {
        return loc.diags;
    }
    let col = |n: &str| cols.get(n).copied().unwrap_or(0);
    let mut by_role: BTreeMap<String, (RoleUpdate, Option<(String, usize)>)> = BTreeMap::new();
    for row in loc.data_rows().collect::<Vec<_>>() {
        let role = loc.required_id(row, col("role"), "role");
        let title = loc
            .text(row, cols.get("role_title").copied())
            .map(str::to_owned);
        let comp = loc.value(row, col("competence")).and_then(|cell| {
            competence(
                &mut loc,
                catalog,
                row,
                col("competence"),
                cell,
                cell.text.trim(),
            )
        });
        let level = |loc: &mut Located, n: &str| {
            let c = col(n);
            let Some(cell) = loc.value(row, c) else {
                loc.at(
                    Code::MissingField,
                    row,
                    c,
                    format!("`{n}` is blank: write the required level"),
                );
                return None;
            };
            loc.level(row, c, cell, cell.text.trim())
        };
        let k = level(&mut loc, "required_knowledge");
        let s = level(&mut loc, "required_skill");
        let criticality = loc
            .choice(
                row,
                cols.get("criticality").copied(),
                &Criticality::NAMES,
                Criticality::parse,
            )
            .unwrap_or_default();
        let Some(role) = role else {
            continue;
        };
        let (u, title_slot) = by_role.entry(role.clone()).or_insert_with(|| {
            (
                RoleUpdate {
                    role,
                    file: loc.file.clone(),
                    pos: Located::pos(row, col("role")),
                    ..RoleUpdate::default()
                },
                None,
            )
        });
        same(
            &mut loc,
            title_slot,
            title,
            row,
            cols.get("role_title").copied(),
            "title",
        );
        let (Some(c), Some(k), Some(s)) = (comp, k, s) else {
            continue;
        };
        if u.requires
            .insert(c, (Levels::new(k, s), criticality))
            .is_some()
        {
            loc.at(
                Code::DuplicateKey,
                row,
                col("competence"),
                format!(
                    "the role requires `{}` in an earlier row too: keep one",
                    catalog.competences[c].id
                ),
            );
        }
    }
    for (_, (mut u, title)) in by_role {
        u.title = title.map(|t| t.0);
        out.push(u);
    }
    loc.diags
}

/// Plan the import of `sheets` into `ws`.
pub fn plan(ws: &Workspace, folders: &Folders, sheets: &[Sheet], opts: Options) -> Plan {
    let catalog = &ws.catalog;
    let mut diags = Vec::new();
    let mut people_updates = Vec::new();
    let mut role_updates = Vec::new();
    let layouts: Vec<Option<Layout>> = sheets.iter().map(layout).collect();
    for (sheet, l) in sheets.iter().zip(&layouts) {
        match l {
            Some(Layout::Library) => diags.extend(library(sheet, catalog, &mut role_updates)),
            Some(_) => {}
            None => diags.push(Diagnostic::at(
                &sheet.diag_file(),
                Code::MissingField,
                Pos::new(1, 1),
                "row 1 is not a header compgap knows: a skills matrix has a `person` column; compgap's skills inventory has `person`, `competence`, `knowledge`, `skill`; its competence library has `role`, `competence`, `required_knowledge`, `required_skill`".into(),
            )),
        }
    }
    // People may name the roles imported with them.
    let imported: Vec<String> = role_updates.iter().map(|r| r.role.clone()).collect();
    let mut role_ids: Vec<&str> = ws
        .roles
        .iter()
        .map(|r| r.id.as_str())
        .chain(imported.iter().map(String::as_str))
        .collect();
    role_ids.sort_unstable();
    role_ids.dedup();
    for (sheet, l) in sheets.iter().zip(&layouts) {
        match l {
            Some(Layout::Matrix) => {
                diags.extend(matrix(sheet, catalog, &role_ids, &mut people_updates))
            }
            Some(Layout::Inventory) => {
                diags.extend(inventory(sheet, catalog, &role_ids, &mut people_updates));
            }
            _ => {}
        }
    }
    let mut plan = Plan::default();
    // Roles first: people may name the roles imported with them.
    let mut roles = Targets::new("role", Code::DuplicateRole, &folders.roles, opts.update);
    let mut people = Targets::new(
        "person",
        Code::DuplicatePerson,
        &folders.people,
        opts.update,
    );
    for u in role_updates {
        let existing = ws.role_index(&u.role).map(|i| &ws.roles[i]);
        let Some(path) = roles.claim(
            &mut diags,
            &u.role,
            &u.file,
            u.pos,
            existing.map(|r| r.file.as_str()),
        ) else {
            continue;
        };
        let before = existing.map(|r| RoleDoc::from_role(ws, r));
        let after = merge_role(before.clone(), u, catalog);
        plan.roles.push(Planned {
            path,
            before,
            after,
        });
    }
    for u in people_updates {
        let existing = ws.person_index(&u.person).map(|i| &ws.people[i]);
        let Some(path) = people.claim(
            &mut diags,
            &u.person,
            &u.file,
            u.pos,
            existing.map(|p| p.file.as_str()),
        ) else {
            continue;
        };
        let before = existing.map(|p| PersonDoc::from_person(ws, p));
        let after = merge_person(before.clone(), u, catalog, opts.as_of, &mut diags);
        plan.people.push(Planned {
            path,
            before,
            after,
        });
    }
    if diags.iter().all(|d| !d.is_error()) {
        diags.extend(recheck(ws, &plan, &role_ids, opts.as_of));
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    plan.diagnostics = diags;
    plan
}

/// A role's document after the sheet's update: `before` (or a new role
/// whose title is its id) with the requirements the sheet writes.
fn merge_role(before: Option<RoleDoc>, u: RoleUpdate, catalog: &Catalog) -> RoleDoc {
    let mut after = before.unwrap_or_else(|| RoleDoc {
        id: u.role.clone(),
        title: u.role.clone(),
        description: None,
        headcount: None,
        requires: Vec::new(),
    });
    if let Some(t) = u.title {
        after.title = t;
    }
    for (c, (levels, criticality)) in u.requires {
        let id = &catalog.competences[c].id;
        match after.requires.iter_mut().find(|q| &q.competence == id) {
            Some(q) => {
                q.levels = levels;
                q.criticality = criticality;
            }
            None => after.requires.push(RequirementDoc {
                competence: id.clone(),
                levels,
                criticality,
            }),
        }
    }
    after.requires.sort_by_key(|q| catalog.find(&q.competence));
    after
}

/// A person's document after the sheet's update: `before` (or a new
/// person's defaults) with every value the sheet writes; a blank keeps
/// what was there.
fn merge_person(
    before: Option<PersonDoc>,
    u: PersonUpdate,
    catalog: &Catalog,
    as_of: Date,
    diags: &mut Vec<Diagnostic>,
) -> PersonDoc {
    let mut after = before.unwrap_or_else(|| PersonDoc {
        person: u.person.clone(),
        name: u.person.clone(),
        roles: Vec::new(),
        assessed_on: as_of,
        method: Method::SelfAssessed,
        assessor: None,
        competences: Vec::new(),
    });
    if let Some(v) = u.name {
        after.name = v;
    }
    if let Some(v) = u.roles {
        after.roles = v;
    }
    if let Some(v) = u.assessed_on {
        after.assessed_on = v;
    }
    if let Some(v) = u.method {
        after.method = v;
    }
    if let Some(v) = u.assessor {
        after.assessor = Some(v);
    }
    for (c, (k, s, evidence, pos)) in u.competences {
        let id = &catalog.competences[c].id;
        let held = after.competences.iter_mut().find(|h| &h.competence == id);
        let (k, s) = match (held.as_ref().map(|h| h.levels), k, s) {
            (_, Some(k), Some(s)) => (k, s),
            (Some(old), k, s) => (k.unwrap_or(old.knowledge), s.unwrap_or(old.skill)),
            (None, _, _) => {
                diags.push(Diagnostic::at(&u.file, Code::MissingField, pos, format!("person `{}`, competence `{id}`: knowledge and skill are not both written, and the person holds no level for it yet: write both", u.person)));
                continue;
            }
        };
        match held {
            Some(h) => {
                h.levels = Levels::new(k, s);
                for e in evidence {
                    if !h.evidence.contains(&e) {
                        h.evidence.push(e);
                    }
                }
            }
            None => after.competences.push(HeldDoc {
                competence: id.clone(),
                levels: Levels::new(k, s),
                evidence,
            }),
        }
    }
    after
        .competences
        .sort_by_key(|h| catalog.find(&h.competence));
    after
}

/// The files that ids go to: the first sheet row to name an id wins, and
/// a file that exists is written only with `--update`, and only if it is a
/// regular file of the same id.
struct Targets<'a> {
    what: &'static str,
    duplicate: Code,
    folder: &'a Path,
    update: bool,
    /// Where each id was first named.
    origins: BTreeMap<String, (String, Pos)>,
}

impl<'a> Targets<'a> {
    fn new(what: &'static str, duplicate: Code, folder: &'a Path, update: bool) -> Self {
        Self {
            what,
            duplicate,
            folder,
            update,
            origins: BTreeMap::new(),
        }
    }

    /// The file for `id` (named at `file`, `pos`; `existing` is the file of
    /// the loaded role or person), or `None` with the problem reported.
    fn claim(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        id: &str,
        file: &str,
        pos: Pos,
        existing: Option<&str>,
    ) -> Option<PathBuf> {
        let what = format!("{} `{id}`", self.what);
        if let Some((first, at)) = self.origins.get(id) {
            let message = format!("{what} is also in {first} row {}: keep one", at.line);
            diags.push(Diagnostic::at(file, self.duplicate, pos, message));
            return None;
        }
        self.origins.insert(id.to_owned(), (file.to_owned(), pos));
        let path = existing.map_or_else(|| self.folder.join(format!("{id}.yaml")), PathBuf::from);
        let shown = super::display_path(&path);
        let message = match (std::fs::symlink_metadata(&path).ok(), existing.is_some()) {
            (Some(m), _) if !m.file_type().is_file() => {
                format!("{what}: {shown} exists and is not a regular file: move it away")
            }
            (Some(_), false) => {
                format!("{what}: {shown} exists and defines another id: rename one of them")
            }
            (Some(_), true) if !self.update => {
                format!("{what} already has {shown}: pass --update to update it")
            }
            _ => return Some(path),
        };
        diags.push(Diagnostic::at(file, self.duplicate, pos, message));
        None
    }
}

/// Every file to write, read back through the loaders' own checks: what
/// `validate` would say of it (errors only).
fn recheck(ws: &Workspace, plan: &Plan, role_ids: &[&str], as_of: Date) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let check = super::person::PersonCheck {
        catalog: &ws.catalog,
        role_ids,
        broken_roles: &[],
        policy: &ws.policy,
        as_of,
    };
    let read = |path: &Path,
                yaml: String,
                f: &(dyn Fn(&mut super::fields::Ctx, &crate::yaml::Node) + Sync)| {
        let shown = super::display_path(path);
        let mut ctx = super::fields::Ctx::new(&shown);
        let (root, d) = crate::yaml::parse(yaml.as_bytes());
        ctx.absorb(d);
        if let Some(root) = root {
            f(&mut ctx, &root);
        }
        ctx.diags.retain(Diagnostic::is_error);
        ctx.diags
    };
    let mut out: Vec<Diagnostic> = plan
        .people
        .par_iter()
        .flat_map_iter(|p| {
            read(&p.path, p.after.to_yaml(), &|ctx, root| {
                let _ = super::person::read_person(ctx, root, &check);
            })
        })
        .collect();
    for r in &plan.roles {
        out.extend(read(&r.path, r.after.to_yaml(), &|ctx, root| {
            let _ = super::role::read_role(ctx, root, &ws.catalog);
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_locations() {
        assert_eq!(split_dimension("5.2 K"), ("5.2", Dim::Knowledge));
        assert_eq!(split_dimension("6.5.3  skill"), ("6.5.3", Dim::Skill));
        assert_eq!(split_dimension("5.2"), ("5.2", Dim::Both));
        assert_eq!(split_dimension("5.2 Kx"), ("5.2 Kx", Dim::Both));
        let d = Diagnostic::at(
            "s.xlsx[Assessment]",
            Code::InvalidLevel,
            Pos::new(14, 7),
            "x".into(),
        );
        assert_eq!(
            located(&d),
            "s.xlsx[Assessment]!G14: error[invalid-level]: x"
        );
        let d = Diagnostic::at("m.csv", Code::InvalidLevel, Pos::new(14, 7), "x".into());
        assert_eq!(located(&d), "m.csv:14:7: error[invalid-level]: x");
        assert_eq!(quote(&"y".repeat(70)), format!("`{}…`", "y".repeat(60)));
    }
}
