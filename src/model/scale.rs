//! The 0–5 proficiency scale and criticality weights.

use serde::Serialize;

/// Level names, index = level.
pub const LEVEL_NAMES: [&str; 6] = [
    "none",
    "aware",
    "foundation",
    "practitioner",
    "advanced",
    "expert",
];

/// What each level means, index = level.
pub const LEVEL_DESCRIPTORS: [&str; 6] = [
    "No knowledge or skill in the competence.",
    "Aware of the competence and its terms.",
    "Understands the competence and applies it under supervision.",
    "Applies the competence independently.",
    "Handles complex cases; guides and mentors others.",
    "Recognised authority; shapes practice.",
];

/// Parse a level written as a number (`0`–`5`) or a name (`practitioner`).
pub fn parse_level(s: &str) -> Option<u8> {
    let t = s.trim();
    if let Ok(n) = t.parse::<u8>() {
        return (n <= 5).then_some(n);
    }
    LEVEL_NAMES
        .iter()
        .position(|name| name.eq_ignore_ascii_case(t))
        .and_then(|i| u8::try_from(i).ok())
}

/// A knowledge level and a skill level (ISO/IEC 27021 clause 4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Levels {
    pub knowledge: u8,
    pub skill: u8,
}

impl Levels {
    pub const fn new(knowledge: u8, skill: u8) -> Self {
        Self { knowledge, skill }
    }

    /// Both dimensions at least those of `required`.
    pub fn meets(self, required: Levels) -> bool {
        self.knowledge >= required.knowledge && self.skill >= required.skill
    }

    /// The stricter of two requirements, per dimension.
    pub fn max(self, other: Levels) -> Levels {
        Levels::new(
            self.knowledge.max(other.knowledge),
            self.skill.max(other.skill),
        )
    }
}

/// How much a required competence matters for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    Desirable,
    #[default]
    Recommended,
    Mandatory,
}

impl Criticality {
    pub const NAMES: [&'static str; 3] = ["mandatory", "recommended", "desirable"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mandatory" => Some(Self::Mandatory),
            "recommended" => Some(Self::Recommended),
            "desirable" => Some(Self::Desirable),
            _ => None,
        }
    }

    /// The score weight: mandatory 3, recommended 2, desirable 1.
    pub fn weight(self) -> u32 {
        match self {
            Self::Mandatory => 3,
            Self::Recommended => 2,
            Self::Desirable => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mandatory => "mandatory",
            Self::Recommended => "recommended",
            Self::Desirable => "desirable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_as_numbers_or_names() {
        assert_eq!(parse_level("3"), Some(3));
        assert_eq!(parse_level("practitioner"), Some(3));
        assert_eq!(parse_level("Expert"), Some(5));
        assert_eq!(parse_level("6"), None);
        assert_eq!(parse_level("-1"), None);
        assert_eq!(parse_level("guru"), None);
    }
}
