//! Width and colour on a real pseudo-terminal: every line printed fits the
//! terminal, ids are never cut, colour follows `--color` and the
//! environment, and piped output keeps the full layout.

use std::collections::BTreeSet;
use std::io::Read;
use std::process::Command;
use unicode_width::UnicodeWidthStr;

const BIN: &str = env!("CARGO_BIN_EXE_compgap");
const AS_OF: &str = "2026-11-23";

/// What `args` prints on a terminal of `cols` columns, with `env` set
/// (`None` removes a variable). The terminal's size is set inside it (by
/// `stty`) before compgap starts, so nothing races.
fn on_terminal(cols: u16, args: &[&str], env: &[(&str, Option<&str>)]) -> String {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "stty cols {cols} rows 50 && exec \"$0\" \"$@\" 2>&1"
        ))
        .arg(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS");
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut session = expectrl::Session::spawn(cmd).expect("spawn on a pseudo-terminal");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        // Linux ends a terminal whose program has exited with EIO.
        match session.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// What `args` prints into a pipe, without colour.
fn piped(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run compgap");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `s` without ANSI escape sequences (CSI … final byte).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The file stems (ids) of the `.yaml` files in `dir` of the repository.
fn stems(dir: &str) -> BTreeSet<String> {
    std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect(dir)
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".yaml")?.to_string())
        })
        .collect()
}

/// The ids in `text`: competence ids (`6.5.3`), the example people and
/// roles, and the bundled role templates.
fn ids(text: &str) -> BTreeSet<String> {
    let mut named = stems("examples/people");
    named.extend(stems("examples/roles"));
    named.extend(stems("catalog/roles"));
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| {
            named.contains(*w)
                || (w.contains('.')
                    && w.split('.')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        })
        .map(str::to_string)
        .collect()
}

const COMMANDS: &[&[&str]] = &[
    &["report", "examples", "--as-of", AS_OF],
    &["report", "examples", "--as-of", AS_OF, "--all"],
    &[
        "report", "examples", "--as-of", AS_OF, "--format", "markdown",
    ],
    &["coverage", "examples", "--as-of", AS_OF],
    &["plan", "examples", "--as-of", AS_OF],
    &["plan", "examples", "--as-of", AS_OF, "--format", "table"],
    &["validate", "examples", "--as-of", AS_OF],
    &["catalog", "list"],
    &["catalog", "show", "6.1.2"],
    &["catalog", "roles"],
    &["catalog", "roles", "--format", "markdown"],
    &[
        "compare",
        "examples/previous-round",
        "examples",
        "--as-of",
        AS_OF,
    ],
    &[
        "register", "examples", "--as-of", AS_OF, "--format", "markdown",
    ],
];

/// Commands that fail, with their message on stderr.
const ERRORS: &[&[&str]] = &[
    &[
        "plan", "examples", "--as-of", AS_OF, "--person", "elif", "--role", "ciso",
    ],
    &["report", "examples", "--as-of", AS_OF, "--person", "elf"],
    &["validate", "no-such-folder"],
];

#[test]
fn every_line_fits_the_terminal_and_ids_stay_whole() {
    for cols in [80u16, 120] {
        for args in COMMANDS {
            let shown = strip_ansi(&on_terminal(cols, args, &[]));
            assert!(shown.lines().count() > 3, "{args:?} printed:\n{shown}");
            assert_fits(&shown, cols, args);
            let full = ids(&piped(args));
            let fitted = ids(&shown);
            let cut: Vec<&String> = full.difference(&fitted).collect();
            assert!(
                cut.is_empty(),
                "{args:?} at {cols} columns: ids cut or lost: {cut:?}\n{shown}"
            );
        }
    }
}

/// Below the width any table can take with its ids and words whole,
/// `--width N` still holds: every line fits and no id is cut (a table
/// becomes one block per row), down to the smallest width allowed.
#[test]
fn the_narrowest_widths_still_fit_and_keep_ids_whole() {
    for cols in [20u16, 36, 50] {
        for args in COMMANDS {
            let width = cols.to_string();
            let shown = piped(&[args, &["--width", width.as_str()][..]].concat());
            assert!(shown.lines().count() > 3, "{args:?} printed:\n{shown}");
            assert_fits(&shown, cols, args);
            let full = ids(&piped(args));
            let fitted = ids(&shown);
            // An id wider than a wrapped line (indented 2) cannot stay whole.
            let cut: Vec<&String> = full
                .difference(&fitted)
                .filter(|id| id.len() + 2 <= usize::from(cols))
                .collect();
            assert!(
                cut.is_empty(),
                "{args:?} at --width {cols}: ids cut or lost: {cut:?}\n{shown}"
            );
        }
    }
}

