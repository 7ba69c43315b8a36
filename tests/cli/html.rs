//! `report --format html` and `compare --format html`, read back the way
//! their readers see them: in headless Chromium (`--dump-dom`, the DOM after
//! the page's script ran) where a browser is installed, and with an HTML5
//! parser for what needs no script.
//!
//! Without a browser the browser tests print why and pass; with
//! `COMPGAP_REQUIRE_BROWSER=1` (as in CI) they fail instead.
//! `COMPGAP_BROWSER` names the browser binary to use.

use crate::common::files;

use assert_cmd::Command;
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const AS_OF: &str = "2026-11-23";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn path(rel: &str) -> String {
    root().join(rel).display().to_string()
}

/// Run compgap; its stdout.
fn compgap(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("compgap")
        .expect("binary")
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run compgap");
    assert!(
        out.status.success(),
        "compgap {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&compgap(args)).expect("JSON output")
}

/// Write the HTML page of `args` into `dir` as `name`; its path.
fn page(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let file = dir.join(name);
    let mut all: Vec<&str> = args.to_vec();
    let out = file.display().to_string();
    all.extend(["--format", "html", "--as-of", AS_OF, "-o", &out]);
    compgap(&all);
    file
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

// ---------------------------------------------------------------------------
// The browser.

/// The headless browser to use, or `None` (the caller skips) unless
/// `COMPGAP_REQUIRE_BROWSER=1`, which makes a missing browser a failure.
fn browser() -> Option<PathBuf> {
    let found = std::env::var_os("COMPGAP_BROWSER")
        .map(PathBuf::from)
        .or_else(|| {
            let names = [
                "chromium",
                "chromium-browser",
                "chromium-headless-shell",
                "google-chrome",
                "headless_shell",
            ];
            let dirs: Vec<PathBuf> = std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect())
                .unwrap_or_default();
            names
                .iter()
                .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
                .find(|p| p.is_file())
        });
    if found.is_none() {
        assert!(
            std::env::var("COMPGAP_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "COMPGAP_REQUIRE_BROWSER=1 but no browser was found: install Debian's `chromium` or set COMPGAP_BROWSER"
        );
        eprintln!(
            "skipped: no headless browser (chromium) on PATH; install it or set COMPGAP_BROWSER to run this test"
        );
    }
    found
}

/// The DOM of `file` after its scripts ran, as Chromium serializes it.
fn dump_dom(browser: &Path, file: &Path) -> Html {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the browser");
    // A guard against a browser that never exits, not a timing assertion.
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut { stdout }, &mut s).map(|_| s)
    });
    let mut waited = Duration::ZERO;
    while child.try_wait().expect("wait").is_none() {
        if waited > Duration::from_secs(120) {
            let _ = child.kill();
            panic!(
                "the browser did not finish rendering {} (a script dialog such as alert() keeps it waiting)",
                file.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
        waited += Duration::from_millis(100);
    }
    let dom = reader.join().expect("reader").expect("read the DOM");
    assert!(
        dom.contains("</html>"),
        "the browser printed no DOM for {}",
        file.display()
    );
    Html::parse_document(&dom)
}

/// A copy of `file` that runs `script` after the page's own script, at the
/// end of its body: how a test clicks before the DOM is dumped.
fn with_script(file: &Path, script: &str) -> PathBuf {
    let html = std::fs::read_to_string(file).expect("page");
    let at = html.rfind("</body>").expect("a body");
    let out = file.with_file_name(format!(
        "{}-clicked.html",
        file.file_stem().expect("name").to_string_lossy()
    ));
    let page = format!("{}<script>{script}</script>{}", &html[..at], &html[at..]);
    std::fs::write(&out, page).expect("write the copy");
    out
}

/// A copy of `file` whose `alert`, `confirm` and `prompt` mark the page
/// instead of opening a dialog (which would stop the browser from ever
/// printing the DOM), installed before anything else on the page runs.
fn without_dialogs(file: &Path) -> PathBuf {
    let html = std::fs::read_to_string(file).expect("page");
    let at = html.find("<head>").expect("a head") + "<head>".len();
    let out = file.with_file_name(format!(
        "{}-no-dialogs.html",
        file.file_stem().expect("name").to_string_lossy()
    ));
    let stub = "<script id=\"test-stub\">['alert','confirm','prompt'].forEach(function (f) { \
        window[f] = function (m) { document.documentElement.setAttribute('data-' + f, String(m)); }; });</script>";
    std::fs::write(&out, format!("{}{stub}{}", &html[..at], &html[at..])).expect("write");
    out
}

// ---------------------------------------------------------------------------
// What the pages hold.

/// (person, competence) → status of every heat map cell that has one.
fn heat_cells(dom: &Html) -> BTreeMap<(String, String), String> {
    let mut cells = BTreeMap::new();
    let mut count = 0;
    for td in dom.select(&sel("table.heat td[data-status]")) {
        let a = |n: &str| td.value().attr(n).expect("attribute").to_string();
        cells.insert((a("data-person"), a("data-competence")), a("data-status"));
        count += 1;
    }
    assert_eq!(count, cells.len(), "each person × competence cell once");
    cells
}

/// The same map from `coverage --format json`: each person's required cells.
fn coverage_cells(coverage: &Value) -> BTreeMap<(String, String), String> {
    let mut cells = BTreeMap::new();
    for row in coverage["matrix"].as_array().expect("matrix") {
        for cell in row["cells"].as_array().expect("cells") {
            if cell["required"].is_null() {
                continue;
            }
            let s = |v: &Value| v.as_str().expect("string").to_string();
            cells.insert(
                (s(&row["person"]), s(&cell["competence"])),
                s(&cell["status"]),
            );
        }
    }
    cells
}

/// The text of each row of a table's body, cell by cell.
fn rows(dom: &Html, table: &str) -> Vec<Vec<String>> {
    dom.select(&sel(&format!("{table} tbody tr")))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect()
}

#[test]
fn heat_map_cells_are_people_times_required_competences_with_the_coverage_status() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = page(dir.path(), "report.html", &["report", &path("examples")]);
    let dom = dump_dom(&browser, &file);
    let expected = coverage_cells(&json(&[
        "coverage",
        &path("examples"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]));
    let cells = heat_cells(&dom);
    // 13 people, 11 with roles; 97 person × required competence pairs.
    assert_eq!(cells.len(), 97);
    assert_eq!(cells, expected);
    for status in ["met", "short", "missing"] {
        assert!(cells.values().any(|s| s == status), "some cell is {status}");
    }
    // Colour is not the only carrier: each cell says it in text and title.
    for td in dom.select(&sel("table.heat td[data-status]")) {
        let text: String = td.text().collect();
        let title = td.value().attr("title").expect("a title");
        assert!(title.starts_with("required "), "{title}");
        match td.value().attr("data-status") {
            Some("met") => assert!(text.ends_with('✓') && title.ends_with("met")),
            Some("missing") => assert!(text.ends_with('✗') && title.ends_with("missing")),
            _ => assert!(text.contains(" -") && title.contains("short by")),
        }
    }
    // The bus factor chart has a bar per required competence, 6.5.2 uncovered.
    let bars: Vec<_> = dom.select(&sel("#bus-chart g.bus")).collect();
    assert_eq!(bars.len(), 24);
    let uncovered: Vec<_> = bars
        .iter()
        .filter(|g| g.value().attr("data-status") == Some("uncovered"))
        .map(|g| g.value().attr("data-competence").expect("competence"))
        .collect();
    assert_eq!(uncovered, ["6.5.2"]);
    // Plans are collapsed: one per person with a gap.
    let plans = dom.select(&sel("details.plan")).count();
    let plan_json = json(&[
        "plan",
        &path("examples"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(plans, plan_json["plans"].as_array().expect("plans").len());
    assert_eq!(dom.select(&sel("details.plan[open]")).count(), 0);
}

#[test]
fn clicking_a_column_heading_sorts_the_table() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = page(dir.path(), "report.html", &["report", &path("examples")]);
    let before = rows(&dump_dom(&browser, &file), "#gap-table");
    assert!(before.len() > 10);

    // Person (2nd column), once: ascending, ties in report order.
    let click = |n: usize, times: usize| {
        format!(
            "var th = document.querySelector('#gap-table thead th:nth-child({n})');{}",
            "th.click();".repeat(times)
        )
    };
    let dom = dump_dom(&browser, &with_script(&file, &click(2, 1)));
    let mut expected = before.clone();
    expected.sort_by(|a, b| a[1].cmp(&b[1]));
    assert_ne!(expected, before, "the report order is not by person");
    assert_eq!(rows(&dom, "#gap-table"), expected);
    let th = dom
        .select(&sel("#gap-table thead th:nth-child(2)"))
        .next()
        .expect("heading");
    assert_eq!(th.value().attr("aria-sort"), Some("ascending"));

    // Twice: descending.
    let dom = dump_dom(&browser, &with_script(&file, &click(2, 2)));
    expected.sort_by(|a, b| b[1].cmp(&a[1]));
    assert_eq!(rows(&dom, "#gap-table"), expected);

    // Gap (7th column) sorts as numbers.
    let dom = dump_dom(&browser, &with_script(&file, &click(7, 1)));
    let mut expected = before.clone();
    expected.sort_by_key(|r| r[6].parse::<u32>().expect("a gap"));
    assert_ne!(expected, before);
    assert_eq!(rows(&dom, "#gap-table"), expected);

    // The team actions table too.
    let script = "document.querySelector('#team-table thead th:nth-child(3)').click();";
    let team_before = rows(&dump_dom(&browser, &file), "#team-table");
    let dom = dump_dom(&browser, &with_script(&file, script));
    let mut expected = team_before.clone();
    expected.sort_by(|a, b| a[2].cmp(&b[2]));
    assert_ne!(expected, team_before);
    assert_eq!(rows(&dom, "#team-table"), expected);
}

/// No element, attribute or script of the page comes from the input.
fn assert_nothing_injected(dom: &Html, what: &str) {
    for bad in ["img", "iframe", "svg svg", "b", "object", "embed"] {
        assert_eq!(
            dom.select(&sel(bad)).count(),
            0,
            "{what}: an injected `{bad}` element"
        );
    }
    assert_eq!(
        dom.select(&sel("script:not(#test-stub)")).count(),
        1,
        "{what}: one script"
    );
    for f in ["alert", "confirm", "prompt"] {
        let called = dom.root_element().value().attr(&format!("data-{f}"));
        assert!(
            called.is_none(),
            "{what}: injected code called {f}({called:?})"
        );
    }
    assert_eq!(dom.select(&sel("style")).count(), 1, "{what}: one style");
    for el in dom.select(&sel("*")) {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on") && name != "autofocus",
                "{what}: an injected `{name}` attribute on <{}>",
                el.value().name()
            );
        }
    }
}

#[test]
fn hostile_names_show_as_text_and_create_no_element() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = path("tests/fixtures/html-hostile");
    let report = page(dir.path(), "report.html", &["report", &hostile]);
    let dom = dump_dom(&browser, &without_dialogs(&report));
    assert_nothing_injected(&dom, "report");
    let names: Vec<String> = rows(&dom, "#gap-table")
        .into_iter()
        .map(|r| r[2].clone())
        .collect();
    assert!(names.contains(&"<img src=x onerror=alert(1)>".to_string()));
    assert!(names.contains(&"\" onclick=\"alert(11)\" data-status=\"met".to_string()));
    let summaries: String = dom
        .select(&sel("details.plan summary"))
        .flat_map(|s| s.text())
        .collect();
    assert!(summaries.contains("<img src=x onerror=alert(1)> (mallory)"));
    let row_titles: Vec<&str> = dom
        .select(&sel("table.heat tbody th.who[title]"))
        .filter_map(|th| th.value().attr("title"))
        .collect();
    assert!(row_titles.contains(&"</script><script>alert(8)</script>"));
    // The attribute break-out did not forge a status.
    let cells = heat_cells(&dom);
    let expected = coverage_cells(&json(&[
        "coverage", &hostile, "--as-of", AS_OF, "--format", "json",
    ]));
    assert_eq!(cells, expected);
    let title = dom
        .select(&sel("table.heat thead th[title]"))
        .find_map(|th| th.value().attr("title").filter(|t| t.contains("img")))
        .expect("the competence title");
    assert_eq!(title, "<img src=x onerror=alert(1)>");

    let compare = page(
        dir.path(),
        "compare.html",
        &["compare", &path("tests/fixtures/small"), &hostile],
    );
    let dom = dump_dom(&browser, &without_dialogs(&compare));
    assert_nothing_injected(&dom, "compare");
    let people = rows(&dom, "#people-table");
    assert!(
        people
            .iter()
            .any(|r| r[1] == "</script><script>alert(8)</script>" && r[5] == "joined")
    );
}

