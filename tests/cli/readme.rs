//! The README's samples are true: every ```` ```text ```` block whose
//! first line is `$ compgap …` is run from the repository root, piped and
//! with `NO_COLOR=1`, and its other lines must be the output in order, a
//! line of only `…` standing for lines left out.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_compgap");

/// A sample: its line in the README, the command and the expected lines.
struct Sample {
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn samples(readme: &str) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim_end() != "```text" {
            continue;
        }
        let body: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| l.trim_end() != "```")
            .collect();
        let Some(command) = body.first().and_then(|l| l.strip_prefix("$ ")) else {
            continue;
        };
        if !command.starts_with("compgap ") {
            continue;
        }
        out.push(Sample {
            line: n + 2,
            command: command.to_string(),
            expected: body[1..].iter().map(|l| l.trim_end().to_string()).collect(),
        });
    }
    out
}

/// `actual` matches `expected`, where a `…` line stands for any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == e && matches(rest, more)),
    }
}

#[test]
fn every_readme_sample_is_the_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let samples = samples(&readme);
    assert!(samples.len() >= 5, "only {} samples found", samples.len());
    let bin_dir = Path::new(BIN).parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let mut wrong = Vec::new();
    for s in &samples {
        // One command, possibly piped through `head`.
        let mut parts = s.command.split(" | ");
        let first = parts.next().unwrap_or_default();
        assert!(
            parts.all(|p| p.starts_with("head")) && !first.contains([';', '&', '>', '<', '`', '$']),
            "README.md:{}: a sample is one compgap command, possibly piped through head: {}",
            s.line,
            s.command
        );
        let out = Command::new("sh")
            .arg("-c")
            .arg(&s.command)
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run the sample");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        if !matches(&s.expected, &actual) {
            wrong.push(format!(
                "README.md:{}: `{}` prints:\n{}\n(stderr: {})",
                s.line,
                s.command,
                stdout,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn the_matcher_reads_elisions() {
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "…"]), &["a"]));
    assert!(!matches(&e(&["a", "d"]), &["a", "b", "d"]));
    assert!(!matches(&e(&["a", "…", "x"]), &["a", "b"]));
    assert!(!matches(&e(&["a"]), &["a", "b"]));
}

/// The commands of the README's "Your own organization" block, each split
/// into its words (the `#` comments dropped).
fn quick_start(readme: &str) -> Vec<Vec<String>> {
    let section = readme
        .split("### Your own organization")
        .nth(1)
        .expect("a Quick start section for one's own organization");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("its sh block");
    block
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default())
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The Quick start's own-organization path works as written, in an empty
/// folder: `init` with templates, `assess` creating a new person (answered
/// on a pseudo-terminal), and a `report` that shows them.
#[cfg(unix)]
#[test]
fn the_quick_start_goes_from_nothing_to_a_gap_report() {
    use expectrl::{Eof, Expect, Regex, Session};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let steps = quick_start(&readme);
    let names: Vec<&str> = steps.iter().map(|s| s[1].as_str()).collect();
    assert_eq!(names, ["init", "assess", "report"], "{steps:?}");
    assert!(steps.iter().all(|s| s[0] == "compgap"), "{steps:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[String]| {
        let out = Command::new(BIN)
            .args(&args[1..])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&steps[0]);
    let person = &steps[1][2];
    let mut cmd = Command::new(BIN);
    cmd.args(&steps[1][1..])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut pty = Session::spawn(cmd).expect("spawn on a pty");
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(120)));
    pty.expect("Name:").expect("the name is asked");
    pty.send("Alice Admin\r").expect("send");
    pty.expect("Roles (").expect("the roles are asked");
    pty.send(" ").expect("send");
    pty.send("\r").expect("send");
    let header = pty
        .expect(Regex(r"(\d+) competences required by"))
        .expect("the questions begin");
    let total: usize = std::str::from_utf8(header.get(1).expect("count"))
        .expect("utf-8")
        .parse()
        .expect("number");
    assert!(total > 0);
    for n in 1..=total {
        pty.expect(format!("[{n}/{total}] ").as_str())
            .expect("a card");
        pty.expect("Knowledge level:").expect("a level prompt");
        pty.send(if n == 1 { "2\r" } else { "\r" }).expect("send");
        if n == 1 {
            pty.expect("Skill level:").expect("the skill prompt");
            pty.send("\r").expect("send");
            pty.expect("Add evidence?").expect("evidence prompt");
            pty.send("\r").expect("send");
        }
    }
    pty.expect("Assess other competences").expect("others");
    pty.send("\r").expect("send");
    pty.expect("Save?").expect("save");
    pty.send("\r").expect("send");
    pty.expect(Eof).expect("the end");
    let report = run(&steps[2]);
    assert!(
        report.contains(&format!(" {person} ")),
        "the report shows {person}:\n{report}"
    );
}
