//! Scale benchmark: a generated organization of N people, timed end to end.
//!
//! ```sh
//! cargo bench --bench scale                       # N = 1,000, 10,000, 100,000
//! cargo bench --bench scale -- 1000 10000         # chosen sizes
//! cargo bench --bench scale -- --runs 5 10000     # more runs per figure
//! ```
//!
//! For each N it writes a workspace under `target/bench-org/N/` (the roles
//! and policy of `examples/`, N people with 20–24 assessed competences each,
//! most claims at level 3 or above with evidence, deterministic), then measures:
//!
//! - **floor**: reading every assessment file and deserializing it into
//!   typed structs with `serde_yaml_ng` (a libyaml-class parser) on one
//!   thread — what it costs merely to parse the input;
//! - `compgap report`, `compgap validate` and `compgap evidence` on the
//!   workspace, as the release binary, with wall time and peak memory
//!   (from `/usr/bin/time` where it exists).
//!
//! Figures are medians over `--runs` runs (default 3) and are printed as a
//! Markdown table with each command's ratio to the floor. This is run by
//! hand, never as a test: timings depend on the machine.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-23";

fn main() {
    let mut runs = 3usize;
    let mut sizes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--runs" => runs = args.next().and_then(|s| s.parse().ok()).unwrap_or(runs),
            s => match s.replace(['_', ','], "").parse::<usize>() {
                Ok(n) => sizes.push(n),
                Err(_) => {
                    eprintln!("usage: cargo bench --bench scale -- [--runs K] [N ...]");
                    std::process::exit(2);
                }
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_compgap"));
    let time = Path::new("/usr/bin/time").exists();
    println!(
        "| people | input MiB | floor (1 thread) | report | report/floor | validate | validate/floor | evidence | evidence/floor | report peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let ws = root.join("target/bench-org").join(n.to_string());
        let bytes = generate(root, &ws, n);
        let floor = median(runs, || {
            let t = Instant::now();
            let parsed = floor_parse(&ws.join("people"));
            assert_eq!(parsed, n, "floor parsed every assessment");
            t.elapsed()
        });
        let out = ws.with_extension("bundle");
        let mut rss = String::from("n/a");
        let report = median(runs, || {
            let (d, peak) = run(&bin, time, &["report", path(&ws), "--as-of", AS_OF]);
            if let Some(kib) = peak {
                rss = format!("{:.0} MiB", kib as f64 / 1024.0);
            }
            d
        });
        let validate = median(runs, || {
            run(&bin, time, &["validate", path(&ws), "--as-of", AS_OF]).0
        });
        let evidence = median(runs, || {
            let args = [
                "evidence",
                path(&ws),
                "--as-of",
                AS_OF,
                "--out",
                path(&out),
                "--force",
            ];
            run(&bin, time, &args).0
        });
        let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
        println!(
            "| {n} | {:.1} | {} | {} | {:.2} | {} | {:.2} | {} | {:.2} | {rss} |",
            bytes as f64 / (1024.0 * 1024.0),
            secs(floor),
            secs(report),
            ratio(report),
            secs(validate),
            ratio(validate),
            secs(evidence),
            ratio(evidence),
        );
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("benchmark paths are UTF-8")
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| f()).collect();
    times.sort();
    times[times.len() / 2]
}

/// Run compgap, check it succeeded, and return its wall time and peak RSS (KiB).
fn run(bin: &Path, time: bool, args: &[&str]) -> (Duration, Option<u64>) {
    let rss_file = std::env::temp_dir().join("compgap-bench-rss");
    let mut cmd = if time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args).stdout(std::process::Stdio::null());
    let t = Instant::now();
    let status = cmd.status().expect("run compgap");
    let elapsed = t.elapsed();
    // validate exits 1 on warnings only with --strict; 0 or 1 are both a run.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "compgap {args:?} failed: {status}"
    );
    let peak = time
        .then(|| std::fs::read_to_string(&rss_file).ok())
        .flatten()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
    (elapsed, peak)
}

