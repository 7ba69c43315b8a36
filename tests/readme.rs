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
