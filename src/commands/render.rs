//! `handout render`: one prescription → one PDF.

use std::path::{Path, PathBuf};

use crate::error::{warnings_denied, Error, Result};
use crate::load::{raw, Overrides, Source};
use crate::resolve::Loader;
use crate::write::{Existing, Protected, Temps, WriteOptions};
use crate::Caches;

use super::Outcome;

/// Where the PDF goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Next to the prescription, with `.pdf`.
    NextToInput,
    StandardOutput,
    File(PathBuf),
}

/// The name a prescription read from standard input goes by in messages. Its relative paths
/// start in the current folder.
pub const STANDARD_INPUT: &str = "<stdin>";

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub prescription: PathBuf,
    /// The prescription's bytes when it came from standard input (`handout render -`); then
    /// `prescription` is `STANDARD_INPUT` and the output must be given.
    pub standard_input: Option<Vec<u8>>,
    pub output: Output,
    pub force: bool,
    pub overrides: Overrides,
    pub deny_warnings: bool,
    pub source_date_epoch: Option<i64>,
    /// Named temporary files, listed while they exist.
    pub temps: Temps,
}

/// Makes the PDF and writes it; the outcome holds the PDF when it goes to standard output, or
/// the "wrote x.pdf (N pages, K KB)" line.
pub fn render(loader: &Loader, caches: &Caches, options: &RenderOptions) -> Result<Outcome> {
    let loaded = match &options.standard_input {
        Some(bytes) => {
            let source = Source::from_bytes(Path::new(STANDARD_INPUT), bytes.clone())?;
            let raw: raw::Prescription = crate::load::yaml::parse(&source)?;
            loader.resolve(&caches.resolve, &source, &raw, &options.overrides)
        }
        None => loader.load(&caches.resolve, &options.prescription, &options.overrides),
    };
    let (handout, warnings) = loaded.map_err(|problems| problems.into_first())?;
    if options.deny_warnings && !warnings.is_empty() {
        return Err(warnings_denied(&warnings, true));
    }
    let target = match &options.output {
        Output::StandardOutput => None,
        Output::File(path) => Some((path.clone(), format!("-o {}", path.display()))),
        Output::NextToInput if options.standard_input.is_some() => return Err(needs_output()),
        Output::NextToInput => {
            let path = options.prescription.with_extension("pdf");
            let named = format!("the output {}", path.display());
            Some((path, named))
        }
    };
    // Checked before the PDF is made: never a file this handout is made from.
    if let Some((path, named)) = &target {
        Protected::new(handout.inputs.iter().cloned()).check(path, named, "choose another name with -o")?;
    }
    let pdf = crate::pdf(&handout, &caches.render, options.source_date_epoch)?;
    if options.deny_warnings && !pdf.warnings.is_empty() {
        return Err(warnings_denied(&pdf.warnings, true));
    }
    let mut warnings = warnings;
    warnings.extend(pdf.warnings.iter().cloned());
    let Some((target, _)) = target else { return Ok(Outcome { warnings, stdout: pdf.bytes, ..Outcome::default() }) };
    let existing =
        if options.force { Existing::Replace } else { Existing::Keep("use --force to replace it, or choose another name with -o") };
    crate::write::remove_stale(crate::write::folder_of(&target));
    crate::write::write(&target, &pdf.bytes, WriteOptions::new(existing, &options.temps))?;
    Ok(Outcome { warnings, message: Some(crate::write::wrote(&target, pdf.pages, pdf.bytes.len())), ..Outcome::default() })
}

/// The error for `handout render -` without `-o`: there is no file to write next to.
pub fn needs_output() -> Error {
    Error::input("a prescription read from standard input (`-`) needs an output: give -o FILE.pdf, or -o - for standard output")
        .hint("for example: handout render - -o handout.pdf < prescription.yaml")
}