#[test]
fn compare_page_headline_and_chart_match_the_engine() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (path("examples/previous-round"), path("examples"));
    let file = page(dir.path(), "compare.html", &["compare", &old, &new]);
    let dom = dump_dom(&browser, &file);
    let c = json(&["compare", &old, &new, "--as-of", AS_OF, "--format", "json"]);
    let text = |s: &str| -> String {
        dom.select(&sel(s))
            .next()
            .expect("element")
            .text()
            .collect()
    };
    let s = &c["summary"];
    assert_eq!(
        text("#points-before"),
        s["total_gap_points_before"].to_string()
    );
    assert_eq!(
        text("#points-after"),
        s["total_gap_points_after"].to_string()
    );
    assert_eq!(
        text("#percent-closed"),
        format!("{:.1}% closed", s["percentage_closed"].as_f64().expect("%"))
    );
    // The chart's bars: each round's gap points by band, from its own report.
    for (round, ws) in [("before", &old), ("after", &new)] {
        let report = json(&["report", ws, "--as-of", AS_OF, "--format", "json"]);
        let mut total = 0;
        for band in ["high", "medium", "low"] {
            let points: u64 = report["gaps"]
                .as_array()
                .expect("gaps")
                .iter()
                .filter(|g| g["band"] == band)
                .map(|g| g["gap"].as_u64().expect("gap"))
                .sum();
            let bar = dom
                .select(&sel(&format!(
                    "#band-chart g[data-band={band}] rect[data-round={round}]"
                )))
                .next()
                .expect("a bar");
            assert_eq!(bar.value().attr("data-points"), Some(&*points.to_string()));
            total += points;
        }
        assert_eq!(total, report["summary"]["total_gap_points"]);
    }
    // Per person: everyone with a requirement in either round.
    let people = rows(&dom, "#people-table");
    assert!(people.iter().all(|r| r[0] != "lena"), "lena has no role");
    let improved: Vec<&str> = people
        .iter()
        .filter(|r| r[5] == "improved")
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        Value::from(improved),
        s["people_improved"],
        "people improved"
    );
    // Gaps closed and opened.
    assert_eq!(
        rows(&dom, "#closed-table").len() as u64,
        s["gaps_closed"].as_u64().expect("closed")
    );
    assert_eq!(dom.select(&sel("#opened-table")).count(), 0);
    assert_nothing_injected(&dom, "compare");
}

