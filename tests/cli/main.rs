//! The integration tests: the real binary run in a temp dir, PDFs read back with lopdf, and
//! layout geometry checked through the library API.

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod features;
mod geometry;
mod output;
mod pdf;
