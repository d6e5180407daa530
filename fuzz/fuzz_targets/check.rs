//! A whole `check` (load's checks, parse, validate, resolve) of a small tree
//! held in memory, file names included: no panic, and every diagnostic that
//! names a file points at one line of it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: vigie_fuzz::Capped = vigie_fuzz::Capped;

fuzz_target!(|data: &[u8]| {
    let files = vigie_fuzz::tree(data);
    let loaded = vigie::load::load_files(files);
    let options = vigie::Options::new("fuzz", jiff::civil::date(2026, 12, 1));
    let checked = vigie::check_loaded(&options, loaded, None);
    for diagnostic in &checked.diagnostics {
        if let Some(location) = &diagnostic.location {
            assert!(location.line >= 1 && location.column >= 1, "{diagnostic:?}");
            let underline = location.underline.clone();
            assert!(location.line_text.get(underline).is_some(), "{diagnostic:?}");
        }
        // Printing them is part of a check too.
        let _ = diagnostic.render(false);
    }
    let _ = vigie::diagnostic::to_json(&checked.diagnostics);
});
