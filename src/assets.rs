//! Defaults built into the binary: the exercise library and its illustrations.
//! (Fonts are in `fonts.rs`.) Files named on the command line or in YAML override these.

include!(concat!(env!("OUT_DIR"), "/images.rs"));

/// The default exercise library, `exercises.yaml` at the top of the repository.
pub const LIBRARY: &str = include_str!("../exercises.yaml");

/// The name under which the built-in library appears in messages.
pub const LIBRARY_NAME: &str = "<built-in>/exercises.yaml";

/// A built-in picture by its path as written in the library (`images/bridge.svg`).
pub fn image(path: &str) -> Option<&'static [u8]> {
    let name = path.strip_prefix("images/")?;
    IMAGES.iter().find(|(n, _)| *n == name).map(|(_, bytes)| *bytes)
}

/// A built-in SVG picture by its path as written in the library, converted when the binary was
/// built: its shapes (`resolve::svg::encode`) and its compressed drawing (`render::vector`).
pub fn vector(path: &str) -> Option<(&'static [u8], &'static [u8])> {
    let name = path.strip_prefix("images/")?;
    VECTORS.iter().find(|(n, _, _)| *n == name).map(|(_, shapes, form)| (*shapes, *form))
}