fn assert_fits(shown: &str, cols: u16, args: &[&str]) {
    for line in shown.lines() {
        assert!(
            line.width() <= usize::from(cols),
            "{args:?} at {cols} columns: a line of {} columns:\n{line}\n\nin:\n{shown}",
            line.width()
        );
    }
}

#[test]
fn error_messages_fit_the_terminal_too() {
    for args in ERRORS {
        let shown = strip_ansi(&on_terminal(60, args, &[]));
        assert!(shown.contains("error: "), "{args:?}: {shown}");
        assert!(
            shown.lines().count() > 1,
            "{args:?} wraps at 60 columns: {shown}"
        );
        assert_fits(&shown, 60, args);
    }
}

#[test]
fn wide_and_width_choose_the_layout() {
    let args = ["report", "examples", "--as-of", AS_OF, "--color", "never"];
    let full = piped(&args);
    assert!(
        full.lines().any(|l| l.width() > 120),
        "the full report is wide"
    );
    let wide = on_terminal(80, &[&args[..], &["--wide"]].concat(), &[]);
    assert_eq!(wide, full, "--wide on a terminal is the piped layout");
    let narrow = piped(&[&args[..], &["--width", "60"]].concat());
    assert!(narrow.lines().all(|l| l.width() <= 60), "{narrow}");
    assert!(narrow.lines().any(|l| l.width() > 50), "{narrow}");
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let args = ["report", "examples", "--as-of", AS_OF, "--band", "high"];
    let has_colour = |s: &str| s.contains("\u{1b}[");
    assert!(
        has_colour(&on_terminal(120, &args, &[])),
        "a terminal gets colour"
    );
    for env in [[("NO_COLOR", Some("1"))], [("TERM", Some("dumb"))]] {
        let out = on_terminal(120, &args, &env);
        assert!(!has_colour(&out), "{env:?}:\n{out}");
    }
    let never = on_terminal(120, &[&args[..], &["--color", "never"]].concat(), &[]);
    assert!(!has_colour(&never), "{never}");
    let always_over_env = on_terminal(
        120,
        &[&args[..], &["--color", "always"]].concat(),
        &[("NO_COLOR", Some("1"))],
    );
    assert!(
        has_colour(&always_over_env),
        "--color always beats NO_COLOR"
    );

    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(BIN);
        cmd.args(args).args(extra).env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8_lossy(&cmd.output().expect("run").stdout).into_owned()
    };
    assert!(!has_colour(&run(&[], &[])), "a pipe gets no colour");
    assert!(
        has_colour(&run(&[], &[("CLICOLOR_FORCE", "1")])),
        "CLICOLOR_FORCE=1 forces it"
    );
    assert!(!has_colour(&run(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(has_colour(&run(&["--color", "always"], &[])));
    // Colour never reaches a file.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.txt");
    let file_arg = file.to_str().expect("utf-8 path");
    run(&["--color", "always", "--output", file_arg], &[]);
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(!has_colour(&written), "{written}");
}

#[test]
fn every_command_takes_the_terminal_options() {
    for args in COMMANDS {
        let out = Command::new(BIN)
            .args(*args)
            .args(["--color", "never", "--width", "100"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run");
        assert!(
            out.status.code() != Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn coverage_cells_line_up() {
    let out = piped(&["coverage", "examples", "--as-of", AS_OF]);
    let mut lines = out.lines().skip_while(|l| !l.starts_with(" Role / person"));
    let header = lines.next().expect("the matrix header");
    // Where each competence column starts: its id in the header.
    let mut starts = Vec::new();
    let mut at = 0;
    let mut prev = ' ';
    for c in header.chars() {
        if prev == ' ' && c.is_ascii_digit() {
            starts.push(at);
        }
        at += c.to_string().width();
        prev = c;
    }
    assert!(starts.len() > 10, "{header}");
    let matrix: Vec<&str> = lines
        .skip(1)
        .take_while(|l| !l.starts_with('─'))
        .filter(|l| l.contains('/'))
        .collect();
    assert!(matrix.len() > 10, "{out}");
    for line in &matrix {
        let mut at = 0;
        for c in line.chars() {
            if c == '/' {
                assert!(
                    starts.iter().any(|s| s + 2 == at),
                    "a K/S pair out of line at column {at}:\n{header}\n{line}"
                );
            }
            at += c.to_string().width();
        }
    }
}
