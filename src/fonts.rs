//! Font faces: metrics for layout and coverage checks for input text. (Subsetting for the
//! PDF is in `render::fonts`.)

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

pub const LATO_REGULAR: &[u8] = include_bytes!("../fonts/Lato-Regular.ttf");
pub const LATO_BOLD: &[u8] = include_bytes!("../fonts/Lato-Bold.ttf");

/// Which face of the family a piece of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug)]
pub struct FontSet {
    pub regular: Face,
    pub bold: Face,
    /// The fonts built into the binary (not counted against a cache's budget).
    pub builtin: bool,
}

impl FontSet {
    /// The built-in family (Lato). `resolve::Loader` parses it once and shares it.
    pub fn builtin() -> Arc<FontSet> {
        Arc::new(FontSet {
            regular: Face::parse(Path::new("fonts/Lato-Regular.ttf"), LATO_REGULAR).expect("built-in font"),
            bold: Face::parse(Path::new("fonts/Lato-Bold.ttf"), LATO_BOLD).expect("built-in font"),
            builtin: true,
        })
    }

    /// The bytes of the clinic's own font files (none for the built-in family).
    pub fn bytes(&self) -> usize {
        if self.builtin {
            0
        } else {
            self.regular.bytes.len() + self.bold.bytes.len()
        }
    }

    /// The first character of `text` that one of the faces cannot print.
    pub fn missing(&self, text: &str) -> Option<char> {
        text.chars().find(|c| !c.is_whitespace() && (!self.regular.has(*c) || !self.bold.has(*c)))
    }

    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// A font program: built into the binary (read in place, never copied: the two faces are
/// 1.3 MB), or read from a clinic's font file.
#[derive(Debug, Clone)]
pub enum FontBytes {
    Builtin(&'static [u8]),
    File(Arc<[u8]>),
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Builtin(b) => b,
            FontBytes::File(b) => b,
        }
    }
}

impl From<&'static [u8]> for FontBytes {
    fn from(b: &'static [u8]) -> Self {
        FontBytes::Builtin(b)
    }
}

impl From<Arc<[u8]>> for FontBytes {
    fn from(b: Arc<[u8]>) -> Self {
        FontBytes::File(b)
    }
}

/// One font file with the metrics layout needs.
pub struct Face {
    /// PostScript name, used as the PDF font name.
    pub name: String,
    pub bytes: FontBytes,
    units_per_em: f32,
    /// Ascender and descender in em (descender negative).
    pub ascender: f32,
    pub descender: f32,
    /// Advance widths in em for the first 0x250 code points (Latin) and for general
    /// punctuation (dashes, quotes, bullets), read when the face is parsed.
    latin: Vec<Option<f32>>,
    punctuation: Vec<Option<f32>>,
    /// Other characters, looked up in the font the first time they are asked for (a handout
    /// uses a few; reading all of a font's thousands up front cost more than a whole handout).
    other: Mutex<HashMap<char, Option<f32>>>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("name", &self.name).finish_non_exhaustive()
    }
}

const LATIN_END: u32 = 0x250;
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

