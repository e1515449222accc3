//! Finishing printpdf's output with lopdf: subset tags on font names, the document language,
//! "show the title", no false PDF/X claim, compressed streams, and an /ID derived from the
//! content, so the same input gives the same bytes.

use lopdf::Object;

use super::Cache;

const ID_PLACEHOLDER: &[u8; 32] = b"HANDOUTIDPLACEHOLDER000000000000";

/// Post-processing printpdf cannot do itself.
pub(crate) fn finish(doc: &mut lopdf::Document, subset_names: &[(String, String)], has_date: bool, lang: &str) {
    doc.version = "1.7".to_string();
    // Subset tags on every font name, so readers and preflight know the fonts are subsets.
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            for key in [&b"BaseFont"[..], b"FontName"] {
                if let Ok(Object::Name(name)) = dict.get(key) {
                    let name = String::from_utf8_lossy(name).into_owned();
                    if let Some((_, tag)) = subset_names.iter().find(|(n, _)| *n == name) {
                        dict.set(key, Object::Name(format!("{tag}+{name}").into_bytes()));
                    }
                }
            }
        }
    }
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_id) {
            // printpdf writes an empty /GTS_PDFXVersion, which readers take as a PDF/X claim.
            for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Keywords", b"Trapped"] {
                info.remove(key);
            }
            if !has_date {
                info.remove(b"CreationDate");
                info.remove(b"ModDate");
            }
        }
    }
    if let Ok(root_id) = doc.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root_id) {
            catalog.set("Lang", Object::string_literal(lang));
            catalog.set("ViewerPreferences", lopdf::dictionary! { "DisplayDocTitle" => true });
        }
    }
    let id = Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder /ID with the SHA-256 of the file (as written with the
/// placeholder), keeping every byte offset.
pub(crate) fn stamp_id(bytes: &mut [u8]) {
    use sha2::{Digest, Sha256};
    let id: [u8; 32] = Sha256::digest(&*bytes).into();
    replace_placeholder(bytes, &id);
}

fn replace_placeholder(bytes: &mut [u8], id: &[u8]) {
    // The placeholder is written as hex, so search for its hex form.
    let needle: Vec<u8> = ID_PLACEHOLDER.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
    let replacement: Vec<u8> = id.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
    let found: Vec<usize> = memchr::memmem::find_iter(bytes, &needle).collect();
    for at in found {
        bytes[at..at + needle.len()].copy_from_slice(&replacement);
    }
}

/// zlib-compresses `data` with a compressor from `cache`'s pool.
pub(crate) fn deflate_with(cache: &Cache, data: &[u8]) -> Vec<u8> {
    cache.with_compressor(|z| {
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            match z.compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(4096)),
                // Compressing memory to memory cannot fail; if it ever did, store uncompressed.
                Err(_) => return data.to_vec(),
            }
        }
        out
    })
}

/// A font program compressed, once per cache for each distinct program.
fn compressed_font(cache: &Cache, program: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let key: [u8; 32] = Sha256::digest(program).into();
    let made = cache.font_streams.get_or_make(
        &key,
        || Ok::<_, std::convert::Infallible>(std::sync::Arc::new(deflate_with(cache, program))),
        |z| z.len() + 64,
    );
    match made {
        Ok(z) => z.to_vec(),
        Err(never) => match never {},
    }
}

/// Compresses every stream that is not compressed yet (what `lopdf::Document::compress` does,
/// at a low level, with pooled compressors).
pub(crate) fn compress_streams(cache: &Cache, doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                // Font programs (`/Length1`) repeat from handout to handout; compress each once.
                let compressed = if stream.dict.has(b"Length1") {
                    compressed_font(cache, &stream.content)
                } else {
                    deflate_with(cache, &stream.content)
                };
                if compressed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(compressed);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_sha256_of_the_file_pinned() {
        let hex: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
        let mut bytes = format!("%PDF-1.7\ntrailer<</ID[<{hex}><{hex}>]>>\n").into_bytes();
        let before = bytes.len();
        stamp_id(&mut bytes);
        assert_eq!(bytes.len(), before, "offsets stay where they were");
        let text = String::from_utf8(bytes).unwrap();
        // sha256 of the text above with the placeholder (`printf ... | sha256sum`).
        let want = "D33B0D9A5E207074E84701B5358130E5F6FC27EDAA7665946F2C805582EDD702";
        assert_eq!(text, format!("%PDF-1.7\ntrailer<</ID[<{want}><{want}>]>>\n"));
    }
}
