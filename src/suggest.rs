//! "Did you mean": the candidates closest to a word that is not known.
//!
//! Closeness is, in order: the edit distance (a swap of two neighbouring
//! characters counts once), then the length of the shared beginning (`5.1`
//! is closer to `5.10` than to `5.2`). A candidate
//! is close enough when it is similar (Jaro–Winkler above 0.8), a third of
//! the word's length or less away, or the word abbreviates it (`lvl`,
//! `level`). Candidates exactly as close as the closest are all named, up
//! to three, the nearest to where the word would stand in the candidates'
//! order first (`5.14` → `5.13`, `5.12`, `5.11`).

use std::cmp::Ordering;

/// Most candidates named in one suggestion.
pub const MAX: usize = 3;

/// The closest `candidates` to `word` (see the module docs), in the order
/// to name them; empty when none is close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word_lc = word.to_lowercase();
    let all: Vec<&str> = candidates.into_iter().collect();
    // Where the word would stand among the candidates, in their order.
    let at = all
        .iter()
        .position(|c| natural_cmp(c, word) == Ordering::Greater)
        .unwrap_or(all.len());
    let mut best: Option<(usize, std::cmp::Reverse<usize>)> = None;
    let mut tied: Vec<(usize, &str)> = Vec::new();
    for (i, &c) in all.iter().enumerate() {
        let c_lc = c.to_lowercase();
        if c_lc == word_lc && c != word {
            // Only the case differs: that is the one.
            return vec![c];
        }
        let distance = strsim::osa_distance(&word_lc, &c_lc);
        let similarity = strsim::jaro_winkler(&word_lc, &c_lc);
        let close = similarity > 0.8
            || distance <= (word_lc.chars().count() / 3).max(1)
            || abbreviates(&word_lc, &c_lc);
        if !close || distance == 0 {
            continue;
        }
        let shared = word_lc
            .chars()
            .zip(c_lc.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let key = (distance, std::cmp::Reverse(shared));
        match best {
            Some(b) if key < b => {
                best = Some(key);
                tied.clear();
                tied.push((i, c));
            }
            Some(b) if key == b => tied.push((i, c)),
            Some(_) => {}
            None => {
                best = Some(key);
                tied.push((i, c));
            }
        }
    }
    // Nearest to the word's place first; before it wins a tie.
    tied.sort_by_key(|&(i, _)| (if i < at { at - i - 1 } else { i - at }, i >= at));
    tied.into_iter().take(MAX).map(|(_, c)| c).collect()
}

/// `word` (two characters or more) is `candidate` with letters left out,
/// the first kept: `lvl` for `level`.
fn abbreviates(word: &str, candidate: &str) -> bool {
    if word.chars().count() < 2 || word.chars().next() != candidate.chars().next() {
        return false;
    }
    let mut rest = candidate.chars();
    word.chars().all(|w| rest.any(|c| c == w))
}

/// Order of ids with numbers compared as numbers: `5.9` < `5.10` < `6.1.2`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, part)) if *d == digit => part.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    };
    let (pa, pb) = (parts(a), parts(b));
    for ((da, a), (db, b)) in pa.iter().zip(&pb) {
        let ord = match (da, db) {
            (true, true) => {
                let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
                a.len().cmp(&b.len()).then_with(|| a.cmp(b))
            }
            _ => a.cmp(b),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    pa.len().cmp(&pb.len())
}

/// " (did you mean `a`?)", " (did you mean `a` or `b`?)",
/// " (did you mean `a`, `b` or `c`?)", or nothing.
pub fn phrase(close: &[&str]) -> String {
    let quoted: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        [init @ .., last] => format!(" (did you mean {} or {last}?)", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &[&str] = &[
        "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13",
        "6.1.2", "6.1.3", "6.2.2", "6.2.3", "6.3.2", "6.4.2", "6.4.3", "6.5.2", "6.5.3", "6.5.4",
        "6.6.2", "6.6.3",
    ];

    fn names(word: &str, candidates: &[&str]) -> String {
        phrase(&closest(word, candidates.iter().copied()))
    }

    #[test]
    fn equally_close_candidates_are_named_nearest_first() {
        assert_eq!(
            names("5.14", CATALOG),
            " (did you mean `5.13`, `5.12` or `5.11`?)"
        );
        assert_eq!(names("6.5.33", CATALOG), " (did you mean `6.5.3`?)");
        assert_eq!(
            names("5.1", CATALOG),
            " (did you mean `5.10`, `5.11` or `5.12`?)"
        );
        assert_eq!(
            names("6.7.2", CATALOG),
            " (did you mean `6.6.2`, `6.5.2` or `6.4.2`?)"
        );
        assert_eq!(names("9.9.9.9", CATALOG), "");
    }

    #[test]
    fn short_typos_and_abbreviations_are_suggested() {
        let fields = &["level", "knowledge", "skill", "criticality"];
        assert_eq!(names("lvl", fields), " (did you mean `level`?)");
        assert_eq!(names("skil", fields), " (did you mean `skill`?)");
        assert_eq!(
            names("titel", &["id", "title", "description"]),
            " (did you mean `title`?)"
        );
        assert_eq!(
            names("CISO", &["ciso", "isms-manager"]),
            " (did you mean `ciso`?)"
        );
        assert_eq!(names("elf", &["elif", "fatima"]), " (did you mean `elif`?)");
        assert_eq!(names("zzz", fields), "");
    }

    #[test]
    fn ids_sort_with_numbers_as_numbers() {
        let mut ids = vec!["5.10", "6.1.2", "5.9", "5.2", "5.13"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["5.2", "5.9", "5.10", "5.13", "6.1.2"]);
    }
}