impl Face {
    pub fn parse(path: &Path, bytes: impl Into<FontBytes>) -> Result<Face> {
        let bytes = bytes.into();
        let face = ttf_parser::Face::parse(&bytes, 0).map_err(|e| {
            Error::input(format!("{} is not a usable font file: {e}", path.display()))
                .hint("use a TrueType (.ttf) or OpenType (.otf) font file")
        })?;
        let upem = f32::from(face.units_per_em());
        let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(|a| f32::from(a) / upem);
        let latin = (0..LATIN_END).map(|cp| char::from_u32(cp).and_then(advance)).collect();
        let punctuation = PUNCTUATION.map(|cp| char::from_u32(cp).and_then(advance)).collect();
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string().or_else(|| std::str::from_utf8(n.name).ok().map(str::to_string)))
            .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Font".to_string())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Ok(Face {
            name,
            units_per_em: upem,
            ascender: f32::from(face.ascender()) / upem,
            descender: f32::from(face.descender()) / upem,
            latin,
            punctuation,
            other: Mutex::default(),
            bytes,
        })
    }

    /// A clinic's font file: parsed, then checked that it can be embedded in a PDF (cut down to
    /// a few letters, as render does), so a damaged file is refused where it is named rather
    /// than when the first handout is made.
    pub fn load(path: &Path, bytes: impl Into<FontBytes>) -> Result<Face> {
        let face = Face::parse(path, bytes)?;
        face.check_embeddable().map_err(|why| {
            Error::input(format!("{} is a damaged font file: {why}", path.display()))
                .hint("use the font file as it came from its maker (TrueType .ttf or OpenType .otf), or leave out `fonts:` to use the built-in Lato")
        })?;
        Ok(face)
    }

    /// Whether the font has glyph outlines and can be cut down to a few glyphs for a PDF.
    fn check_embeddable(&self) -> std::result::Result<(), String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let parsed = ttf_parser::Face::parse(&self.bytes, 0).map_err(|e| e.to_string())?;
        let tables = parsed.tables();
        if tables.glyf.is_none() && tables.cff.is_none() && tables.cff2.is_none() {
            return Err("it has no glyph outlines (no `glyf` or `CFF` table)".to_string());
        }
        let data = ReadScope::new(&self.bytes).read::<FontData<'_>>().map_err(|e| e.to_string())?;
        let provider = data.table_provider(0).map_err(|e| e.to_string())?;
        let mut ids = vec![0u16];
        ids.extend("Aa1 ".chars().filter_map(|c| parsed.glyph_index(c)).map(|g| g.0).filter(|g| *g != 0));
        ids.dedup();
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map(|_| ())
            .map_err(|e| format!("it cannot be embedded in a PDF ({e})"))
    }

    /// Advance width of `c` in em, or `None` if the font has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        let cp = c as u32;
        if cp < LATIN_END {
            return self.latin[cp as usize];
        }
        if PUNCTUATION.contains(&cp) {
            return self.punctuation[(cp - PUNCTUATION.start) as usize];
        }
        let mut other = crate::cache::lock(&self.other);
        *other.entry(c).or_insert_with(|| {
            let face = ttf_parser::Face::parse(&self.bytes, 0).ok()?;
            face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(|a| f32::from(a) / self.units_per_em)
        })
    }

    pub fn has(&self, c: char) -> bool {
        c.is_control() || self.advance(c).is_some()
    }

    /// Width of `text` in millimetres at `size` points. Characters the font lacks count as the
    /// width of `?`, which is what render prints in their place.
    pub fn width_mm(&self, text: &str, size: f32) -> f32 {
        let fallback = self.advance('?').unwrap_or(0.5);
        let em: f32 = text.chars().map(|c| self.advance(c).unwrap_or(fallback)).sum();
        em * size * PT_TO_MM
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }
}

/// Points to millimetres.
pub const PT_TO_MM: f32 = 25.4 / 72.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_covers_latin_extended_names() {
        let fonts = FontSet::builtin();
        for c in "Zoë Łukasiewicz José Núñez Ørsted Ćwik Şahin".chars() {
            assert!(fonts.regular.has(c) && fonts.bold.has(c), "missing {c:?}");
        }
        assert!(!fonts.regular.has('😀'));
        assert!(!fonts.regular.has('中'));
    }

    /// `font` with the table `tag` renamed in its table directory, so readers no longer find it.
    fn without_table(font: &[u8], tag: &[u8; 4]) -> Vec<u8> {
        let mut out = font.to_vec();
        let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
        for i in 0..tables {
            let at = 12 + 16 * i;
            if &out[at..at + 4] == tag {
                out[at + 3] = b'x';
            }
        }
        out
    }

    #[test]
    fn a_font_without_outlines_is_refused_when_loaded() {
        let damaged = without_table(LATO_REGULAR, b"glyf");
        let e = Face::load(Path::new("fonts/Brand.ttf"), Arc::from(damaged)).unwrap_err();
        assert_eq!(e.message, "fonts/Brand.ttf is a damaged font file: it has no glyph outlines (no `glyf` or `CFF` table)");
        assert!(Face::load(Path::new("fonts/Lato.ttf"), Arc::from(LATO_BOLD)).is_ok());
    }

    #[test]
    fn widths_scale_with_size() {
        let f = &FontSet::builtin().regular;
        let w10 = f.width_mm("Hold 30 s", 10.0);
        let w20 = f.width_mm("Hold 30 s", 20.0);
        assert!((w20 - 2.0 * w10).abs() < 1e-3);
        assert!(w10 > 10.0 && w10 < 25.0, "{w10}");
    }
}