// ---------------------------------------------------------------------------
// Without a browser.

#[test]
fn the_pages_are_byte_identical_for_the_same_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, args) in [
        ("report", vec!["report", "examples"]),
        (
            "compare",
            vec!["compare", "examples/previous-round", "examples"],
        ),
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("examples") {
                    path(a)
                } else {
                    a.to_string()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let a = std::fs::read(page(dir.path(), &format!("{name}-1.html"), &args)).expect("1");
        let b = std::fs::read(page(dir.path(), &format!("{name}-2.html"), &args)).expect("2");
        assert!(a == b, "{name}: two runs differ");
        let mut stdout_args = args.clone();
        stdout_args.extend(["--format", "html", "--as-of", AS_OF]);
        assert!(compgap(&stdout_args) == a, "{name}: stdout and -o differ");
    }
}

#[test]
fn the_pages_are_self_contained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        page(dir.path(), "report.html", &["report", &path("examples")]),
        page(
            dir.path(),
            "compare.html",
            &[
                "compare",
                &path("examples/previous-round"),
                &path("examples"),
            ],
        ),
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("page");
        let dom = Html::parse_document(&text);
        assert_eq!(
            dom.select(&sel("link, img, iframe, object, embed")).count(),
            0
        );
        for el in dom.select(&sel("[src], [href]")) {
            let href = el.value().attr("href").unwrap_or("#");
            assert!(
                el.value().attr("src").is_none() && href.starts_with('#'),
                "{}: an external reference on <{}>",
                file.display(),
                el.value().name()
            );
        }
        for external in ["@import", "url(http", "url(//", "//fonts."] {
            assert!(!text.contains(external), "{}: {external}", file.display());
        }
        assert!(text.contains("@media print"), "print styles");
        // No inline styles: colours are classes (and the page stays small).
        assert_eq!(dom.select(&sel("[style]")).count(), 0);
    }
}

