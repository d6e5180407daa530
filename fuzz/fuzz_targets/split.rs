//! The front-matter splitter: any text, and the parts it finds lie inside
//! the text, on character boundaries, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::parse::split::{SplitError, split};

#[global_allocator]
static ALLOCATOR: vigie_fuzz::Capped = vigie_fuzz::Capped;

fuzz_target!(|text: &str| {
    match split(text) {
        Ok(parts) => {
            for range in [&parts.opening, &parts.yaml, &parts.body] {
                assert!(text.get(range.clone()).is_some(), "{range:?}");
            }
            assert!(parts.opening.end <= parts.yaml.start);
            assert!(parts.yaml.end <= parts.body.start);
        }
        Err(SplitError::NoOpening(range) | SplitError::NoClosing(range)) => {
            assert!(text.get(range.clone()).is_some(), "{range:?}");
        }
    }
});
