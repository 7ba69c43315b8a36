//! `compgap assess` driven through a real pseudo-terminal: the prompts are
//! read from the screen and answered key by key, as a person would.
#![cfg(unix)]

use crate::common::files;

use assert_cmd::Command as AssertCommand;
use compgap::load::load_workspace;
use compgap::model::{Date, EvidenceKind, Levels, Method};
use compgap::render::person_file::PersonDoc;
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Regex, Session};
use files::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const AS_OF: &str = "2026-11-23";

fn as_of() -> Date {
    Date::parse(AS_OF).expect("date")
}

/// A copy of `examples/` whose assessment of `elif` is in compgap's own
/// layout, so that "unchanged" can be checked byte for byte.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples"), dir.path());
    let doc = person(dir.path(), "elif").expect("elif");
    std::fs::write(elif_file(dir.path()), doc.to_yaml()).expect("write");
    dir
}

fn elif_file(ws: &Path) -> PathBuf {
    ws.join("people/elif.yaml")
}

/// The person as the workspace now holds them (the workspace must load clean).
fn person(ws: &Path, id: &str) -> Option<PersonDoc> {
    let loaded = load_workspace(ws, as_of()).expect("load");
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    let w = &loaded.workspace;
    w.person_index(id)
        .map(|i| PersonDoc::from_person(w, &w.people[i]))
}

/// A running `compgap assess` on a pseudo-terminal, with everything it
/// printed so far kept for failure messages.
struct Pty {
    session: OsSession,
    seen: Vec<u8>,
}

impl Pty {
    fn spawn(ws: &Path, args: &[&str]) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_compgap"));
        cmd.arg("assess")
            .args(args)
            .arg(ws)
            .args(["--as-of", AS_OF])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("SOURCE_DATE_EPOCH");
        let mut session = Session::spawn(cmd).expect("spawn on a pty");
        session
            .get_process_mut()
            .set_window_size(160, 50)
            .expect("window size");
        // Generous: CI machines are slow and shared. A timeout fails the
        // test with the transcript; it never passes one.
        session.set_expect_timeout(Some(Duration::from_secs(120)));
        Pty {
            session,
            seen: Vec::new(),
        }
    }

    fn transcript(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    /// Wait for `text` on the screen; returns what came before it.
    fn expect(&mut self, text: &str) -> String {
        match self.session.expect(text) {
            Ok(found) => {
                self.seen.extend_from_slice(found.as_bytes());
                String::from_utf8_lossy(found.before()).into_owned()
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- transcript ---\n{}",
                self.transcript()
            ),
        }
    }

    /// Wait for the prompt `prompt`, then type `keys` (`\r` is Enter).
    fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        self.session.send(keys).expect("send");
    }

    /// Wait for the card of question `n` of `total`.
    fn card(&mut self, n: usize, total: usize) {
        self.expect(&format!("[{n}/{total}] "));
    }

    /// At the summary: check that it shows each of `lines`, press Enter
    /// to save, and return the transcript once compgap has exited 0.
    fn save(mut self, lines: &[&str]) -> String {
        let summary = self.expect("Save?");
        assert_shows(&summary, lines);
        self.session.send("\r").expect("send");
        let (code, transcript) = self.finish();
        assert_eq!(code, 0, "{transcript}");
        transcript
    }

    /// Read to the end and return the exit code.
    fn finish(mut self) -> (i32, String) {
        match self.session.expect(Eof) {
            Ok(found) => self.seen.extend_from_slice(found.as_bytes()),
            Err(e) => panic!("waiting for the end: {e}\n{}", self.transcript()),
        }
        let status = self.session.get_process().wait().expect("wait");
        let code = match status {
            WaitStatus::Exited(_, code) => code,
            other => panic!("ended with {other:?}\n{}", self.transcript()),
        };
        (code, self.transcript())
    }
}

/// elif's questions, in the order asked: (competence, assessed before).
const ELIF: [(&str, bool); 8] = [
    ("5.3", true),
    ("6.4.3", true),
    ("6.5.3", true),
    ("6.1.2", true),
    ("6.1.3", false),
    ("6.2.3", false),
    ("6.5.2", true),
    ("5.13", false),
];