#[test]
fn role_and_person_selections_show_their_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = path("examples");
    let file = page(
        dir.path(),
        "role.html",
        &["report", &ws, "--role", "isms-manager"],
    );
    let dom = Html::parse_document(&std::fs::read_to_string(file).expect("page"));
    let coverage = json(&[
        "coverage",
        &ws,
        "--role",
        "isms-manager",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(heat_cells(&dom), coverage_cells(&coverage));
    let plans: Vec<_> = dom
        .select(&sel("details.plan"))
        .map(|d| d.value().attr("data-person").expect("person").to_string())
        .collect();
    assert_eq!(plans, ["chloe", "henrik"]);

    let file = page(
        dir.path(),
        "person.html",
        &["report", &ws, "--person", "chloe"],
    );
    let dom = Html::parse_document(&std::fs::read_to_string(file).expect("page"));
    let all = coverage_cells(&json(&[
        "coverage", &ws, "--as-of", AS_OF, "--format", "json",
    ]));
    let chloe: BTreeMap<_, _> = all.into_iter().filter(|((p, _), _)| p == "chloe").collect();
    assert_eq!(heat_cells(&dom), chloe);
    // Only her columns, and she is drawn once.
    let columns = dom.select(&sel("table.heat thead th")).count() - 1;
    assert_eq!(columns, chloe.len());
    assert_eq!(dom.select(&sel("table.heat td.see")).count(), 1);
    assert_eq!(dom.select(&sel("details.plan")).count(), 1);
    assert!(rows(&dom, "#gap-table").iter().all(|r| r[1] == "chloe"));
}

/// A generated organization of `n` people with the roles of `examples/`.
fn organization(dir: &Path, n: usize) {
    let people = dir.join("people");
    std::fs::create_dir_all(&people).expect("people");
    std::fs::create_dir_all(dir.join("roles")).expect("roles");
    let mut roles = Vec::new();
    for e in std::fs::read_dir(root().join("examples/roles")).expect("roles") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, dir.join("roles").join(p.file_name().expect("name"))).expect("copy");
        roles.push(p.file_stem().expect("stem").to_string_lossy().to_string());
    }
    roles.sort();
    let competences = [
        "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13",
        "6.1.2", "6.1.3", "6.2.2", "6.2.3", "6.3.2", "6.4.2", "6.4.3", "6.5.2", "6.5.3", "6.5.4",
        "6.6.2", "6.6.3",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    for i in 0..n {
        let mut s = format!("person: p{i:04}\nname: Person Number {i}\n");
        let first = next(roles.len() as u64) as usize;
        let second = next(roles.len() as u64) as usize;
        let mine = if next(5) == 0 && second != first {
            format!("{}, {}", roles[first], roles[second])
        } else {
            roles[first].clone()
        };
        s.push_str(&format!(
            "roles: [{mine}]\nassessed_on: 2026-0{}-15\nmethod: self\ncompetences:\n",
            1 + next(9)
        ));
        for c in competences {
            if next(6) == 0 {
                continue;
            }
            let k = next(6);
            s.push_str(&format!(
                "  {c}: {{knowledge: {k}, skill: {}}}\n",
                k.saturating_sub(next(2))
            ));
        }
        std::fs::write(people.join(format!("p{i:04}.yaml")), s).expect("person");
    }
}

