//! `compgap assess PERSON [WORKSPACE]`: the interactive questionnaire.
//!
//! Glue only: the steps (what to ask, applying answers, the summary) are in
//! `compgap::questionnaire`, the text shown in `compgap::render::assess`;
//! this file does the prompting (with `inquire`) and the writing.
//!
//! Nothing is written until the last question is answered Yes; Ctrl-C or
//! Esc at a prompt stops with exit code 130 and the file untouched.

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use compgap::load::{display_path, fields::is_valid_id};
use compgap::model::{CompIdx, Date, Evidence, EvidenceKind, Levels, Method, RoleIdx, Workspace};
use compgap::output::write_atomic;
use compgap::questionnaire::{self as q, Answer, Question};
use compgap::render::assess as show;
use compgap::render::init::SCHEMA_DIR;
use compgap::render::person_file::PersonDoc;
use compgap::schema::FileKind;
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, MultiSelect, Select, Text};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The conventional exit code of a program stopped by Ctrl-C (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    #[value(name = "self")]
    SelfAssessed,
    Manager,
    Independent,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::SelfAssessed => Method::SelfAssessed,
            MethodArg::Manager => Method::Manager,
            MethodArg::Independent => Method::Independent,
        }
    }
}

#[derive(Debug, Args)]
#[command(mut_arg("as_of", |a| a.help("The assessment date, YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else today]")))]
pub struct AssessArgs {
    /// The person's id; their file is people/PERSON.yaml (created if new)
    #[arg(value_name = "PERSON")]
    pub person: String,
    /// The workspace folder (with roles/ and people/)
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// How the assessment is made [default: the file's method; self for a new person]
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Who made the assessment, free text [default: the file's assessor]; "" removes it
    #[arg(long, value_name = "NAME")]
    pub assessor: Option<String>,
    #[command(flatten)]
    pub as_of: crate::cli::AsOfArg,
}

pub fn run(args: &AssessArgs) -> Result<ExitCode> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "assess needs a terminal on standard input: it asks its questions interactively; run it in a terminal, or write the assessment file by hand (see the README's input formats)"
        );
    }
    if !is_valid_id(&args.person) {
        bail!(
            "`{}` is not a person id: use letters, digits, `.`, `_` and `-`, starting with a letter or digit (at most 64 characters)",
            show::terminal_text(&args.person)
        );
    }
    let as_of = args.as_of.date()?;
    let ws = super::load_valid(&args.workspace, as_of)?;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb")
    {
        inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
    }
    match interview(&ws, args, as_of) {
        Err(e) if is_interruption(&e) => {
            eprintln!("\nStopped: nothing was written.");
            Ok(ExitCode::from(INTERRUPTED))
        }
        other => other,
    }
}

fn is_interruption(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<InquireError>(),
        Some(InquireError::OperationInterrupted | InquireError::OperationCanceled)
    )
}

