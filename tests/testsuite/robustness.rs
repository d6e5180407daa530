//! No panic on any input: odd encodings, empty files, line endings, a BOM.

use crate::harness::{DOSSIER, Fixture, PERSON};

/// A run that ended with a status, not a crash, and said nothing of a panic.
fn assert_no_panic(run: &crate::harness::Run) {
    assert!(matches!(run.code, Some(0..=2)), "{}", run.all());
    assert!(!run.stderr.contains("panicked"), "{}", run.all());
}

#[test]
fn odd_files_give_diagnostics_not_panics() {
    let odd: &[(&str, &[u8])] = &[
        ("people/empty.md", b""),
        ("people/fence.md", b"---"),
        ("people/fences.md", b"---\n---\n"),
        ("people/binary.md", b"\x00\x01\x02\xff\xfe"),
        ("people/latin.md", b"---\nname: Ren\xe9\n---\n"),
        ("people/list.md", b"---\n- a\n- b\n---\n"),
        ("people/scalar.md", b"---\njust text\n---\n"),
        ("people/tabs.md", b"---\nname:\tTab\n\t- x\n---\n"),
        (
            "people/deep.md",
            b"---\nname: [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\n---\n",
        ),
        (
            "people/anchors.md",
            b"---\nname: &a Anchor\naliases: [*a, *b]\n---\n",
        ),
        ("people/key.md", b"---\n? [complex, key]\n: value\n---\n"),
        ("people/null.md", b"---\nname: ~\n---\n"),
        (
            "people/huge-int.md",
            b"---\nname: 99999999999999999999999999\n---\n",
        ),
        (
            "dossiers/nested.md",
            b"---\ntitle: x\nsubject: {a: b}\ndate: 2016\nstatements: [1, 2]\n---\n",
        ),
        (
            "site.yaml",
            b"\xef\xbb\xbftitle: BOM\nbase_url: https://example.org/\n",
        ),
    ];
    let mut fixture = Fixture::valid();
    for (path, bytes) in odd {
        fixture = fixture.bytes(path, bytes);
    }
    let run = fixture.run(&["check"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{}", run.all());
    for (path, _) in odd.iter().filter(|(p, _)| !p.starts_with("site")) {
        assert!(
            run.stderr.contains(&format!("content/{path}:")),
            "{path} not reported\n{}",
            run.all()
        );
    }
}

#[test]
fn crlf_line_endings_and_a_bom_are_read_like_lf() {
    let crlf = |text: &str| text.replace('\n', "\r\n");
    let fixture = Fixture::valid()
        .file(
            "dossiers/azure-made-in-france.md",
            &format!("\u{feff}{}", crlf(DOSSIER)),
        )
        .file("people/jane-doe.md", &crlf(PERSON));
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.all());

    // Positions stay right with CRLF: the unknown field is on line 6.
    let broken = fixture.edit("dossiers/azure-made-in-france.md", "summary:", "sumary:");
    let run = broken.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stderr
            .contains("content/dossiers/azure-made-in-france.md:6:1"),
        "{}",
        run.all()
    );
}

#[test]
fn a_missing_content_folder_is_a_usage_error() {
    let run = Fixture::empty().run(&["check"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(run.stderr.contains("content"), "{}", run.all());
}

#[test]
fn bad_arguments_exit_with_status_2() {
    let run = Fixture::valid().run(&["check", "--no-such-flag"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
}

#[test]
fn ignored_folders_and_media_are_not_content() {
    let fixture = Fixture::valid()
        .file("_drafts/notes.txt", "anything")
        .file(".git/config", "anything")
        .file("people/_old/x.md", "not front matter")
        .bytes("media/shot.png", b"\x89PNG");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let fixture = Fixture::valid();
    let outside = fixture.root().join("secret.md");
    std::fs::write(&outside, "---\nname: Secret\n---\n").expect("a file");
    std::os::unix::fs::symlink(&outside, fixture.content().join("people/secret.md"))
        .expect("a link");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stderr.contains("symbolic links are not followed"),
        "{}",
        run.all()
    );
}
