//! Resolve: raw input → `Handout`. Look up exercises, apply defaults and overrides, check every
//! value, decode pictures and fonts, encode QR codes. Every problem is collected, each at its
//! own place, so `check` reports them all in one pass; `render` reports the first.
//!
//! - `prescription`: the prescription as a whole (title, patient, paper, safety, ...);
//! - `exercise`: one exercise entry and its dosage;
//! - `brand`: a brand file or an inline brand, its logo and fonts;
//! - `library`: library files;
//! - `picture`: decoding PNG, JPEG and SVG;
//! - `checks`: what every piece of text and every file reference must pass.
//!
//! Work that does not depend on the patient (the library, brands, pictures, QR codes) is kept in
//! a `Cache` that the caller passes in, so a batch does it once.

pub mod brand;
pub mod checks;
mod embedded;
pub mod exercise;
pub mod library;
pub mod picture;
pub mod prescription;
pub mod svg;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::cache::Shared;
use crate::error::{Problems, Result, Warning};
use crate::fonts::FontSet;
use crate::i18n::Language;
use crate::load::raw;
use crate::load::{Overrides, Source};
use crate::model::{Brand, Handout, Library, Picture, PictureRef, Qr};

/// Limits on what a prescription may ask for.
pub const MAX_LOG_DAYS: u32 = 42;
pub const MAX_EXERCISES: usize = 200;
/// Steps of one exercise, in a prescription or a library.
pub const MAX_STEPS: usize = 12;
pub const MAX_TEXT_CHARS: usize = 2_000;

/// A decoded picture and the warnings decoding it gave (repeated for every handout using it).
type PictureEntry = Arc<(Arc<Picture>, Vec<Warning>)>;
type BrandEntry = Arc<(Brand, Vec<Warning>)>;

/// A brand as the cache knows it: a brand file by its path, or a brand written inside a
/// prescription by that file's path and the brand's content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum BrandKey {
    File(PathBuf),
    Inline(PathBuf, Box<raw::Brand>),
}

/// What resolving keeps between handouts, bounded in bytes.
#[derive(Debug)]
pub struct Cache {
    pictures: Shared<PictureRef, PictureEntry>,
    brands: Shared<BrandKey, BrandEntry>,
    libraries: Shared<PathBuf, Arc<Library>>,
    qr_codes: Shared<String, Arc<Qr>>,
}

impl Cache {
    /// A cache holding at most about `budget` bytes in all.
    pub fn with_budget(budget: usize) -> Cache {
        Cache {
            pictures: Shared::new(budget / 2),
            brands: Shared::new(budget / 4),
            libraries: Shared::new(budget / 8),
            qr_codes: Shared::new(budget / 8),
        }
    }
}

impl Default for Cache {
    /// 64 MB: every picture of the library many times over, and a few clinics' logos and fonts.
    fn default() -> Self {
        Cache::with_budget(64 << 20)
    }
}

/// Everything handouts are made from that comes with the program or the command line: the
/// built-in fonts, the exercise library (built in, plus `--library`) and the languages.
pub struct Loader {
    fonts: Arc<FontSet>,
    library: Arc<Library>,
    /// The library files given on the command line (`--library`).
    library_files: Vec<PathBuf>,
    /// Each built-in language, parsed when a handout first asks for it.
    languages: Vec<(&'static str, OnceLock<Result<Language>>)>,
}

impl Loader {
    /// A loader with the built-in library and fonts.
    pub fn new() -> std::result::Result<Self, Problems> {
        Ok(Loader {
            fonts: FontSet::builtin(),
            library: Arc::new(library::builtin()?),
            library_files: Vec::new(),
            languages: crate::assets::LANGUAGES.iter().map(|(code, _)| (*code, OnceLock::new())).collect(),
        })
    }

    /// Adds (or replaces by id) exercises from a library file given on the command line.
    pub fn with_library(mut self, path: &Path) -> std::result::Result<Self, Problems> {
        self.library = Arc::new(self.library.extended_by(library::read(path)?));
        self.library_files.push(path.to_path_buf());
        Ok(self)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The library files given on the command line.
    pub fn library_files(&self) -> &[PathBuf] {
        &self.library_files
    }

    pub fn fonts(&self) -> &Arc<FontSet> {
        &self.fonts
    }

    /// A built-in language by code (`en`, `es`).
    pub fn language(&self, code: &str) -> Result<Language> {
        let code = crate::i18n::check_code(code)?;
        let (_, slot) = self.languages.iter().find(|(c, _)| *c == code).expect("every built-in language has a slot");
        slot.get_or_init(|| Language::parse(code)).clone()
    }

    /// English, which always ships.
    pub fn english(&self) -> Language {
        self.language("en").expect("the built-in English labels parse (a unit test checks them)")
    }

    /// Reads and resolves a prescription file, with `overrides` in place of its own values.
    pub fn load(&self, cache: &Cache, path: &Path, overrides: &Overrides) -> std::result::Result<(Handout, Vec<Warning>), Problems> {
        let source = Source::read(path)?;
        let raw: raw::Prescription = crate::load::yaml::parse(&source)?;
        self.resolve(cache, &source, &raw, overrides)
    }

    /// Resolves a parsed prescription; `source` gives error locations and the folder that
    /// relative paths start from.
    pub fn resolve(
        &self,
        cache: &Cache,
        source: &Source,
        raw: &raw::Prescription,
        overrides: &Overrides,
    ) -> std::result::Result<(Handout, Vec<Warning>), Problems> {
        prescription::resolve(self, cache, source, raw, overrides, &mut Vec::new())
    }

    /// Every file a parsed prescription names (itself, its library and brand, the brand's
    /// logo and fonts, pictures) and the `--library` files, whether or not it resolves.
    pub fn inputs(&self, cache: &Cache, source: &Source, raw: &raw::Prescription) -> Vec<crate::model::Input> {
        let mut inputs = Vec::new();
        let _ = prescription::resolve(self, cache, source, raw, &Overrides::default(), &mut inputs);
        inputs
    }

    /// Checks a library file on its own (for `handout check`): its entries, then every
    /// picture it names (there, readable, a picture), each at its exercise's `image:` line.
    pub fn check_library(&self, cache: &Cache, source: &Source) -> std::result::Result<Vec<Warning>, Problems> {
        use crate::load::Seg;
        let library = library::from_source(source, false)?;
        let mut f = checks::Findings::default();
        for (i, e) in library.exercises.iter().enumerate() {
            if e.image.is_some() {
                let at = || checks::locate(source, &[Seg::Key("exercises"), Seg::Index(i), Seg::Key("image")]);
                exercise::picture_for(cache, e.image.as_ref(), &at, &mut f);
            }
        }
        match Problems::new(f.problems) {
            Some(problems) => Err(problems),
            None => Ok(f.warnings),
        }
    }

    /// Checks a brand file on its own (for `handout check`): its values, logo and fonts.
    pub fn check_brand(&self, cache: &Cache, path: &Path) -> std::result::Result<Vec<Warning>, Problems> {
        brand::from_file(self, cache, path).map(|entry| entry.1.clone())
    }
}
