//! `handout extract`: the prescription a handout carries (`prescription.yaml`, embedded when it
//! was made) written back to a file, to change and render again.

use std::io::Read;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

use crate::error::{Error, Result, Warning};
use crate::load::yaml::MAX_YAML_BYTES;
use crate::load::{raw, read_limited, ReadError, Source};
use crate::model::{Input, Role};
use crate::render::ATTACHMENT_NAME;
use crate::write::Existing;

use super::Outcome;

/// A handout bigger than this is not read (a 9-exercise handout is under 100 KB; a clinic's
/// photos may make one a few MB).
pub const MAX_PDF_BYTES: u64 = 64 << 20;

/// Where the prescription goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Next to the PDF, with `.yaml`.
    NextToPdf,
    StandardOutput,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ExtractOptions {
    pub pdf: PathBuf,
    pub output: Output,
    pub force: bool,
}

pub fn extract(options: &ExtractOptions) -> Result<Outcome> {
    let pdf = &options.pdf;
    let bytes = read_limited(pdf, MAX_PDF_BYTES).map_err(|e| match e {
        ReadError::Io(e) => Error::io("read", pdf, &e),
        ReadError::Directory => Error::input(format!("cannot read {}: it is a folder", pdf.display())).hint(PDF_HINT),
        ReadError::NotAFile(kind) => Error::input(crate::load::not_a_file_message(pdf, kind)).hint(PDF_HINT),
        ReadError::TooLarge(_) => {
            Error::input(format!("{} is larger than {} MB, more than any handout", pdf.display(), MAX_PDF_BYTES >> 20)).hint(PDF_HINT)
        }
    })?;
    let text = prescription_in(&bytes, pdf)?;
    let target = match &options.output {
        Output::StandardOutput => return Ok(Outcome { stdout: text.into_bytes(), ..Outcome::default() }),
        Output::File(path) => path.clone(),
        Output::NextToPdf => pdf.with_extension("yaml"),
    };
    if crate::write::Protected::new([Input::new(Role::Handout, pdf)]).replaced_by(&target).is_some() {
        return Err(
            Error::input(format!("the output {} is the handout itself", target.display())).hint("choose an output name ending in .yaml")
        );
    }
    // Extracting again next to the prescription the handout was made from finds it unchanged.
    if !options.force && std::fs::read(&target).is_ok_and(|old| old == text.as_bytes()) {
        let message = format!("{} already holds the prescription {} was made from; nothing to write", target.display(), pdf.display());
        return Ok(Outcome { message: Some(message), ..Outcome::default() });
    }
    let existing =
        if options.force { Existing::Replace } else { Existing::Keep("use --force to replace it, or choose another name with -o") };
    crate::write::write_atomic(&target, text.as_bytes(), existing)?;
    let warnings = missing_files(&target, &text);
    let message = format!("wrote {} (the prescription {} was made from)", target.display(), pdf.display());
    Ok(Outcome { warnings, message: Some(message), ..Outcome::default() })
}

const PDF_HINT: &str = "give a PDF made by `handout render` or `handout batch`";