#[test]
fn a_thousand_people_make_a_page_of_a_few_megabytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = dir.path().join("org");
    organization(&ws, 1000);
    let ws = ws.display().to_string();
    let file = page(dir.path(), "report.html", &["report", &ws]);
    let size = std::fs::metadata(&file).expect("page").len();
    eprintln!("report --format html, 1,000 people: {size} bytes");
    assert!(size < 12 * 1024 * 1024, "{size} bytes");
    let dom = Html::parse_document(&std::fs::read_to_string(&file).expect("page"));
    let coverage = json(&["coverage", &ws, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(heat_cells(&dom), coverage_cells(&coverage));
    assert!(dom.select(&sel("table.heat tbody th.who")).count() >= 1000);
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// The `#rrggbb` value of `property` in a CSS declaration block.
fn hex_of(block: &str, property: &str) -> Option<String> {
    block.split(';').find_map(|decl| {
        let (name, value) = decl.split_once(':')?;
        (name.trim() == property)
            .then(|| value.trim().to_string())
            .filter(|v| v.len() == 7 && v.starts_with('#'))
    })
}

#[test]
fn text_colours_have_readable_contrast() {
    let html = String::from_utf8(compgap(&[
        "report",
        &path("examples"),
        "--as-of",
        AS_OF,
        "--format",
        "html",
    ]))
    .expect("UTF-8");
    let css = &html[html.find("<style>").expect("style")..html.find("</style>").expect("end")];
    let mut checked = 0;
    for rule in css.split('}') {
        let Some((selector, block)) = rule.split_once('{') else {
            continue;
        };
        let Some(fg) = hex_of(block, "color") else {
            continue;
        };
        let bg = hex_of(block, "background").unwrap_or_else(|| "#ffffff".to_string());
        let (a, b) = (luminance(&fg), luminance(&bg));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        // WCAG AA for text; the heat map cells (with a background) reach AAA.
        let needed = if hex_of(block, "background").is_some() {
            7.0
        } else {
            4.5
        };
        assert!(
            ratio >= needed,
            "`{}`: {fg} on {bg} has contrast {ratio:.2}, below {needed}",
            selector.trim()
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked} colour rules checked");
}

/// A name with terminal controls (retitle, clear the screen), a C1 control
/// and a line separator: on the page it is visible `\u{…}` text, and the
/// page holds no control character but line breaks, so that printed on a
/// terminal (no `-o`) it cannot drive it.
#[test]
fn control_characters_in_names_show_as_escapes_on_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    files::copy_dir(&root().join("examples"), &ws);
    let elif = ws.join("people/elif.yaml");
    let text = std::fs::read_to_string(&elif).expect("read");
    let text = text.replace(
        "name: Elif Yılmaz",
        r#"name: "Elif\e]0;PWNED\a\e[2J\u0085\u2028\u202e end""#,
    );
    std::fs::write(&elif, text).expect("write");
    let ws = ws.display().to_string();
    let pages = [
        compgap(&["report", &ws, "--as-of", AS_OF, "--format", "html"]),
        compgap(&[
            "compare",
            &path("examples/previous-round"),
            &ws,
            "--as-of",
            AS_OF,
            "--format",
            "html",
        ]),
    ];
    for page in pages {
        let page = String::from_utf8(page).expect("UTF-8");
        let hidden: Vec<char> = page
            .chars()
            .filter(|&c| {
                (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{202e}')
            })
            .collect();
        assert!(
            hidden.is_empty(),
            "control characters on the page: {hidden:?}"
        );
        assert!(
            page.contains(r"Elif\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{85}\u{2028}\u{202e} end"),
            "the name is not shown escaped"
        );
    }
}
