//! The input files exactly as written: serde types, no defaults applied, nothing checked
//! beyond shape. `resolve` turns these into a `Handout`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A prescription: one handout for one patient.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    pub title: Option<String>,
    pub patient: Option<String>,
    pub date: Option<String>,
    pub clinician: Option<String>,
    pub brand: Option<BrandRef>,
    pub paper: Option<String>,
    pub notes: Option<String>,
    /// An extra library file whose exercises are added to (or replace) the built-in ones.
    pub library: Option<String>,
    #[serde(default)]
    pub exercises: Vec<ExerciseEntry>,
    pub safety: Option<SafetyOverride>,
    pub seek_help: Option<SeekHelpOverride>,
    /// Language code for labels and the built-in library's text (`en`, `es`).
    pub language: Option<String>,
    /// Bigger type and pictures, one exercise per row.
    pub large_print: Option<bool>,
    /// `list` (one card per row) or `compact` (two cards per row).
    pub layout: Option<String>,
    /// Days in the exercise log (a tick grid), if wanted.
    pub log: Option<Scalar>,
}

/// `brand: brand.yaml` or an inline brand mapping.
#[derive(Debug, Clone)]
pub enum BrandRef {
    File(String),
    Inline(Box<Brand>),
}

/// `- bridge` or `- id: bridge` with overrides, or a custom exercise written inline.
#[derive(Debug, Clone)]
pub enum ExerciseEntry {
    Id(String),
    Spec(Box<ExerciseSpec>),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseSpec {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub position: Option<String>,
    pub steps: Option<Vec<String>>,
    pub cautions: Option<Vec<String>>,
    pub image: Option<String>,
    pub notes: Option<String>,
    /// A video link, printed as a QR code on the card.
    pub video: Option<String>,
    pub hold: Option<Scalar>,
    pub reps: Option<Scalar>,
    pub sets: Option<Scalar>,
    pub sides: Option<String>,
    pub frequency: Option<String>,
    pub rest: Option<Scalar>,
}

impl ExerciseSpec {
    /// The dosage overrides written on this entry.
    pub fn dosage(&self) -> Dosage {
        Dosage {
            hold: self.hold.clone(),
            reps: self.reps.clone(),
            sets: self.sets.clone(),
            sides: self.sides.clone(),
            frequency: self.frequency.clone(),
            rest: self.rest.clone(),
        }
    }
}

/// Dosage fields as written. Values are checked in `resolve`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dosage {
    pub hold: Option<Scalar>,
    pub reps: Option<Scalar>,
    pub sets: Option<Scalar>,
    pub sides: Option<String>,
    pub frequency: Option<String>,
    pub rest: Option<Scalar>,
}

/// A number or a piece of text (`30`, `30s`, `8-12`); parsed in `resolve` so the error can say
/// what forms are accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a short text such as `30s` or `8-12`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `safety:` in a prescription: add to the library's safety note, replace it, or leave it out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyOverride {
    pub add: Option<String>,
    pub replace: Option<String>,
    #[serde(default)]
    pub omit: bool,
}

/// `seek_help:` in a prescription: add warning signs, replace the list, or (explicitly) omit the box.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeekHelpOverride {
    pub intro: Option<String>,
    pub add: Option<Vec<String>>,
    pub replace: Option<Vec<String>>,
    #[serde(default)]
    pub omit: bool,
}

/// An exercise library file (`exercises.yaml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub safety: Option<String>,
    pub seek_help: Option<SeekHelp>,
    #[serde(default)]
    pub exercises: Vec<LibraryExercise>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeekHelp {
    pub intro: Option<String>,
    #[serde(default)]
    pub signs: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryExercise {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub equipment: Vec<String>,
    pub position: Option<String>,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub dosage: Dosage,
    #[serde(default)]
    pub cautions: Vec<String>,
    pub image: Option<String>,
    /// One sentence describing the picture, for screen readers (tagged PDF).
    pub alt: Option<String>,
}

/// A clinic's brand file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    pub name: Option<String>,
    pub logo: Option<String>,
    pub colors: Option<Colors>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub booking_url: Option<String>,
    pub footer: Option<String>,
    pub fonts: Option<Fonts>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub regular: String,
    pub bold: String,
}

// `brand:` and each exercise entry accept either a string or a mapping. A hand-written visitor
// (instead of `#[serde(untagged)]`) keeps serde's precise messages for the mapping form, such as
// "unknown field `hodl`", which an untagged enum would swallow.

impl<'de> Deserialize<'de> for BrandRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_map(d, "the path of a brand file, or a brand mapping (name, logo, colors, ...)", BrandRef::File, |b: Brand| {
            BrandRef::Inline(Box::new(b))
        })
    }
}

impl<'de> Deserialize<'de> for ExerciseEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_map(d, "an exercise id such as `bridge`, or a mapping with `id:` or `name:`", ExerciseEntry::Id, |s: ExerciseSpec| {
            ExerciseEntry::Spec(Box::new(s))
        })
    }
}

/// Reads either a string (made into `T` by `from_str`) or a mapping (read as `M`, then made
/// into `T` by `from_map`).
fn string_or_map<'de, D, M, T>(d: D, expecting: &'static str, from_str: fn(String) -> T, from_map: fn(M) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<M, T> {
        expecting: &'static str,
        from_str: fn(String) -> T,
        from_map: fn(M) -> T,
    }
    impl<'de, M: Deserialize<'de>, T> Visitor<'de> for V<M, T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.from_str)(v.to_string()))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.from_map)
        }
    }
    d.deserialize_any(V { expecting, from_str, from_map })
}
