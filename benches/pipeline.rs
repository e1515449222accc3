//! In-process timings of each stage for `examples/hip-and-lower-back.yaml`: load and resolve
//! (with the loader's caches warm, as in a batch), layout, render, write. Run with
//! `cargo bench --bench pipeline`; `bench/run.sh` measures the whole process.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use handout::render::Meta;
use handout::resolve::Loader;

fn stages(c: &mut Criterion) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hip-and-lower-back.yaml");
    let meta = Meta { fallback_epoch: Some(1_700_000_000), producer: "handout bench".into() };

    c.bench_function("loader (library, fonts)", |b| b.iter(|| black_box(Loader::new().expect("built-in library"))));

    let loader = Loader::new().expect("built-in library");
    c.bench_function("load + resolve (warm caches)", |b| b.iter(|| black_box(loader.load(&example).expect("example resolves"))));

    let (handout, _) = loader.load(&example).expect("example resolves");
    c.bench_function("layout", |b| b.iter(|| black_box(handout::layout::layout(&handout))));

    let pages = handout::layout::layout(&handout);
    c.bench_function("render (warm caches)", |b| b.iter(|| black_box(handout::render::render(&handout, &pages, &meta).expect("renders"))));

    let bytes = handout::render::render(&handout, &pages, &meta).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("x.pdf");
    c.bench_function("write (atomic, fsync)", |b| b.iter(|| handout::write::write_atomic(&target, &bytes, true).expect("writes")));
}

criterion_group!(benches, stages);
criterion_main!(benches);
