//! Every assessment written by compgap reads back to what was written.

use crate::common::files;

use compgap::load::load_workspace;
use compgap::model::{Date, Evidence, EvidenceKind, Levels, Method};
use compgap::render::person_file::{HeldDoc, PersonDoc};
use files::copy_dir;
use std::path::Path;

fn as_of() -> Date {
    Date::parse("2026-11-23").expect("date")
}

#[test]
fn every_example_assessment_round_trips() {
    let loaded = load_workspace(Path::new("examples"), as_of()).expect("load");
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples"), dir.path());
    let docs: Vec<PersonDoc> = loaded
        .workspace
        .people
        .iter()
        .map(|p| PersonDoc::from_person(&loaded.workspace, p))
        .collect();
    for d in &docs {
        let path = dir.path().join("people").join(format!("{}.yaml", d.person));
        std::fs::write(path, d.to_yaml()).expect("write");
    }
    let again = load_workspace(dir.path(), as_of()).expect("reload");
    assert_eq!(again.errors(), 0, "{:?}", again.diagnostics);
    let back: Vec<PersonDoc> = again
        .workspace
        .people
        .iter()
        .map(|p| PersonDoc::from_person(&again.workspace, p))
        .collect();
    assert_eq!(back, docs);
}

#[test]
fn hostile_text_reads_back_as_written() {
    let names = [
        "Mal\n::error file=x,line=1::INJECTED",
        "\u{1b}[2J\u{7}",
        "yes",
        "5.10",
        "- a: b # c",
        "\"quoted\" and \\ back",
        "  spaced  ",
        "{x: [y]}",
        "'single'",
        "&anchor *alias !tag",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(Path::new("examples/roles"), &dir.path().join("roles"));
    std::fs::create_dir_all(dir.path().join("people")).expect("mkdir");
    let mut docs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let doc = PersonDoc {
            person: format!("p{i}"),
            name: (*name).to_owned(),
            roles: vec!["ciso".to_owned()],
            assessed_on: as_of(),
            method: Method::Manager,
            assessor: Some((*name).to_owned()),
            competences: vec![HeldDoc {
                competence: "5.10".to_owned(),
                levels: Levels::new(3, 2),
                evidence: vec![Evidence {
                    kind: EvidenceKind::Training,
                    name: (*name).to_owned(),
                    date: Some(as_of()),
                    expires: None,
                }],
            }],
        };
        std::fs::write(
            dir.path().join("people").join(format!("p{i}.yaml")),
            doc.to_yaml(),
        )
        .expect("write");
        docs.push(doc);
    }
    let loaded = load_workspace(dir.path(), as_of()).expect("load");
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let back: Vec<PersonDoc> = loaded
        .workspace
        .people
        .iter()
        .map(|p| PersonDoc::from_person(&loaded.workspace, p))
        .collect();
    assert_eq!(back, docs);
}
