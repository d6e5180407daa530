//! The located YAML reader, on any front matter: a tree or a located
//! diagnostic, and every span it gives lies inside the text. Whatever the
//! fast subset reader reads, saphyr reads the same, spans included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::parse::yaml::{Node, Value, parse, parse_with_saphyr, subset};
use vigie::source::SourceFile;

#[global_allocator]
static ALLOCATOR: vigie_fuzz::Capped = vigie_fuzz::Capped;

fuzz_target!(|yaml: &str| {
    let file = SourceFile::new("content/people/x.md", format!("---\n{yaml}---\n"));
    let range = 4..4 + yaml.len();
    let mut diagnostics = Vec::new();
    match parse(&file, range.clone(), &mut diagnostics) {
        Ok(Some(node)) => spans_inside(&file.text, &node),
        Ok(None) => {}
        Err(diagnostic) => assert!(diagnostic.location.is_some()),
    }
    assert!(diagnostics.iter().all(|d| d.location.is_some()));
    if let Some(tree) = subset::read(yaml, 4) {
        let mut saphyr_diagnostics = Vec::new();
        let saphyr = parse_with_saphyr(&file, range, &mut saphyr_diagnostics);
        assert!(saphyr_diagnostics.is_empty(), "{yaml:?}");
        assert_eq!(saphyr.ok().flatten().as_ref(), Some(&tree), "{yaml:?}");
    }
});

fn spans_inside(text: &str, node: &Node) {
    assert!(text.get(node.span.clone()).is_some(), "{:?}", node.span);
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|item| spans_inside(text, item)),
        Value::Map(entries) => {
            for entry in entries {
                assert!(text.get(entry.key_span.clone()).is_some());
                spans_inside(text, &entry.value);
            }
        }
        _ => {}
    }
}
