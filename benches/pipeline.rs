//! Criterion benchmarks of the in-process stages; filled in below.
fn main() {}