// ---------------------------------------------------------------------------
// The floor: typed deserialization with serde_yaml_ng, one thread.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Assessment {
    person: String,
    name: String,
    roles: Vec<String>,
    assessed_on: String,
    method: String,
    assessor: Option<String>,
    competences: BTreeMap<String, Held>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Held {
    level: Option<Level>,
    knowledge: Option<Level>,
    skill: Option<Level>,
    #[serde(default)]
    evidence: Vec<Evidence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Evidence {
    kind: String,
    name: String,
    date: Option<String>,
    expires: Option<String>,
}

/// A level written as a number or a name, read without buffering.
struct Level(#[allow(dead_code)] u8);

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Level;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a level")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Level, E> {
                u8::try_from(v).map(Level).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Level, E> {
                LEVELS
                    .iter()
                    .position(|l| *l == v)
                    .map(|i| Level(i as u8))
                    .ok_or_else(|| E::custom("unknown level"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Read and deserialize every assessment in `dir`; the number parsed.
fn floor_parse(dir: &Path) -> usize {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("people folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut n = 0;
    for f in files {
        let text = std::fs::read(&f).expect("read");
        let a: Assessment = serde_yaml_ng::from_slice(&text).expect("floor parses");
        n += usize::from(!a.competences.is_empty());
    }
    n
}

// ---------------------------------------------------------------------------
// The generated organization.

use compgap::model::scale::LEVEL_NAMES as LEVELS;

const COMPETENCES: [&str; 24] = [
    "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13",
    "6.1.2", "6.1.3", "6.2.2", "6.2.3", "6.3.2", "6.4.2", "6.4.3", "6.5.2", "6.5.3", "6.5.4",
    "6.6.2", "6.6.3",
];

const EVIDENCE: [(&str, &str); 6] = [
    ("qualification", "ISO/IEC 27001 Lead Implementer"),
    ("qualification", "CISSP"),
    ("training", "Risk assessment workshop (two days)"),
    ("training", "Internal auditor course"),
    ("experience", "Led the annual management review"),
    ("experience", "Ran the supplier security assessments"),
];

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Write the workspace for `n` people (unless already there); total bytes of people files.
fn generate(root: &Path, ws: &Path, n: usize) -> u64 {
    let people = ws.join("people");
    // The marker names the generator version, so that a changed generator
    // writes the organization anew.
    let marker = ws.join(".complete-v2");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(ws);
        std::fs::create_dir_all(&people).expect("mkdir people");
        std::fs::create_dir_all(ws.join("roles")).expect("mkdir roles");
        let examples = root.join("examples");
        std::fs::copy(examples.join("compgap.yaml"), ws.join("compgap.yaml")).expect("copy");
        let mut roles = Vec::new();
        for e in std::fs::read_dir(examples.join("roles")).expect("roles") {
            let p = e.expect("entry").path();
            let name = p.file_name().expect("name").to_owned();
            std::fs::copy(&p, ws.join("roles").join(&name)).expect("copy role");
            roles.push(name.to_string_lossy().trim_end_matches(".yaml").to_string());
        }
        roles.sort();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
        for i in 0..n {
            let id = format!("p{i:06}");
            let text = person(&mut rng, &id, &roles, n);
            std::fs::write(people.join(format!("{id}.yaml")), text).expect("write person");
        }
        std::fs::write(&marker, "").expect("marker");
    }
    std::fs::read_dir(&people)
        .expect("people")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum()
}

fn person(rng: &mut Rng, id: &str, roles: &[String], n: usize) -> String {
    let mut s = String::with_capacity(2048);
    let _ = writeln!(s, "person: {id}");
    let _ = writeln!(s, "name: Person {id}");
    let mut mine = vec![roles[rng.below(roles.len() as u64) as usize].as_str()];
    if rng.below(5) == 0 {
        let other = roles[rng.below(roles.len() as u64) as usize].as_str();
        if other != mine[0] {
            mine.push(other);
        }
    }
    let _ = writeln!(s, "roles: [{}]", mine.join(", "));
    let _ = writeln!(
        s,
        "assessed_on: 2026-{:02}-{:02}",
        1 + rng.below(10),
        1 + rng.below(28)
    );
    let method = ["self", "manager", "independent"][rng.below(3) as usize];
    let _ = writeln!(s, "method: {method}");
    if method != "self" {
        let _ = writeln!(s, "assessor: p{:06}", rng.below(n as u64));
    }
    let _ = writeln!(s, "competences:");
    let skip = rng.below(5) as usize; // 20–24 assessed competences
    for (i, c) in COMPETENCES.iter().enumerate() {
        if i % 6 == 5 && i / 6 < skip {
            continue;
        }
        let k = rng.below(6) as usize;
        let sk = k.saturating_sub(rng.below(2) as usize);
        // Most claims at practitioner or above carry evidence, as they should.
        let evidence = if k >= 3 {
            rng.below(5) != 0
        } else {
            rng.below(6) == 0
        };
        match (evidence, k == sk, rng.below(2) == 0) {
            (false, true, true) => {
                let _ = writeln!(s, "  {c}: {{level: {k}}}");
            }
            (false, true, false) => {
                let _ = writeln!(s, "  {c}: {{level: {}}}", LEVELS[k]);
            }
            (false, false, _) => {
                let _ = writeln!(s, "  {c}: {{knowledge: {k}, skill: {sk}}}");
            }
            (true, _, _) => {
                let _ = writeln!(s, "  {c}:");
                let _ = writeln!(s, "    knowledge: {}", LEVELS[k]);
                let _ = writeln!(s, "    skill: {sk}");
                let _ = writeln!(s, "    evidence:");
                for _ in 0..=rng.below(2) {
                    let (kind, name) = EVIDENCE[rng.below(EVIDENCE.len() as u64) as usize];
                    let year = 2021 + rng.below(5);
                    let _ = write!(
                        s,
                        "      - {{kind: {kind}, name: {name}, date: {year}-{:02}-15",
                        1 + rng.below(12)
                    );
                    if kind == "qualification" {
                        let _ = write!(s, ", expires: {}-06-30", year + 3);
                    }
                    s.push_str("}\n");
                }
            }
        }
    }
    s
}
