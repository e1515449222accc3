//! The integration tests, one binary (as just and ripgrep do): the real `handout` binary run in
//! temporary folders, PDFs read back with lopdf, layout geometry checked through the library,
//! the bad-input catalogue (`tests/bad_inputs/`, where every message a user can see is pinned
//! once), and property-based fuzzing.

mod common;

mod bad_inputs;
mod batch;
mod features;
mod fuzz;
mod geometry;
mod hostile;
mod mail;
mod output;
mod pdf;
mod safety;
mod tagged;
