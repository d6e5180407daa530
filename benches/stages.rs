//! Micro-benchmarks per stage of the pipeline, with criterion, so that a
//! regression in one stage shows as that stage's: load, parse, validate,
//! resolve, plan and render (pages only, into a sink that drops them).
//!
//!     cargo bench --bench stages            # on 300 dossiers
//!     VIGIE_BENCH_DOSSIERS=2000 cargo bench --bench stages
//!
//! The wiki is written by `benches/corpus.py` (Python 3) into a temporary folder.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vigie::{load, parse, render, resolve, validate};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

fn corpus(dir: &Path) {
    let dossiers = std::env::var("VIGIE_BENCH_DOSSIERS").unwrap_or_else(|_| "300".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus.py");
    let status = std::process::Command::new("python3")
        .arg(script)
        .arg(&dossiers)
        .arg(dir)
        .status()
        .expect("python3 runs benches/corpus.py");
    assert!(status.success(), "benches/corpus.py failed");
}

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    corpus(root);
    // Each stage's output, without the problems it found (the corpus has none).
    let loaded = || load::load(root).expect("the corpus loads").0;
    let parsed = || parse::parse(loaded()).0;
    let validated = || validate::validate(parsed(), today()).0;
    let complete = resolve::Options {
        drafts: false,
        complete: true,
    };
    let wiki = || resolve::resolve(validated(), complete).0;

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| black_box(loaded())));
    group.bench_function("parse", |b| {
        b.iter_batched(loaded, parse::parse, BatchSize::LargeInput)
    });
    group.bench_function("validate", |b| {
        b.iter_batched(
            parsed,
            |p| validate::validate(p, today()),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("resolve", |b| {
        b.iter_batched(
            validated,
            |v| resolve::resolve(v, complete),
            BatchSize::LargeInput,
        )
    });
    let wiki = wiki();
    let theme = render::Theme::load(root, wiki.site()).expect("the default theme");
    group.bench_function("plan", |b| b.iter(|| black_box(render::Plan::new(&wiki))));
    let plan = render::Plan::new(&wiki);
    group.bench_function("render pages", |b| {
        b.iter(|| {
            render::render_pages(
                &wiki,
                &theme,
                &plan,
                |_| true,
                true,
                |page| {
                    black_box(page);
                    Ok::<(), render::Error>(())
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
