//! Fonts in the PDF: each face cut down to the characters the handout uses, and named with a
//! subset tag.

use std::collections::BTreeSet;

use printpdf::{FontId, ParsedFont};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fonts::{Face, Weight};

use super::Cache;

/// `face` cut down to `chars`, read back for printpdf; once per cache for each face and
/// character set (handouts from one prescription mostly share their characters).
pub(crate) fn subset(cache: &Cache, face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    let key = (face.bytes.as_ptr() as usize, chars.clone());
    let made = cache.subsets.get_or_make(
        &key,
        || {
            let bytes = subset_program(face, chars)?;
            let mut warnings = Vec::new();
            let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
                .ok_or_else(|| Error::failure(format!("cannot read back the subset of font {}", face.name)))?;
            parsed.font_name = Some(face.name.clone());
            // The entry holds the face's bytes, so while it exists no other font can take
            // their address.
            Ok((face.bytes.clone(), parsed))
        },
        |(_, parsed)| 4096 + parsed.original_bytes.len() * 3,
    )?;
    Ok(made.1)
}

/// A copy of the font with only the glyphs for `chars`.
fn subset_program(face: &Face, chars: &BTreeSet<char>) -> Result<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let fail = |e: String| Error::failure(format!("cannot subset font {}: {e}", face.name));
    let data = ReadScope::new(&face.bytes).read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(e.to_string()))?;
    let parsed = ttf_parser::Face::parse(&face.bytes, 0).map_err(|e| fail(e.to_string()))?;
    let mut ids: Vec<u16> = vec![0];
    for c in chars {
        if let Some(g) = parsed.glyph_index(*c) {
            if !ids.contains(&g.0) {
                ids.push(g.0);
            }
        }
    }
    subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(e.to_string()))
}

pub(crate) fn font_id(weight: Weight) -> FontId {
    FontId(match weight {
        Weight::Regular => "F1".into(),
        Weight::Bold => "F2".into(),
    })
}

/// Six capital letters derived from the subset's content (ISO 32000-1, 9.6.4): the first bytes
/// of the SHA-256 of `regular\n` or `bold\n` followed by the characters (UTF-8, in order), as a
/// big-endian number written in base 26, least significant letter first.
pub(crate) fn subset_tag(chars: &BTreeSet<char>, weight: Weight) -> String {
    let mut hasher = Sha256::new();
    hasher.update(match weight {
        Weight::Regular => "regular\n",
        Weight::Bold => "bold\n",
    });
    for c in chars {
        let mut buf = [0u8; 4];
        hasher.update(c.encode_utf8(&mut buf).as_bytes());
    }
    let digest = hasher.finalize();
    let mut n = u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"));
    (0..6)
        .map(|_| {
            let c = (b'A' + (n % 26) as u8) as char;
            n /= 26;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_is_small_and_parses() {
        let fonts = crate::fonts::FontSet::builtin();
        let chars: BTreeSet<char> = "Hello Zoë".chars().collect();
        let bytes = subset_program(&fonts.regular, &chars).unwrap();
        assert!(bytes.len() < 20_000, "{}", bytes.len());
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert!(face.glyph_index('ë').is_some());
    }

    #[test]
    fn subset_tags_are_pinned() {
        // Pinned so that "same input, same bytes" survives toolchain upgrades: the tag comes
        // from SHA-256, not from std's hasher, whose algorithm may change.
        let chars: BTreeSet<char> = "Bridge".chars().collect();
        assert_eq!(subset_tag(&chars, Weight::Regular), subset_tag(&chars, Weight::Regular));
        assert_ne!(subset_tag(&chars, Weight::Regular), subset_tag(&chars, Weight::Bold));
        // python3: hashlib.sha256(b"regular\n" + b"Bdegir"), first 8 bytes, base 26.
        assert_eq!(subset_tag(&chars, Weight::Regular), "MBOGPX");
    }
}