/// The embedded prescription of the PDF `bytes` (read from `pdf`, named in messages).
pub fn prescription_in(bytes: &[u8], pdf: &Path) -> Result<String> {
    let name = pdf.display();
    if !bytes.get(..1024.min(bytes.len())).is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-")) {
        return Err(Error::input(format!("{name} is not a PDF")).hint(PDF_HINT));
    }
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_PDF_BYTES as usize), ..lopdf::LoadOptions::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| {
        if matches!(e, lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword) {
            protected(pdf)
        } else {
            Error::input(format!("{name} cannot be read as a PDF ({e})"))
                .hint("the file may be damaged or cut short; make the handout again")
        }
    })?;
    if doc.is_encrypted() && doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(protected(pdf));
    }
    let Some(spec) = attachment(&doc) else {
        let producer = doc
            .trailer
            .get(b"Info")
            .and_then(|i| doc.dereference(i))
            .and_then(|(_, info)| info.as_dict())
            .and_then(|info| info.get(b"Producer"))
            .and_then(lopdf::decode_text_string)
            .unwrap_or_default();
        return Err(if producer.starts_with("handout") {
            Error::input(format!("{name} was made without its prescription inside"))
                .hint("it was made with `embed_prescription: false` or --no-embed-prescription; open the original prescription instead")
        } else {
            let by = if producer.is_empty() { String::new() } else { format!(" (it was made by {producer})") };
            Error::input(format!("{name} was not made by handout{by}, so it carries no prescription")).hint(PDF_HINT)
        });
    };
    let stream = doc
        .get_dictionary(spec)
        .ok()
        .and_then(|d| d.get(b"EF").ok())
        .and_then(|ef| doc.dereference(ef).ok())
        .and_then(|(_, ef)| ef.as_dict().ok())
        .and_then(|ef| ef.get(b"UF").or_else(|_| ef.get(b"F")).ok())
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_stream().ok())
        .ok_or_else(|| damaged(pdf, "its embedded prescription has no content"))?;
    let content = match stream.dict.get(b"Filter").ok() {
        None => stream.content.clone(),
        Some(Object::Name(f)) if f == b"FlateDecode" => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&stream.content[..])
                .take(MAX_YAML_BYTES as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| damaged(pdf, &format!("its embedded prescription cannot be decompressed ({e})")))?;
            out
        }
        Some(_) => return Err(damaged(pdf, "its embedded prescription is stored in a way handout does not write")),
    };
    if content.len() > MAX_YAML_BYTES {
        return Err(damaged(pdf, &format!("its embedded prescription is larger than a prescription may be ({MAX_YAML_BYTES} bytes)")));
    }
    String::from_utf8(content).map_err(|_| damaged(pdf, "its embedded prescription is not UTF-8 text"))
}

fn protected(pdf: &Path) -> Error {
    Error::input(format!("{} is protected with a password, so its prescription cannot be read", pdf.display()))
        .hint("extract it from the clinic's unprotected copy (the one `handout render` or `handout batch` wrote)")
}

fn damaged(pdf: &Path, why: &str) -> Error {
    Error::input(format!("{} is damaged: {why}", pdf.display())).hint("make the handout again from its prescription")
}

/// The file specification named `prescription.yaml` in the catalog's embedded files.
fn attachment(doc: &Document) -> Option<lopdf::ObjectId> {
    let catalog = doc.catalog().ok()?;
    let names = catalog.get(b"Names").ok().and_then(|n| doc.dereference(n).ok())?.1.as_dict().ok()?;
    let files = names.get(b"EmbeddedFiles").ok().and_then(|n| doc.dereference(n).ok())?.1.as_dict().ok()?;
    let list = files.get(b"Names").ok().and_then(|n| doc.dereference(n).ok())?.1.as_array().ok()?;
    list.chunks(2).find_map(|pair| match pair {
        [Object::String(name, _), Object::Reference(id)] if name == ATTACHMENT_NAME.as_bytes() => Some(*id),
        _ => None,
    })
}

/// Warnings for the files the prescription names by paths relative to itself (its brand, its
/// library, its exercises' pictures) that are not beside `target`: the extracted file makes the
/// same handout only where the original prescription was.
fn missing_files(target: &Path, text: &str) -> Vec<Warning> {
    let Ok(raw) = crate::load::yaml::parse::<raw::Prescription>(&Source::new(target, text)) else { return Vec::new() };
    let mut named: Vec<&str> = Vec::new();
    if let Some(raw::BrandRef::File(f)) = &raw.brand {
        named.push(f);
    }
    if let Some(raw::BrandRef::Inline(b)) = &raw.brand {
        named.extend(b.logo.as_deref());
    }
    named.extend(raw.library.as_deref());
    for entry in &raw.exercises {
        if let raw::ExerciseEntry::Spec(spec) = entry {
            named.extend(spec.image.as_deref());
        }
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let missing: Vec<&str> = named.into_iter().filter(|f| !dir.join(f).exists()).collect();
    let quoted: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
    let (list, are) = match quoted.split_last() {
        Some((last, [])) => (last.clone(), "is"),
        Some((last, rest)) => (format!("{} and {last}", rest.join(", ")), "are"),
        None => return Vec::new(),
    };
    vec![Warning::new(format!(
        "{} refers to {list}, which {are} not in {}: its paths are relative to where the original prescription was; put it there to render it again",
        target.display(),
        dir.display()
    ))]
}