/// Enter at every prompt of question `n` (one prompt when it was not
/// assessed: leaving the knowledge level blank leaves it unassessed).
fn keep(pty: &mut Pty, n: usize) {
    pty.card(n + 1, ELIF.len());
    let (id, assessed) = ELIF[n];
    pty.expect(id);
    pty.answer("Knowledge level:", "\r");
    if assessed {
        pty.answer("Skill level:", "\r");
        pty.answer("Add evidence?", "\r");
    }
}

/// Every one of `lines` is in `text`.
fn assert_shows(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
}

fn run_cli(args: &[&str]) -> std::process::Output {
    AssertCommand::cargo_bin("compgap")
        .expect("binary")
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run")
}

#[test]
fn a_session_changes_two_levels_and_adds_evidence() {
    let ws = workspace();
    let before = person(ws.path(), "elif").expect("elif");
    let mut pty = Pty::spawn(
        ws.path(),
        &["elif", "--method", "manager", "--assessor", "Kwame Mensah"],
    );
    pty.expect("8 competences required by internal-auditor");
    // 5.3: what the standard says, the scale, what is required and held.
    pty.card(1, 8);
    let card = pty.expect("Knowledge level:");
    assert_shows(
        &card,
        &[
            "5.3 Communication",
            "Outcome: ",
            "5.3/K1",
            "Skills (",
            "3 practitioner",
            "applies it independently",
            "Required: 3/3 (knowledge/skill), mandatory (internal-auditor 3/3 mandatory)",
            "Current:  2/2 (knowledge/skill)",
        ],
    );
    pty.expect("(2 foundation)");
    pty.session.send("3\r").expect("send");
    pty.answer("Skill level:", "practitioner\r");
    pty.answer("Add evidence?", "\r");
    keep(&mut pty, 1);
    // 6.5.3: new levels and a training course; its existing evidence is shown first.
    pty.card(3, 8);
    let card = pty.expect("Knowledge level:");
    assert!(
        card.contains("  - training: ISO/IEC 27001 Internal Auditor course (BSI), 2024-11-12"),
        "{card}"
    );
    pty.session.send("4\r").expect("send");
    pty.answer("Skill level:", "advanced\r");
    pty.answer("Add evidence?", "y\r");
    pty.answer("Evidence kind:", "train");
    pty.session.send("\r").expect("send");
    pty.answer("Evidence name:", "ISO/IEC 27001 Lead Auditor course\r");
    pty.answer("Date (YYYY-MM-DD", "2026-10-05\r");
    pty.answer("Expires (YYYY-MM-DD", "2029-10-05\r");
    pty.answer("Add more evidence?", "\r");
    for n in 3..ELIF.len() {
        keep(&mut pty, n);
    }
    pty.answer("Assess other competences from the catalog?", "\r");
    let transcript = pty.save(&[
        "assessed_on: 2025-02-17 → 2026-11-23",
        "method: self → manager",
        "assessor: (none) → Kwame Mensah",
        "5.3 Communication: 2/2 → 3/3 (knowledge/skill)",
        "6.5.3 ISMS auditing: 3/2 → 4/4 (knowledge/skill)",
        "6.5.3 ISMS auditing: evidence added: training: ISO/IEC 27001 Lead Auditor course, 2026-10-05, expires 2029-10-05",
    ]);
    assert!(transcript.contains("Saved "), "{transcript}");

    let after = person(ws.path(), "elif").expect("elif");
    let mut expected = before.clone();
    expected.assessed_on = as_of();
    expected.method = Method::Manager;
    expected.assessor = Some("Kwame Mensah".into());
    for h in &mut expected.competences {
        match h.competence.as_str() {
            "5.3" => h.levels = Levels::new(3, 3),
            "6.5.3" => {
                h.levels = Levels::new(4, 4);
                h.evidence.push(compgap::model::Evidence {
                    kind: EvidenceKind::Training,
                    name: "ISO/IEC 27001 Lead Auditor course".into(),
                    date: Date::parse("2026-10-05"),
                    expires: Date::parse("2029-10-05"),
                });
            }
            _ => {}
        }
    }
    assert_eq!(after, expected);
    assert_eq!(
        std::fs::read_to_string(elif_file(ws.path())).expect("read"),
        expected.to_yaml()
    );

    let ws_arg = ws.path().to_str().expect("utf-8 path");
    let validate = run_cli(&["validate", ws_arg, "--as-of", AS_OF]);
    let text = String::from_utf8_lossy(&validate.stdout);
    assert_eq!(validate.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 errors"), "{text}");
    let elif_lines: Vec<&str> = text.lines().filter(|l| l.contains("elif.yaml")).collect();
    assert!(
        elif_lines
            .iter()
            .all(|l| !l.contains("error[") && !l.contains("stale-assessment")),
        "{text}"
    );

    let report = run_cli(&[
        "report", ws_arg, "--as-of", AS_OF, "--person", "elif", "--all", "--format", "csv",
    ]);
    let csv = String::from_utf8_lossy(&report.stdout);
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.split(',').nth(3) == Some(id))
            .unwrap_or_else(|| panic!("no row for {id}:\n{csv}"))
            .to_owned()
    };
    assert!(
        row("6.5.3").contains(",4,4,4,4,0,mandatory,0,met,"),
        "{csv}"
    );
    assert!(row("5.3").contains(",3,3,3,3,0,mandatory,0,met,"), "{csv}");
    assert!(row("5.3").contains(",2026-11-23,manager,"), "{csv}");
}