/// A choice in a list: shown by its (escaped) label, standing for an index.
struct Choice {
    index: usize,
    label: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

fn interview(ws: &Workspace, args: &AssessArgs, as_of: Date) -> Result<ExitCode> {
    let (before, mut doc, path, original) = match ws.person_index(&args.person) {
        Some(i) => {
            let p = &ws.people[i];
            let path = PathBuf::from(&p.file);
            let bytes = read_person_file(&path)?;
            let doc = PersonDoc::from_person(ws, p);
            (Some(doc.clone()), doc, path, Some(bytes))
        }
        None => {
            let path = ws.people_dir.join(format!("{}.yaml", args.person));
            if path.exists() {
                bail!(
                    "{} exists but does not define person `{}`: fix its `person:` field or choose another id",
                    display_path(&path),
                    args.person
                );
            }
            eprintln!(
                "`{}` is not in the workspace yet: answering creates {}.",
                args.person,
                display_path(&path)
            );
            let doc = new_person(ws, &args.person, as_of)?;
            (None, doc, path, None)
        }
    };
    let roles: Vec<RoleIdx> = doc.roles.iter().filter_map(|r| ws.role_index(r)).collect();
    let questions = q::questions(ws, &roles);
    // What is shown between the prompts fits the terminal, as every output.
    super::terminal::eprint(&format!(
        "\nAssessing {} ({}) as of {as_of}: {} competence{} required by {}.\nEnter keeps the value in brackets; Ctrl-C stops without writing anything.\n",
        show::terminal_text(&doc.name),
        doc.person,
        questions.len(),
        if questions.len() == 1 { "" } else { "s" },
        if roles.is_empty() {
            "no role".to_owned()
        } else {
            show::terminal_text(&doc.roles.join(", "))
        }
    ));
    let total = questions.len();
    for (n, question) in questions.iter().enumerate() {
        ask(ws, &mut doc, question, (n + 1, total), as_of)?;
    }
    let mut asked: Vec<CompIdx> = questions.iter().map(|x| x.competence).collect();
    let mut message = "Assess other competences from the catalog?";
    loop {
        let choices: Vec<Choice> = q::others(&ws.catalog, &asked)
            .into_iter()
            .map(|c| Choice {
                index: c,
                label: show::competence_label(&ws.catalog, c),
            })
            .collect();
        if choices.is_empty() || !Confirm::new(message).with_default(false).prompt()? {
            break;
        }
        let chosen = Select::new("Competence (type to filter):", choices).prompt()?;
        let question = Question {
            competence: chosen.index,
            required_by: Vec::new(),
        };
        asked.push(chosen.index);
        ask(ws, &mut doc, &question, (asked.len(), asked.len()), as_of)?;
        message = "Assess another competence?";
    }
    q::stamp(
        &mut doc,
        as_of,
        args.method.map(Method::from),
        args.assessor.as_deref(),
    );
    let shown = display_path(&path);
    let changes = q::changes(before.as_ref(), &doc);
    super::terminal::eprint(&show::summary(&ws.catalog, &changes, &shown, as_of));
    if !Confirm::new("Save?").with_default(true).prompt()? {
        eprintln!("Not saved: {} is unchanged.", show::terminal_text(&shown));
        return Ok(ExitCode::SUCCESS);
    }
    // Someone may have edited the file while the questions were answered.
    let now = read_person_file(&path).ok();
    if now != original {
        bail!(
            "{} changed while the questions were being answered: nothing was written; run assess again",
            shown
        );
    }
    // The schema line stays (comments are not kept); a new file gets one
    // when the workspace has its own schemas, as `init` makes it.
    let schema_line = match &original {
        Some(bytes) => q::schema_line(bytes).map(str::to_owned),
        None => q::new_schema_line(ws).filter(|_| {
            ws.root
                .join(SCHEMA_DIR)
                .join(FileKind::Person.file_name())
                .is_file()
        }),
    };
    let text = match schema_line {
        Some(line) => format!("{line}\n{}", doc.to_yaml()),
        None => doc.to_yaml(),
    };
    write_atomic(&path, text.as_bytes())?;
    eprintln!("Saved {}.", show::terminal_text(&shown));
    Ok(ExitCode::SUCCESS)
}

/// A text prompt that takes no blank answer (`hint` says what to write).
fn required_text(message: &str, hint: &'static str) -> Result<String> {
    let answer = Text::new(message)
        .with_validator(move |s: &str| {
            Ok(if s.trim().is_empty() {
                Validation::Invalid(hint.into())
            } else {
                Validation::Valid
            })
        })
        .prompt()?;
    Ok(answer.trim().to_owned())
}

/// Ask a new person's name and roles.
fn new_person(ws: &Workspace, id: &str, as_of: Date) -> Result<PersonDoc> {
    let name = required_text("Name:", "write the person's name")?;
    let roles = if ws.roles.is_empty() {
        super::terminal::eprint(
            "The workspace has no roles yet, so the person gets none and no competence is required: add roles from the bundled templates (`compgap catalog roles`, then `compgap catalog roles show ID -o roles/ID.yaml`) and assess again, or assess competences from the catalog now.\n",
        );
        Vec::new()
    } else {
        let choices = (0..ws.roles.len())
            .map(|r| Choice {
                index: r,
                label: show::role_label(ws, r),
            })
            .collect();
        MultiSelect::new(
            "Roles (Space to choose, Enter when done; type to filter):",
            choices,
        )
        .prompt()?
        .into_iter()
        .map(|c| ws.roles[c.index].id.clone())
        .collect()
    };
    Ok(q::new_person(id, &name, roles, as_of))
}

/// A level prompt; Enter keeps `default`. `None` only when `may_skip`.
fn level(message: &str, default: &str, may_skip: bool) -> Result<Option<u8>> {
    let answer = Text::new(message)
        .with_default(default)
        .with_validator(move |s: &str| {
            Ok(match q::parse_level_answer(s) {
                Ok(None) if !may_skip => {
                    Validation::Invalid("give a level from 0 to 5 (or its name)".into())
                }
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        })
        .prompt()?;
    // The default (or a validated answer) always parses.
    Ok(q::parse_level_answer(&answer).unwrap_or(None))
}

/// Show one competence and ask its levels and any new evidence.
fn ask(
    ws: &Workspace,
    doc: &mut PersonDoc,
    question: &Question,
    position: (usize, usize),
    as_of: Date,
) -> Result<()> {
    let id = &ws.catalog.competences[question.competence].id;
    let current = q::entry(doc, id);
    super::terminal::eprint(&show::card(ws, question, current, position, as_of));
    let current = current.map(|h| h.levels);
    let knowledge_default = q::level_label(current.map(|l| l.knowledge));
    let Some(knowledge) = level("Knowledge level:", &knowledge_default, current.is_none())? else {
        return Ok(());
    };
    let skill_default = q::level_label(Some(current.map_or(knowledge, |l| l.skill)));
    let skill = level("Skill level:", &skill_default, false)?.unwrap_or(knowledge);
    let mut evidence = Vec::new();
    let mut message = "Add evidence?";
    while Confirm::new(message).with_default(false).prompt()? {
        evidence.push(ask_evidence()?);
        message = "Add more evidence?";
    }
    q::apply(
        doc,
        &ws.catalog,
        question.competence,
        Answer {
            levels: Some(Levels::new(knowledge, skill)),
            evidence,
        },
    );
    Ok(())
}

fn ask_evidence() -> Result<Evidence> {
    let kinds: Vec<&str> = EvidenceKind::NAMES.to_vec();
    let kind = Select::new("Evidence kind:", kinds).prompt()?;
    let name = required_text(
        "Evidence name:",
        "name the evidence (a course, a certificate, a project)",
    )?;
    let date_check = |s: &str| {
        Ok(match q::parse_date_answer(s) {
            Ok(_) => Validation::Valid,
            Err(m) => Validation::Invalid(m.into()),
        })
    };
    let date = Text::new("Date (YYYY-MM-DD, blank for none):")
        .with_validator(date_check)
        .prompt()?;
    let date = q::parse_date_answer(&date).unwrap_or(None);
    let expires = Text::new("Expires (YYYY-MM-DD, blank for none):")
        .with_validator(move |s: &str| {
            Ok(match q::parse_date_answer(s) {
                Ok(Some(e)) if date.is_some_and(|d| e < d) => {
                    Validation::Invalid("the expiry is before the date: check both dates".into())
                }
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        })
        .prompt()?;
    Ok(Evidence {
        kind: EvidenceKind::parse(kind).unwrap_or(EvidenceKind::Other),
        name,
        date,
        expires: q::parse_date_answer(&expires).unwrap_or(None),
    })
}

/// The bytes of an assessment file, read within the input limits (the file
/// was just loaded, so a refusal here means it changed under us).
fn read_person_file(path: &Path) -> Result<Vec<u8>> {
    compgap::load::read_input(path)?.map_err(|d| anyhow::anyhow!("{}: {}", d.file, d.message))
}
