//! Paper sizes, and the one list of their names (for the prescription, roster cells and
//! `--paper`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::Letter];

    /// The name a user writes.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// Other spellings that are accepted.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Paper::A4 => &[],
            Paper::Letter => &["us-letter", "us letter"],
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        let s = s.trim().to_lowercase();
        Paper::ALL.into_iter().find(|p| p.name() == s || p.aliases().contains(&s.as_str()))
    }

    /// "accepted: a4, letter"
    pub fn accepted() -> String {
        format!("accepted: {}", Paper::ALL.map(Paper::name).join(", "))
    }

    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases() {
        assert_eq!(Paper::parse(" Letter "), Some(Paper::Letter));
        assert_eq!(Paper::parse("us-letter"), Some(Paper::Letter));
        assert_eq!(Paper::parse("A4"), Some(Paper::A4));
        assert_eq!(Paper::parse("a5"), None);
        assert_eq!(Paper::accepted(), "accepted: a4, letter");
    }
}
