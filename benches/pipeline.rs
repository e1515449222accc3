//! In-process timings of each stage for `examples/hip-and-lower-back.yaml`: load and resolve
//! (with the caches warm, as in a batch), layout, render, write. Run with
//! `cargo bench --bench pipeline`; `bench/run.sh` measures the whole process.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use handout::load::Overrides;
use handout::resolve::Loader;
use handout::write::Existing;
use handout::Caches;

fn stages(c: &mut Criterion) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hip-and-lower-back.yaml");
    let none = Overrides::default();

    c.bench_function("loader (library, fonts)", |b| b.iter(|| black_box(Loader::new().expect("built-in library"))));

    let loader = Loader::new().expect("built-in library");
    let caches = Caches::default();
    c.bench_function("load + resolve (warm caches)", |b| {
        b.iter(|| black_box(loader.load(&caches.resolve, &example, &none).expect("example resolves")))
    });

    let (handout, _) = loader.load(&caches.resolve, &example, &none).expect("example resolves");
    c.bench_function("layout", |b| b.iter(|| black_box(handout::layout::layout(&handout))));

    let document = handout::layout::layout(&handout);
    c.bench_function("render (warm caches)", |b| {
        b.iter(|| black_box(handout::render::render(&document, &caches.render).expect("renders")))
    });

    let bytes = handout::render::render(&document, &caches.render).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("x.pdf");
    c.bench_function("write (atomic, fsync)", |b| {
        b.iter(|| handout::write::write_atomic(&target, &bytes, Existing::Replace).expect("writes"))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