#[test]
fn enter_throughout_changes_only_the_assessment_date() {
    let ws = workspace();
    let file = elif_file(ws.path());
    let original = std::fs::read_to_string(&file).expect("read");
    let mut pty = Pty::spawn(ws.path(), &["elif"]);
    for n in 0..ELIF.len() {
        keep(&mut pty, n);
    }
    pty.answer("Assess other competences from the catalog?", "\r");
    pty.save(&[
        "assessed_on: 2025-02-17 → 2026-11-23",
        "(no change to levels, evidence or roles)",
    ]);
    let expected = original.replace("assessed_on: 2025-02-17\n", "assessed_on: 2026-11-23\n");
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), expected);
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.ends_with(".tmp"))
        .collect()
}

#[test]
fn ctrl_c_midway_leaves_the_file_byte_identical() {
    let ws = workspace();
    let file = elif_file(ws.path());
    // A name that would retitle the terminal window if printed as it is.
    let hostile = std::fs::read_to_string(&file)
        .expect("read")
        .replace("name: Elif Yılmaz", "name: \"Elif \\e]0;PWNED\\a Yılmaz\"");
    std::fs::write(&file, &hostile).expect("write");
    let mut pty = Pty::spawn(ws.path(), &["elif", "--method", "manager"]);
    pty.expect("Assessing Elif \\u{1b}]0;PWNED\\u{7} Yılmaz (elif)");
    pty.card(1, 8);
    pty.answer("Knowledge level:", "5\r");
    pty.answer("Skill level:", "5\r");
    pty.answer("Add evidence?", "y\r");
    pty.answer("Evidence kind:", "\r");
    pty.answer("Evidence name:", "Half-typed");
    pty.session.send("\x03").expect("send Ctrl-C");
    let (code, transcript) = pty.finish();
    assert_eq!(code, 130, "{transcript}");
    assert!(transcript.contains("nothing was written"), "{transcript}");
    assert!(!transcript.contains("\u{1b}]0;PWNED"), "{transcript}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), hostile);
    assert_eq!(leftovers(&ws.path().join("people")), Vec::<String>::new());
}

#[test]
fn a_new_person_is_created_with_name_and_roles() {
    let ws = workspace();
    let mut pty = Pty::spawn(ws.path(), &["nora"]);
    pty.expect("is not in the workspace yet");
    pty.answer("Name:", "Nora Newcomer\r");
    pty.answer("Roles (", "awareness-officer");
    pty.session.send(" ").expect("send space");
    pty.session.send("\r").expect("send");
    pty.expect("Assessing Nora Newcomer (nora)");
    let found = pty
        .session
        .expect(Regex(r"(\d+) competences required by awareness-officer"))
        .expect("header");
    let total: usize = std::str::from_utf8(found.get(1).expect("count"))
        .expect("utf-8")
        .parse()
        .expect("number");
    assert_eq!(total, 8);
    // The first (highest criticality, then catalog order) gets a level;
    // the skill prompt offers the knowledge level just given.
    pty.card(1, total);
    pty.expect("5.3 Communication");
    pty.answer("Knowledge level:", "2\r");
    pty.answer("(2 foundation)", "\r");
    pty.answer("Add evidence?", "\r");
    for n in 2..=total {
        pty.card(n, total);
        pty.answer("Knowledge level:", "\r");
    }
    // One competence the role does not require, chosen from the catalog.
    pty.answer("Assess other competences from the catalog?", "y\r");
    pty.answer("Competence (type to filter):", "5.10");
    pty.expect("5.10 Information systems architecture");
    pty.session.send("\r").expect("send");
    pty.card(total + 1, total + 1);
    pty.answer("Required: not required by the person's roles", "");
    pty.answer("Knowledge level:", "aware\r");
    pty.answer("Skill level:", "\r");
    pty.answer("Add evidence?", "\r");
    pty.answer("Assess another competence?", "\r");
    pty.save(&[
        "new assessment: Nora Newcomer, roles: awareness-officer",
        "5.3 Communication: newly assessed 2/2 (knowledge/skill)",
        "5.10 Information systems architecture: newly assessed 1/1 (knowledge/skill)",
    ]);
    let nora = person(ws.path(), "nora").expect("nora is in the workspace");
    assert_eq!(nora.name, "Nora Newcomer");
    assert_eq!(nora.roles, ["awareness-officer"]);
    assert_eq!(nora.assessed_on, as_of());
    assert_eq!(nora.method, Method::SelfAssessed);
    let held: Vec<(&str, Levels)> = nora
        .competences
        .iter()
        .map(|h| (h.competence.as_str(), h.levels))
        .collect();
    // In catalog order, whatever the order asked.
    assert_eq!(
        held,
        [("5.3", Levels::new(2, 2)), ("5.10", Levels::new(1, 1))]
    );
    assert!(ws.path().join("people/nora.yaml").is_file());
}

#[test]
fn an_invalid_workspace_is_reported_before_any_question() {
    let ws = workspace();
    std::fs::write(
        ws.path().join("roles/broken.yaml"),
        "id: broken\ntitle: [\n",
    )
    .expect("write");
    let pty = Pty::spawn(ws.path(), &["elif"]);
    let (code, transcript) = pty.finish();
    assert_eq!(code, 1, "{transcript}");
    assert!(transcript.contains("roles/broken.yaml:"), "{transcript}");
    assert!(!transcript.contains("Knowledge level"), "{transcript}");
}

#[test]
fn without_a_terminal_it_refuses_at_once() {
    let ws = workspace();
    let out = AssertCommand::cargo_bin("compgap")
        .expect("binary")
        .args(["assess", "elif"])
        .arg(ws.path())
        .write_stdin("3\n3\n")
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: assess needs a terminal on standard input"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_schema_line_is_kept_and_a_new_file_in_an_init_workspace_gets_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("isms");
    let out = run_cli(&["init", ws.to_str().expect("utf-8"), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let line = "# yaml-language-server: $schema=../.schemas/person.schema.json\n";
    // Someone with no role: no questions, only the date changes.
    let bo = ws.join("people/bo.yaml");
    std::fs::write(
        &bo,
        format!(
            "{line}# a comment\nperson: bo\nname: Bo\nroles: []\nassessed_on: 2026-01-05\nmethod: self\ncompetences: {{}}\n"
        ),
    )
    .expect("write");
    let mut pty = Pty::spawn(&ws, &["bo"]);
    pty.answer("Assess other competences from the catalog?", "\r");
    pty.save(&["assessed_on: 2026-01-05 → 2026-11-23"]);
    let text = std::fs::read_to_string(&bo).expect("read");
    assert!(text.starts_with(line), "{text}");
    assert!(text.contains("assessed_on: 2026-11-23\n"), "{text}");
    // A new person, created by assess, points at the same schema.
    let mut pty = Pty::spawn(&ws, &["cy"]);
    pty.answer("Name:", "Cy Newcomer\r");
    pty.answer("Roles (", "\r");
    pty.answer("Assess other competences from the catalog?", "\r");
    pty.save(&["new assessment: Cy Newcomer"]);
    let text = std::fs::read_to_string(ws.join("people/cy.yaml")).expect("read");
    assert!(text.starts_with(line), "{text}");
    let cy = person(&ws, "cy").expect("cy is in the workspace");
    assert_eq!(cy.name, "Cy Newcomer");
}

/// On an 80-column terminal the header and each card fit: the long
/// outcome and item texts wrap at word boundaries, as all output does.
#[test]
fn the_cards_fit_an_80_column_terminal() {
    use unicode_width::UnicodeWidthStr;
    let ws = workspace();
    // The size is set inside the terminal before compgap starts: no race.
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 80 rows 50 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_compgap"))
        .args(["assess", "elif"])
        .arg(ws.path())
        .args(["--as-of", AS_OF])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("COLUMNS");
    let mut session = Session::spawn(cmd).expect("spawn on a pty");
    session.set_expect_timeout(Some(Duration::from_secs(120)));
    let mut pty = Pty {
        session,
        seen: Vec::new(),
    };
    let mut shown = pty.expect("[1/8] ");
    shown.push_str(&pty.expect("? Knowledge level:"));
    pty.session.send("\u{3}").expect("send Ctrl-C");
    let (code, transcript) = pty.finish();
    assert_eq!(code, 130, "{transcript}");
    let shown = shown.replace("\r\n", "\n");
    assert!(shown.contains("Outcome: "), "{shown}");
    for line in shown.lines() {
        assert!(
            line.width() <= 80,
            "a line of {} columns:\n{line}\n\nin:\n{shown}",
            line.width()
        );
    }
}

/// A role from a template says why it needs each competence (its `note`);
/// the card shows it under the requirement.
#[test]
fn the_card_says_why_a_template_role_needs_the_competence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("isms");
    let out = run_cli(&[
        "init",
        ws.to_str().expect("utf-8"),
        "--roles",
        "internal-auditor",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let template =
        std::fs::read_to_string("catalog/roles/internal-auditor.yaml").expect("template");
    let mut pty = Pty::spawn(&ws, &["alex"]);
    pty.card(1, 10);
    let card = pty.expect("Knowledge level:");
    pty.session.send("\u{3}").expect("send Ctrl-C");
    let (code, transcript) = pty.finish();
    assert_eq!(code, 130, "{transcript}");
    let why = card
        .lines()
        .find_map(|l| l.trim_end().strip_prefix("Why: "))
        .unwrap_or_else(|| panic!("no reason on the card:\n{card}"));
    let note = why
        .strip_suffix(" (internal-auditor)")
        .unwrap_or_else(|| panic!("the role is not named: {why}"));
    assert!(
        template.contains(&format!("note: {note}")),
        "{note:?} is not a note of the template"
    );
}

/// In a workspace without roles, a new person is told where roles come
/// from before being asked anything else.
#[test]
fn a_workspace_without_roles_points_at_the_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("roles")).expect("roles");
    std::fs::create_dir(dir.path().join("people")).expect("people");
    let mut pty = Pty::spawn(dir.path(), &["nora"]);
    pty.answer("Name:", "Nora\r");
    pty.expect("The workspace has no roles yet");
    pty.expect("compgap catalog roles show ID -o roles/ID.yaml");
    pty.answer("Assess other competences from the catalog?", "\u{3}");
    let (code, transcript) = pty.finish();
    assert_eq!(code, 130, "{transcript}");
    assert!(!dir.path().join("people/nora.yaml").exists());
}
