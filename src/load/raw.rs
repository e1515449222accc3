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
    /// `false` leaves the prescription out of the PDF (it is embedded by default).
    pub embed_prescription: Option<bool>,
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
    /// What the exercise moves (`legs`, `arms`), for the wording of "both ... together".
    pub limbs: Option<String>,
    pub position: Option<String>,
    pub steps: Option<Vec<String>>,
    pub cautions: Option<Vec<String>>,
    pub image: Option<String>,
    /// What the picture shows, in one sentence, for screen readers.
    pub alt: Option<String>,
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
    /// What the exercise moves (`legs`, `arms`), for the wording of "both ... together".
    pub limbs: Option<String>,
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

/// A clinic's brand file. (Compared and hashed so that an inline brand is resolved once per
/// prescription file, however many roster rows use it.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
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
    /// The emergency number printed in "When to seek help" (`"911"`, `"112"`).
    pub emergency: Option<String>,
    pub fonts: Option<Fonts>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
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

/// Text in Unicode's composed form (NFC), applied to everything a file says that is printed or
/// compared, once, as it is read: so layout measures what render draws, and "Nguyễn" typed as
/// base letters and combining marks (as macOS writes it) prints like "Nguyễn" typed whole.
/// Paths to other files are left as written: they must name the file as the file system
/// spells it.
pub trait Nfc {
    fn nfc(&mut self);
}

fn text(t: &mut String) {
    if !t.is_ascii() {
        *t = super::nfc(t);
    }
}

pub(crate) fn some(t: &mut Option<String>) {
    if let Some(t) = t {
        text(t);
    }
}

fn all(list: &mut [String]) {
    list.iter_mut().for_each(text);
}

fn scalar(s: &mut Option<Scalar>) {
    if let Some(Scalar(t)) = s {
        text(t);
    }
}

impl Nfc for Prescription {
    fn nfc(&mut self) {
        for t in [&mut self.title, &mut self.patient, &mut self.date, &mut self.clinician, &mut self.paper, &mut self.notes] {
            some(t);
        }
        some(&mut self.language);
        some(&mut self.layout);
        scalar(&mut self.log);
        if let Some(BrandRef::Inline(b)) = &mut self.brand {
            b.nfc();
        }
        for entry in &mut self.exercises {
            match entry {
                ExerciseEntry::Id(id) => text(id),
                ExerciseEntry::Spec(spec) => spec.nfc(),
            }
        }
        if let Some(s) = &mut self.safety {
            some(&mut s.add);
            some(&mut s.replace);
        }
        if let Some(s) = &mut self.seek_help {
            some(&mut s.intro);
            s.add.iter_mut().for_each(|l| all(l));
            s.replace.iter_mut().for_each(|l| all(l));
        }
    }
}

impl Nfc for ExerciseSpec {
    fn nfc(&mut self) {
        for t in [
            &mut self.id,
            &mut self.name,
            &mut self.kind,
            &mut self.limbs,
            &mut self.position,
            &mut self.alt,
            &mut self.notes,
            &mut self.sides,
            &mut self.frequency,
        ] {
            some(t);
        }
        self.steps.iter_mut().for_each(|l| all(l));
        self.cautions.iter_mut().for_each(|l| all(l));
        for s in [&mut self.hold, &mut self.reps, &mut self.sets, &mut self.rest] {
            scalar(s);
        }
    }
}

impl Nfc for Brand {
    fn nfc(&mut self) {
        for t in [
            &mut self.name,
            &mut self.phone,
            &mut self.email,
            &mut self.website,
            &mut self.address,
            &mut self.booking_url,
            &mut self.footer,
            &mut self.emergency,
        ] {
            some(t);
        }
    }
}

impl Nfc for Library {
    fn nfc(&mut self) {
        some(&mut self.safety);
        if let Some(s) = &mut self.seek_help {
            some(&mut s.intro);
            all(&mut s.signs);
        }
        for e in &mut self.exercises {
            for t in [&mut e.id, &mut e.name, &mut e.kind] {
                text(t);
            }
            some(&mut e.position);
            for list in [&mut e.areas, &mut e.equipment, &mut e.steps, &mut e.cautions] {
                all(list);
            }
        }
    }
}
