//! The wikilink finder, on any Markdown body: each link it finds lies inside
//! the body and is written with double brackets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::parse::wikilinks::find;

#[global_allocator]
static ALLOCATOR: vigie_fuzz::Capped = vigie_fuzz::Capped;

fuzz_target!(|body: &str| {
    for found in find(body) {
        let text = body.get(found.span.clone()).expect("a span inside the body");
        assert!(text.contains("[["), "{text:?}");
    }
});
