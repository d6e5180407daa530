//! "Did you mean", on any word and candidates (names may hold any
//! character): suggestions are candidates, at most as many as asked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::suggest::{did_you_mean, nearest};

#[global_allocator]
static ALLOCATOR: vigie_fuzz::Capped = vigie_fuzz::Capped;

fuzz_target!(|text: &str| {
    let mut words = text.split('\n');
    let word = words.next().unwrap_or_default();
    let candidates: Vec<&str> = words.collect();
    let found = nearest(word, candidates.iter().copied(), 3);
    assert!(found.len() <= 3);
    assert!(found.iter().all(|f| candidates.contains(f)));
    let _ = did_you_mean(word, candidates.iter().copied());
});
