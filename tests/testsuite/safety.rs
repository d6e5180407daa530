//! Safety (issue 11): a build never writes over the user's files, bounded
//! input, names in any script, builds killed or run two at a time.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::{DOSSIER, Fixture, Run, snapshot};

/// A build refused before anything was written: exit 2, a message that
/// says why and what to do, and the sources untouched.
fn assert_refused(fixture: &Fixture, run: &Run, before: &[(String, Vec<u8>)]) {
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(run.stderr.contains("refusing"), "{}", run.all());
    assert!(
        run.stderr.contains("choose") || run.stderr.contains("--force"),
        "{}",
        run.all()
    );
    assert_eq!(
        snapshot(fixture.root()),
        before,
        "the root changed\n{}",
        run.all()
    );
}

fn build_into(fixture: &Fixture, output: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--output", output.to_str().expect("a path")];
    args.extend(extra);
    fixture.run(&args)
}

/// A valid tree in `wiki/` beside a `.git` folder, as a user's checkout.
fn checkout() -> Fixture {
    let fixture = Fixture::valid();
    fs::create_dir_all(fixture.root().join(".git/objects")).expect("a folder");
    fs::write(fixture.root().join(".git/HEAD"), "ref: refs/heads/main\n").expect("a file");
    fs::create_dir_all(fixture.root().join("themes/mine/templates")).expect("a folder");
    fs::write(fixture.root().join("themes/mine/templates/x.html"), "x").expect("a file");
    fixture
}

#[test]
fn the_root_is_never_the_output() {
    let fixture = checkout();
    let before = snapshot(fixture.root());
    assert_refused(
        &fixture,
        &build_into(&fixture, fixture.root(), &[]),
        &before,
    );
    // The same through `.`, with --force too: nothing allows it.
    let run = fixture.run_plain(&["build", "--root", ".", "--output", ".", "--force"]);
    assert_refused(&fixture, &run, &before);
}

#[test]
fn nothing_inside_the_sources_is_the_output() {
    let fixture = checkout();
    let before = snapshot(fixture.root());
    for inside in [
        "content",
        "content/dossiers",
        "content/dossiers/new",
        "themes",
        "themes/mine",
        ".git",
        ".git/site",
    ] {
        let run = build_into(&fixture, &fixture.root().join(inside), &["--force"]);
        assert_refused(&fixture, &run, &before);
        assert!(run.stderr.contains("inside"), "{inside}: {}", run.all());
    }
}

