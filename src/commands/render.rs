//! `handout render`: one prescription → one PDF.

use std::path::{Path, PathBuf};

use crate::error::{warnings_denied, Error, Result};
use crate::load::Overrides;
use crate::resolve::Loader;
use crate::write::Existing;
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

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub prescription: PathBuf,
    pub output: Output,
    pub force: bool,
    pub overrides: Overrides,
    pub deny_warnings: bool,
    pub source_date_epoch: Option<i64>,
}

/// Makes the PDF and writes it; the outcome holds the PDF when it goes to standard output, or
/// the "wrote x.pdf (N pages, K KB)" line.
pub fn render(loader: &Loader, caches: &Caches, options: &RenderOptions) -> Result<Outcome> {
    let (handout, warnings) =
        loader.load(&caches.resolve, &options.prescription, &options.overrides).map_err(|problems| problems.into_first())?;
    if options.deny_warnings && !warnings.is_empty() {
        return Err(warnings_denied(&warnings, true));
    }
    let pdf = crate::pdf(&handout, &caches.render, options.source_date_epoch)?;
    let target = match &options.output {
        Output::StandardOutput => return Ok(Outcome { warnings, stdout: pdf.bytes, ..Outcome::default() }),
        Output::File(path) => path.clone(),
        Output::NextToInput => options.prescription.with_extension("pdf"),
    };
    if same_file(&target, &options.prescription) {
        return Err(Error::input(format!("the output {} is the prescription itself", target.display()))
            .hint("choose an output name ending in .pdf"));
    }
    let existing =
        if options.force { Existing::Replace } else { Existing::Keep("use --force to replace it, or choose another name with -o") };
    crate::write::write_atomic(&target, &pdf.bytes, existing)?;
    Ok(Outcome { warnings, message: Some(crate::write::wrote(&target, pdf.pages, pdf.bytes.len())), ..Outcome::default() })
}

/// Whether two paths name the same file.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