#[test]
fn a_folder_that_holds_the_root_is_never_the_output() {
    let fixture = checkout();
    let before = snapshot(fixture.root());
    let parent = fixture.root().parent().expect("a parent");
    let run = build_into(&fixture, parent, &["--force"]);
    assert_refused(&fixture, &run, &before);
    assert!(
        run.stderr.contains("contains the site root"),
        "{}",
        run.all()
    );
    assert_refused(
        &fixture,
        &build_into(&fixture, Path::new("/"), &["--force"]),
        &before,
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_do_not_lead_a_build_into_the_sources() {
    let fixture = checkout();
    let links = tempfile::tempdir().expect("a folder");
    let to_root = links.path().join("to-root");
    let to_content = links.path().join("to-content");
    std::os::unix::fs::symlink(fixture.root(), &to_root).expect("a link");
    std::os::unix::fs::symlink(fixture.content(), &to_content).expect("a link");
    let before = snapshot(fixture.root());
    for output in [to_root.clone(), to_content, to_root.join("content/people")] {
        assert_refused(
            &fixture,
            &build_into(&fixture, &output, &["--force"]),
            &before,
        );
    }
    // A root given through a link is resolved too.
    let run = fixture.run_plain(&[
        "build",
        "--root",
        to_root.to_str().expect("a path"),
        "--output",
        fixture.root().to_str().expect("a path"),
    ]);
    assert_refused(&fixture, &run, &before);
}

#[test]
fn the_home_folder_is_never_the_output() {
    let fixture = Fixture::valid();
    let home = tempfile::tempdir().expect("a folder");
    fs::write(home.path().join("notes.txt"), "mine").expect("a file");
    let output = Command::new(crate::harness::vigie())
        .args(["build", "--force", "--root"])
        .arg(fixture.root())
        .arg("--output")
        .arg(home.path())
        .env("HOME", home.path())
        .output()
        .expect("vigie runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("home folder"), "{stderr}");
    assert_eq!(
        fs::read_to_string(home.path().join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

#[test]
fn a_missing_root_is_named_as_such() {
    let fixture = Fixture::empty();
    let run = fixture.run_plain(&["build", "--root", "no-such-wiki"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr
            .contains("cannot read the site root no-such-wiki"),
        "{}",
        run.all()
    );
}

#[test]
fn a_folder_vigie_did_not_make_is_replaced_only_with_force() {
    let fixture = Fixture::valid();
    let mine = fixture.root().join("mine");
    fs::create_dir_all(&mine).expect("a folder");
    fs::write(mine.join("thesis.odt"), "years of work").expect("a file");
    let run = build_into(&fixture, &mine, &[]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.stderr.contains("--force") && run.stderr.contains(".vigie-output"),
        "{}",
        run.all()
    );
    assert_eq!(
        fs::read_to_string(mine.join("thesis.odt")).ok().as_deref(),
        Some("years of work")
    );

    // vigie's own output carries the marker, so building again needs no force.
    let run = build_into(&fixture, &mine, &["--force"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(!mine.join("thesis.odt").exists());
    assert!(mine.join(".vigie-output").is_file());
    assert_eq!(build_into(&fixture, &mine, &[]).code, Some(0));

    // A file is never replaced by a folder.
    let file = fixture.root().join("file.txt");
    fs::write(&file, "text").expect("a file");
    assert_eq!(build_into(&fixture, &file, &["--force"]).code, Some(2));
    assert_eq!(fs::read_to_string(&file).ok().as_deref(), Some("text"));
}

#[test]
fn serve_refuses_the_same_outputs() {
    let fixture = checkout();
    let before = snapshot(fixture.root());
    for output in [fixture.root().to_path_buf(), fixture.content()] {
        let run = fixture.run(&[
            "serve",
            "--port",
            "0",
            "--force",
            "--output",
            output.to_str().expect("a path"),
        ]);
        assert_refused(&fixture, &run, &before);
    }
}

/// A front matter of nested aliases: nine lists of nine aliases to the one
/// before, a kilobyte that expands to 9^9 strings.
fn billion_laughs(field: &str) -> String {
    let mut yaml = format!(
        "{field}: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (previous, name) = (pair[0], pair[1]);
        let aliases = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}x: &{name} [{aliases}]\n"));
    }
    format!("---\nname: Jane Doe\n{yaml}---\n")
}

#[test]
fn alias_bombs_are_refused_at_their_first_anchor() {
    for field in ["lol", "aliases"] {
        let fixture = Fixture::valid().file("people/bomb.md", &billion_laughs(field));
        let run = fixture.run(&["check"]);
        assert_eq!(run.code, Some(1), "{}", run.all());
        assert!(
            run.stderr.contains("error[unsupported-yaml]: anchors"),
            "{}",
            run.all()
        );
        assert!(
            run.stderr.contains("content/people/bomb.md:3:"),
            "{}",
            run.all()
        );
    }
}

#[test]
fn merge_keys_and_tags_are_refused_with_their_place() {
    let cases = [
        (
            "---\nname: !!binary SmFuZQ==\n---\n",
            "the tag `!!binary`",
            2,
        ),
        (
            "---\nname: !!python/object:os.system ls\n---\n",
            "the tag `!!python/object:os.system`",
            2,
        ),
        (
            "---\nname: Jane\nwikidata:\n  <<: {a: b}\n---\n",
            "merge keys",
            4,
        ),
        (
            "---\nname: Jane\nrole: !local x\n---\n",
            "the tag `!local`",
            3,
        ),
    ];
    for (text, said, line) in cases {
        let fixture = Fixture::valid().file("people/tagged.md", text);
        let run = fixture.run(&["check"]);
        assert_eq!(run.code, Some(1), "{}", run.all());
        assert!(
            run.stderr
                .contains(&format!("error[unsupported-yaml]: {said}")),
            "{}",
            run.all()
        );
        assert!(
            run.stderr
                .contains(&format!("content/people/tagged.md:{line}:")),
            "{}",
            run.all()
        );
    }
    // `!!str` keeps its use: a number read as text.
    let fixture = Fixture::valid().file(
        "people/jane-doe.md",
        "---\nname: !!str 2014\nparty: daily-news\n---\n",
    );
    assert_eq!(fixture.run(&["check"]).code, Some(0));
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let body = "Une phrase de vingt-sept octets.\n".repeat(700_000);
    let dossier = format!("{DOSSIER}{body}");
    assert!(dossier.len() > 21_000_000);
    let fixture = Fixture::valid().file("dossiers/azure-made-in-france.md", &dossier);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stderr.contains("error[file-too-large]"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr
            .contains("content/dossiers/azure-made-in-france.md:1:1"),
        "{}",
        run.all()
    );
    // Just under the limit, the same body builds.
    let under = format!("{DOSSIER}{}", &body[..1_000_000]);
    let fixture = Fixture::valid().file("dossiers/azure-made-in-france.md", &under);
    assert_eq!(fixture.run(&["build"]).code, Some(0));
}

/// Markup that pulldown-cmark would hold as a node per byte (a quarter of a
/// gigabyte for a megabyte of `>`) is refused before it is parsed, at the
/// mark past the limit, however small the file.
#[test]
fn markup_past_the_mark_limit_is_refused_at_its_place() {
    let lines = DOSSIER.lines().count();
    for (shape, unit) in [("quotes", ">"), ("emphasis", "*a "), ("lines", "a\n")] {
        let body = unit.repeat(40_000);
        let fixture = Fixture::valid().file(
            "dossiers/azure-made-in-france.md",
            &format!("{DOSSIER}{body}"),
        );
        let run = fixture.run(&["build"]);
        assert_eq!(run.code, Some(1), "{shape}\n{}", run.all());
        assert!(
            run.stderr.contains(
                "error[too-much-structure]: the file holds more than 32768 Markdown marks"
            ),
            "{shape}\n{}",
            run.all()
        );
        let place = format!("content/dossiers/azure-made-in-france.md:{}:", lines + 1);
        let place = if shape == "lines" {
            // One mark per line: the mark past the limit ends a later line.
            "content/dossiers/azure-made-in-france.md:".to_string()
        } else {
            place
        };
        assert!(run.stderr.contains(&place), "{shape}\n{}", run.all());
    }
    // The same marks, fewer of them, build.
    let fixture = Fixture::valid().file(
        "dossiers/azure-made-in-france.md",
        &format!("{DOSSIER}{}", "*a ".repeat(30_000)),
    );
    assert_eq!(fixture.run(&["build"]).code, Some(0));
}

/// A megabyte of `[a,a,a,...]` made fifty megabytes of YAML nodes.
#[test]
fn front_matter_past_the_value_limit_is_refused_at_its_place() {
    let list = vec!["a"; 20_000].join(",");
    let fixture = Fixture::valid().file(
        "people/jane-doe.md",
        &format!("---\nname: Jane Doe\naliases: [{list}]\n---\n"),
    );
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stderr
            .contains("error[too-much-structure]: the front matter holds more than 16384 values"),
        "{}",
        run.all()
    );
    // The mapping, `name`, its value, `aliases`, the list: the next is item 16380.
    let column = "aliases: [".len() + 2 * 16_379 + 1;
    assert!(
        run.stderr
            .contains(&format!("content/people/jane-doe.md:3:{column}")),
        "{}",
        run.all()
    );
}

#[test]
fn names_in_any_script_get_a_located_bad_slug() {
    for name in [
        "café",
        "Émile Zola",
        "ça-va",
        "日本",
        "a b",
        "ÉCOLE",
        "x\u{301}",
    ] {
        let path = format!("people/{name}.md");
        // A misspelt subject makes check look for a "did you mean" among
        // the people's slugs, this name with them.
        let fixture = Fixture::valid().file(&path, "---\nname: Jane\n---\n").edit(
            crate::harness::D,
            "subject: jane-doe",
            "subject: jane-do",
        );
        let run = fixture.run(&["check"]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.all());
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.all());
        assert!(
            run.stderr.contains("error[bad-slug]"),
            "{name}: {}",
            run.all()
        );
        assert!(
            run.stderr.contains(&format!("content/{path}:1:1")),
            "{name}: {}",
            run.all()
        );
        assert!(
            run.stderr.contains("error[unknown-reference]"),
            "{name}: {}",
            run.all()
        );
    }
}

/// A tree large enough that a build lasts a while: `count` dossiers.
fn large(count: usize) -> Fixture {
    let mut fixture = Fixture::valid();
    for i in 0..count {
        fixture = fixture.file(&format!("dossiers/case-{i}.md"), DOSSIER);
    }
    fixture
}

/// Files beside the output whose names a build gives its work folders.
fn leftovers(fixture: &Fixture) -> Vec<String> {
    fs::read_dir(fixture.root())
        .expect("the root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".vigie-"))
        .collect()
}

#[test]
fn leftovers_of_a_killed_build_are_cleared_by_the_next() {
    let fixture = Fixture::valid();
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    for name in [".public.vigie-new-4242", ".public.vigie-old-4243"] {
        fs::create_dir_all(fixture.root().join(name).join("dossiers")).expect("a folder");
    }
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    assert_eq!(leftovers(&fixture), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn kill_9_during_a_build_leaves_the_previous_output_whole() {
    let fixture = large(150);
    assert_eq!(fixture.run(&["build"]).code, Some(0));
    let before = snapshot(&fixture.output());
    // The next build would change every page.
    fs::write(
        fixture.content().join("site.yaml"),
        crate::harness::SITE.replace("Test wiki", "Other wiki"),
    )
    .expect("site.yaml");
    let mut killed_while_staging = 0;
    // What the output was after each build killed before it ended.
    let mut seen = Vec::new();
    // Longer delays for a slow or busy machine (a debug build, tests beside
    // it): the loop ends at the first build that finished before its kill.
    for delay_ms in [0u64, 5, 20, 50, 100, 200, 400, 800, 1600] {
        let mut child = Command::new(crate::harness::vigie())
            .args(["build", "--quiet", "--root"])
            .arg(fixture.root())
            .stderr(Stdio::null())
            .spawn()
            .expect("vigie runs");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        killed_while_staging += usize::from(!leftovers(&fixture).is_empty());
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("the build ends");
        if status.success() {
            break;
        }
        seen.push((delay_ms, snapshot(&fixture.output())));
    }
    assert!(
        killed_while_staging > 0,
        "no build was killed while it wrote"
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(leftovers(&fixture), Vec::<String>::new());
    let after = snapshot(&fixture.output());
    // A build killed between swapping its output in and exiting leaves the
    // new site whole; any other kill, the previous one.
    for (delay_ms, output) in seen {
        assert!(
            output == before || output == after,
            "killed after {delay_ms} ms, the output is neither the previous site nor the next"
        );
    }
    let home = fs::read_to_string(fixture.output().join("index.html")).expect("the home page");
    assert!(home.contains("Other wiki"));
}

#[test]
fn two_builds_into_one_output_leave_one_whole_site() {
    let first = large(40);
    let second = large(40);
    fs::write(
        second.content().join("site.yaml"),
        crate::harness::SITE.replace("Test wiki", "Second wiki"),
    )
    .expect("site.yaml");
    let shared = tempfile::tempdir().expect("a folder");
    let output = shared.path().join("site");
    let expected = |fixture: &Fixture| {
        let own = fixture.root().join("alone");
        assert_eq!(build_into(fixture, &own, &[]).code, Some(0));
        snapshot(&own)
    };
    let (one, two) = (expected(&first), expected(&second));
    for _ in 0..4 {
        let spawn = |fixture: &Fixture| {
            Command::new(crate::harness::vigie())
                .args(["build", "--quiet", "--root"])
                .arg(fixture.root())
                .arg("--output")
                .arg(&output)
                .stderr(Stdio::piped())
                .spawn()
                .expect("vigie runs")
        };
        let (a, b) = (spawn(&first), spawn(&second));
        for child in [a, b] {
            let result = child.wait_with_output().expect("a build");
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
        }
        let site = snapshot(&output);
        assert!(site == one || site == two, "the output mixes two builds");
        let beside: Vec<_> = fs::read_dir(shared.path())
            .expect("a folder")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(beside, vec![std::ffi::OsString::from("site")]);
    }
}
