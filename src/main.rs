//! The `vigie` command line: parses arguments, calls the library, prints
//! diagnostics and a summary, and sets the exit status (0 success, 1 content
//! errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use vigie::diagnostic::Diagnostic;
use vigie::kind::Kind;

// Rendering allocates many small strings from both cores; glibc's allocator
// spent a third of a large build in malloc and free (perf, 10,000 dossiers).
// mimalloc 2, not 3: at 100,000 dossiers version 3 spent a tenth of the time
// searching its arena bitmaps (`vigie check` user time 30.6 s against 18.2 s).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for accountability wikis: what public figures said,
/// beside what they did.
#[derive(Parser)]
#[command(name = "vigie", version, about)]
struct Cli {
    /// Print only diagnostics, no summary.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each stage's timing, and the memory held after it (Linux).
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content and report every problem; writes nothing.
    Check {
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check the content, then build the site into the output folder.
    Build {
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
        /// Include dossiers marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build the site, then serve it over HTTP for a preview.
    Serve {
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
        /// The address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; the next free one is taken when it is busy.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Include dossiers marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the home page in the default browser once serving.
        #[arg(long)]
        open: bool,
    },
    /// Write a new content file with its required fields, each commented.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its slug: lowercase letters and digits joined by hyphens.
        slug: String,
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Gather evidence of where a site is hosted (DNS records, the published
    /// range of each address, the home page's headers, its TLS certificate,
    /// the hosts its legal notice names), ready to paste into a dossier.
    Probe(ProbeRequest),
    /// Find an archived copy of every source that has none, in a
    /// Wayback-compatible archive, and write it into the source (`archive:`,
    /// and `accessed:` when the source has none), keeping every other byte.
    Archive(ArchiveRequest),
    /// Print the JSON Schema of a kind's front matter, for editors.
    Schema {
        /// The kind (`site` for site.yaml).
        #[arg(value_enum)]
        kind: SchemaKind,
    },
}

/// How `probe` prints its evidence.
#[derive(Clone, Copy, ValueEnum)]
enum ProbeFormat {
    /// An `evidence:` list to paste under a practice.
    Yaml,
    /// The same, as JSON.
    Json,
}

/// Where `build` and `serve` write.
#[derive(clap::Args)]
struct OutputArgs {
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Replace the output folder even if vigie did not make it (it holds
    /// files but no `.vigie-output` marker). Never allows writing into the
    /// root, `content/`, `themes/`, `.git/`, the home folder or `/`.
    #[arg(long)]
    force: bool,
}

impl OutputArgs {
    /// The output folder, once the guard allows it.
    fn claim(self, root: &Path) -> Result<vigie::write::Destination, vigie::Error> {
        let output = self.output.unwrap_or_else(|| root.join("public"));
        Ok(vigie::write::Destination::claim(root, &output, self.force)?)
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people: the source line with the problem underlined.
    Human,
    /// A JSON array, documented in docs/diagnostics.md.
    Json,
    /// GitHub Actions workflow commands, which annotate pull requests.
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Dossier,
    Person,
    Organization,
    Provider,
    Law,
    Topic,
    About,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Site,
    Dossier,
    Person,
    Organization,
    Provider,
    Law,
    Topic,
    About,
}

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Dossier => Kind::Dossier,
            NewKind::Person => Kind::Person,
            NewKind::Organization => Kind::Organization,
            NewKind::Provider => Kind::Provider,
            NewKind::Law => Kind::Law,
            NewKind::Topic => Kind::Topic,
            NewKind::About => Kind::About,
        }
    }
}

impl SchemaKind {
    fn kind(self) -> Option<Kind> {
        match self {
            SchemaKind::Site => None,
            SchemaKind::Dossier => Some(Kind::Dossier),
            SchemaKind::Person => Some(Kind::Person),
            SchemaKind::Organization => Some(Kind::Organization),
            SchemaKind::Provider => Some(Kind::Provider),
            SchemaKind::Law => Some(Kind::Law),
            SchemaKind::Topic => Some(Kind::Topic),
            SchemaKind::About => Some(Kind::About),
        }
    }
}

/// Where and how the run reports.
struct Reporter {
    quiet: bool,
    verbose: bool,
    color: bool,
    started: Instant,
    /// A spinner naming the current stage, on a terminal outside CI.
    spinner: Option<indicatif::ProgressBar>,
}

impl Reporter {
    fn new(quiet: bool, verbose: bool) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        let in_ci = std::env::var_os("CI").is_some();
        let spinner = (terminal && !in_ci && !quiet).then(|| {
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.enable_steady_tick(std::time::Duration::from_millis(80));
            spinner
        });
        Reporter {
            quiet,
            verbose,
            color: terminal && std::env::var_os("NO_COLOR").is_none(),
            started: Instant::now(),
            spinner,
        }
    }

    /// Run options that report each stage: on the spinner, and with its
    /// duration under `--verbose`.
    fn options(&self, root: PathBuf, drafts: bool, today: jiff::civil::Date) -> vigie::Options {
        let mut options = vigie::Options::new(root, today);
        options.drafts = drafts;
        let spinner = self.spinner.clone();
        let verbose = self.verbose;
        let previous = std::sync::Mutex::new(None::<(vigie::Stage, Instant)>);
        options.progress = Some(std::sync::Arc::new(move |stage: vigie::Stage| {
            let now = Instant::now();
            if let Ok(mut previous) = previous.lock() {
                if let (true, Some((last, since))) = (verbose, previous.take()) {
                    let mut line = format!("{:>8} {:.1?}", last.name(), now - since);
                    if let Some(megabytes) = resident_megabytes() {
                        line.push_str(&format!(", {megabytes} MB resident"));
                    }
                    match &spinner {
                        Some(spinner) => spinner.println(line),
                        None => eprintln!("{line}"),
                    }
                }
                let ends = matches!(stage, vigie::Stage::Done | vigie::Stage::Checked);
                *previous = (!ends).then_some((stage, now));
            }
            if let Some(spinner) = &spinner {
                if matches!(stage, vigie::Stage::Done | vigie::Stage::Checked) {
                    spinner.set_message("");
                } else {
                    spinner.set_message(format!("{}…", stage.name()));
                }
            }
        }));
        options
    }

    /// Clears the spinner before printing results.
    fn finish(&self) {
        if let Some(spinner) = &self.spinner {
            spinner.finish_and_clear();
        }
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic], format: Format) {
        self.finish();
        match format {
            Format::Human => {
                for diagnostic in diagnostics {
                    eprint!("{}", diagnostic.render(self.color));
                }
            }
            Format::Json => to_stdout(&(vigie::diagnostic::to_json(diagnostics) + "\n")),
            Format::Github => to_stdout(&vigie::diagnostic::to_github(diagnostics)),
        }
    }

    fn summary(&self, checked: &vigie::Checked, result: &str) {
        if !self.quiet {
            eprintln!(
                "checked {} files: {}{result} in {:.0?}",
                checked.files,
                counts(checked.errors(), checked.warnings()),
                self.started.elapsed()
            );
        }
    }
}

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e` of
/// mimalloc.h, 2.x and 3.x alike; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A build is short and frees and reallocates much the same memory all
    // along: returning it to the system every 10 ms (the default) only made
    // the kernel zero it again, a second of system time out of ten at 10,000
    // dossiers.
    // SAFETY: sets a plain integer option, as mimalloc allows at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = Cli::parse();
    let reporter = Reporter::new(cli.quiet, cli.verbose);
    let today = jiff::Zoned::now().date();
    match cli.command {
        Command::Check {
            root,
            deny_warnings,
            format,
        } => {
            let options = reporter.options(root, true, today);
            match vigie::check(&options) {
                Ok(checked) => {
                    reporter.diagnostics(&checked.diagnostics, format);
                    reporter.summary(&checked, "");
                    let status = status(checked.errors(), checked.warnings(), deny_warnings);
                    exit_keeping(checked);
                    status
                }
                Err(error) => fail(&reporter, &error),
            }
        }
        Command::Build {
            root,
            output,
            drafts,
            deny_warnings,
            format,
        } => {
            let destination = match output.claim(&root) {
                Ok(destination) => destination,
                Err(error) => return fail(&reporter, &error),
            };
            let output = destination.path().to_path_buf();
            let options = reporter.options(root, drafts, today);
            match vigie::build(&options, &destination, deny_warnings) {
                Ok(built) => {
                    let checked = &built.checked;
                    reporter.diagnostics(&checked.diagnostics, format);
                    let result = match built.pages {
                        Some(pages) => format!("; built {pages} files into {}", output.display()),
                        None => format!("; nothing written, {} left as it was", output.display()),
                    };
                    reporter.summary(checked, &result);
                    let status = status(checked.errors(), checked.warnings(), deny_warnings);
                    exit_keeping(built);
                    status
                }
                Err(error) => fail(&reporter, &error),
            }
        }
        Command::Serve {
            root,
            output,
            bind,
            port,
            drafts,
            open,
        } => {
            let destination = match output.claim(&root) {
                Ok(destination) => destination,
                Err(error) => return fail(&reporter, &error),
            };
            let output = destination.path().to_path_buf();
            let options = reporter.options(root, drafts, today);
            // The session remembers this build, so that a save renders only
            // the pages it touches.
            let mut session = vigie::Session::new(options.clone(), destination);
            let mut built = match session.build(false) {
                Ok(built) => built,
                Err(error) => return fail(&reporter, &error),
            };
            reporter.diagnostics(&built.checked.diagnostics, Format::Human);
            reporter.summary(&built.checked, "");
            if built.pages.is_none() && !output.join("index.html").is_file() {
                eprintln!(
                    "nothing to serve yet: fix the errors above, the preview rebuilds on save"
                );
            }
            if !bind.is_loopback() {
                eprintln!(
                    "warning: listening on {bind} makes the preview reachable from the network"
                );
            }
            // Only the problems are kept: held while the server runs, the
            // wiki would be a second copy beside the session's, and the
            // first save could not change it in place.
            let first = std::mem::take(&mut built.checked.diagnostics);
            drop(built);
            let listen = Listen { bind, port, open };
            serve(reporter, options, session, output, listen, &first)
        }
        Command::New { kind, slug, root } => {
            match vigie::scaffold::new_file(&root, kind.kind(), &slug, today) {
                Ok(path) => {
                    if !reporter.quiet {
                        eprintln!("wrote {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => error_exit(error),
            }
        }
        Command::Probe(request) => probe(&reporter, request, today),
        Command::Archive(request) => archive(&reporter, request, today),
        Command::Schema { kind } => {
            let schema = vigie::front_matter::json_schema(kind.kind());
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    to_stdout(&(text + "\n"));
                    ExitCode::SUCCESS
                }
                Err(error) => error_exit(error),
            }
        }
    }
}

/// What `vigie probe` is asked.
#[derive(clap::Args)]
struct ProbeRequest {
    /// A URL, a domain name or an address.
    target: String,
    /// The DNS resolver to ask (default: the system's first).
    #[arg(long, value_name = "ADDR:PORT")]
    resolver: Option<std::net::SocketAddr>,
    /// A folder of range files to use instead of the snapshot that ships
    /// with vigie (see scripts/ranges.py).
    #[arg(long, value_name = "DIR")]
    ranges: Option<PathBuf>,
    /// The wiki whose providers and organizations the evidence may name.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 3.0)]
    timeout: f64,
    /// How to print the evidence.
    #[arg(long, value_enum, default_value_t = ProbeFormat::Yaml)]
    format: ProbeFormat,
    /// Also append the evidence to a practice in its dossier's file
    /// (`dossier-slug#practice-id`, or a file's path and `#practice-id`),
    /// keeping every other byte of the file, then check it; the file is put
    /// back as it was if the check finds an error in it.
    #[arg(long, value_name = "DOSSIER#PRACTICE")]
    into: Option<String>,
}

/// What `vigie archive` is asked.
#[derive(clap::Args)]
struct ArchiveRequest {
    /// The folder that holds `content/`.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Only list the sources without an archived copy: ask nothing, write
    /// nothing.
    #[arg(long)]
    dry_run: bool,
    /// Ask the archive to capture the sources it has no copy of.
    #[arg(long)]
    save: bool,
    /// The availability endpoint, Wayback-compatible.
    #[arg(long, value_name = "URL", default_value = vigie::archive::AVAILABILITY)]
    endpoint: String,
    /// Where captures are asked for: the source's address is appended.
    #[arg(long, value_name = "URL", default_value = vigie::archive::SAVE)]
    save_endpoint: String,
    /// Seconds between two requests to the archive.
    #[arg(long, default_value_t = 1.5)]
    delay: f64,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

/// Finds archived copies of the sources that have none: one line per source
/// on standard output, a progress bar and a summary on standard error. Exit
/// 0 when every question got an answer, 1 when some did not (or the content
/// has errors), 2 for a usage error.
fn archive(reporter: &Reporter, request: ArchiveRequest, today: jiff::civil::Date) -> ExitCode {
    let (delay, timeout) = match (
        seconds(request.delay, "--delay", true),
        seconds(request.timeout, "--timeout", false),
    ) {
        (Ok(delay), Ok(timeout)) => (delay, timeout),
        (Err(message), _) | (_, Err(message)) => return error_exit(message),
    };
    for endpoint in [&request.endpoint, &request.save_endpoint] {
        if !matches!(url::Url::parse(endpoint), Ok(url) if url.scheme().starts_with("http")) {
            return error_exit(format!("`{endpoint}` is not an http or https address"));
        }
    }
    let options = reporter.options(request.root.clone(), true, today);
    let checked = match vigie::check(&options) {
        Ok(checked) => checked,
        Err(error) => return fail(reporter, &error),
    };
    reporter.finish();
    let sources = vigie::archive::sources_without_copy(&request.root, &checked.diagnostics);
    if sources.is_empty() {
        if !reporter.quiet {
            eprintln!("every source has an archived copy");
        }
        return ExitCode::SUCCESS;
    }
    if request.dry_run {
        let mut listed = String::new();
        for source in &sources {
            let date = source.date.as_deref().unwrap_or("no date");
            listed.push_str(&format!(
                "{}:{}  {}  ({date})\n",
                source.shown, source.line, source.url
            ));
        }
        to_stdout(&listed);
        if !reporter.quiet {
            eprintln!(
                "{} sources without an archived copy; nothing asked, nothing written",
                sources.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    // Where the stage spinner would show: on a terminal, outside CI.
    let bar = reporter.spinner.as_ref().map(|_| {
        let bar = indicatif::ProgressBar::new(sources.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} sources, {eta} left: {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let say = |line: String| match &bar {
        Some(bar) => bar.suspend(|| println!("{line}")),
        None => println!("{line}"),
    };
    let mut archive =
        vigie::archive::Archive::new(&request.endpoint, &request.save_endpoint, delay, timeout);
    let today = today.to_string();
    let (mut written, mut without, mut failed) = (0, 0, 0);
    let mut done: std::collections::HashSet<(&Path, &str)> = std::collections::HashSet::new();
    // An archive that does not answer three times in a row is down, or out
    // of reach: asking it about every other source would only wait.
    let mut unanswered_in_a_row = 0;
    let mut not_asked = 0;
    for (index, source) in sources.iter().enumerate() {
        if unanswered_in_a_row == 3 {
            say("stopped: the archive did not answer three times in a row; what was written is kept, run again later".to_string());
            not_asked = sources.len() - index;
            break;
        }
        if let Some(bar) = &bar {
            bar.set_message(source.url.clone());
            bar.inc(1);
        }
        // All the sources of an address in a file got the first one's copy.
        if !done.insert((source.path.as_path(), source.url.as_str())) {
            continue;
        }
        let at = format!("{}:{}", source.shown, source.line);
        let mut answer = archive
            .closest(source)
            .map(|copy| copy.map(|copy| ("copied", copy)));
        if request.save && matches!(answer, Ok(None)) {
            answer = archive
                .save(source)
                .map(|copy| copy.map(|copy| ("saved", copy)));
        }
        unanswered_in_a_row = if answer.is_err() {
            unanswered_in_a_row + 1
        } else {
            0
        };
        match answer {
            Ok(Some((how, copy))) => match vigie::archive::write_copy(source, &copy, &today) {
                Ok(count) => {
                    written += count;
                    say(format!("{how:<8} {at}  {}  -> {copy}", source.url));
                }
                Err(message) => {
                    failed += 1;
                    say(format!("failed   {at}  {}: {message}", source.url));
                }
            },
            Ok(None) => {
                without += 1;
                let hint = if request.save {
                    "no copy yet, asked for one: run again later"
                } else {
                    "no copy (--save asks for one)"
                };
                say(format!("none     {at}  {}: {hint}", source.url));
            }
            Err(message) => {
                failed += 1;
                say(format!("failed   {at}  {}: {message}", source.url));
            }
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !reporter.quiet {
        let stopped = match not_asked {
            0 => String::new(),
            n => format!(", {n} not asked"),
        };
        eprintln!(
            "{written} archive addresses written, {without} sources without a copy, {failed} failed{stopped}"
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Probes a site: the evidence on standard output, a summary and the
/// progress on standard error. Exit 0 when evidence was gathered, 1 when
/// none could be, 2 for a usage error.
fn probe(reporter: &Reporter, request: ProbeRequest, today: jiff::civil::Date) -> ExitCode {
    let target = match vigie::probe::target_of(&request.target) {
        Ok(target) => target,
        Err(message) => return error_exit(message),
    };
    let host = &target.host;
    let Some(resolver) = request.resolver.or_else(vigie::probe::system_resolver) else {
        return error_exit(
            "no DNS resolver in /etc/resolv.conf: give one with --resolver ADDR:PORT",
        );
    };
    let ranges = match &request.ranges {
        Some(dir) => vigie::probe::ranges::Ranges::from_dir(dir),
        None => vigie::probe::ranges::Ranges::shipped(),
    };
    let ranges = match ranges {
        Ok(ranges) => ranges,
        Err(error) => return error_exit(error.to_string()),
    };
    let timeout = match seconds(request.timeout, "--timeout", false) {
        Ok(timeout) => timeout,
        Err(message) => return error_exit(message),
    };
    let into = match request.into.as_deref() {
        Some(spec) => match vigie::probe::paste::practice(&request.root, spec) {
            Ok(practice) => Some(practice),
            Err(message) => return error_exit(message),
        },
        None => None,
    };
    let options = vigie::probe::Options {
        resolver,
        ranges,
        wiki: vigie::probe::Wiki::read(&request.root),
        timeout,
        today: today.to_string(),
    };
    let report = vigie::probe::probe(&target, &options, |asking| {
        if let Some(spinner) = &reporter.spinner {
            spinner.set_message(format!("{asking}…"));
        }
    });
    reporter.finish();
    let printed = match request.format {
        ProbeFormat::Yaml => serde_yaml::to_string(&report).map(|yaml| {
            format!("# vigie probe {host}, {today}: paste under a practice's `evidence:`\n{yaml}")
        }),
        ProbeFormat::Json => serde_json::to_string_pretty(&report)
            .map(|json| json + "\n")
            .map_err(serde::ser::Error::custom),
    };
    match printed {
        Ok(text) => to_stdout(&text),
        Err(error) => return error_exit(error),
    }
    if !reporter.quiet {
        eprintln!("{}", probe_summary(&report));
    }
    if !report.gathered() {
        eprintln!("nothing could be learnt about {host}");
        return ExitCode::from(1);
    }
    match into {
        Some(practice) => paste(reporter, &report, &practice, &request.root, today),
        None => ExitCode::SUCCESS,
    }
}

/// Appends the evidence that found something to `practice`, then checks
/// the wiki: the file is put back as it was when the check finds an error
/// in it.
fn paste(
    reporter: &Reporter,
    report: &vigie::probe::Report,
    practice: &vigie::probe::paste::Practice,
    root: &Path,
    today: jiff::civil::Date,
) -> ExitCode {
    let found: Vec<&vigie::probe::Evidence> = report
        .evidence
        .iter()
        .filter(|evidence| !evidence.records.is_empty())
        .collect();
    let pasted = match vigie::probe::paste::pasted(practice, &found) {
        Ok(pasted) => pasted,
        Err(message) => return error_exit(message),
    };
    let target = format!("{}#{}", practice.shown, practice.id);
    let (Some(edited), original) = (pasted.edited, pasted.original) else {
        if !reporter.quiet {
            eprintln!(
                "{target} already has this evidence (same kind, day and records): nothing added"
            );
        }
        return ExitCode::SUCCESS;
    };
    let path = &practice.path;
    if let Err(error) = vigie::edit::write_whole(path, &edited) {
        return error_exit(format!("cannot write {}: {error}", path.display()));
    }
    let checked = vigie::check(&reporter.options(root.to_path_buf(), true, today));
    let mine: Vec<Diagnostic> = match &checked {
        Ok(checked) => checked
            .diagnostics
            .iter()
            .filter(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.path == practice.shown)
            })
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    };
    reporter.diagnostics(&mine, Format::Human);
    let failed = match &checked {
        Err(error) => Some(error.to_string()),
        Ok(_) if mine.iter().any(Diagnostic::is_error) => {
            Some("the check found errors in it".to_string())
        }
        Ok(_) => None,
    };
    if let Some(why) = failed {
        return match vigie::edit::write_whole(path, &original) {
            Ok(()) => {
                eprintln!("error: {why}: {} left as it was", practice.shown);
                ExitCode::from(1)
            }
            Err(error) => error_exit(format!(
                "{why}, and {} could not be put back: {error}",
                practice.shown
            )),
        };
    }
    if !reporter.quiet {
        let pieces = if pasted.added == 1 { "piece" } else { "pieces" };
        let mut said = format!("added {} {pieces} of evidence to {target}", pasted.added);
        if pasted.already > 0 {
            said.push_str(&format!(" ({} it already had left out)", pasted.already));
        }
        eprintln!("{said}");
    }
    ExitCode::SUCCESS
}

/// A table of what a probe found, for the terminal: each record, whose each
/// address is, and what could not be learnt.
fn probe_summary(report: &vigie::probe::Report) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    for evidence in &report.evidence {
        let kind = evidence.kind.as_str();
        for record in &evidence.records {
            let mut found = record.value.to_string();
            let owner = report.owners.iter().find(|owner| {
                record.record_type == "IP" && owner.address.to_string() == record.name
            });
            if let Some(owner) = owner {
                found.push_str(&format!(
                    ": {} (operator in {})",
                    owner.provider, owner.country
                ));
                if let Some(region) = &owner.region {
                    found.push_str(&format!(", region {region}"));
                }
            } else if let Some(data) = &record.data {
                found.push_str(&format!(" ({data})"));
            }
            let [kind, record_type, name] =
                [kind, &record.record_type, &record.name].map(str::to_string);
            rows.push([kind, record_type, name, found]);
        }
        if let Some(missing) = &evidence.missing {
            rows.push([
                kind.to_string(),
                "!".into(),
                String::new(),
                missing.to_string(),
            ]);
        }
    }
    let width = |column: usize| {
        rows.iter()
            .map(|r| r[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    rows.iter()
        .map(|[a, b, c, d]| format!("{a:<w0$}  {b:<w1$}  {c:<w2$}  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the preview listens, and whether to open it in a browser.
struct Listen {
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
}

fn serve(
    reporter: Reporter,
    options: vigie::Options,
    session: vigie::Session,
    output: PathBuf,
    listen: Listen,
    first: &[Diagnostic],
) -> ExitCode {
    let Listen { bind, port, open } = listen;
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return error_exit(format!("cannot start the server: {error}")),
    };
    let (status, pages) = tokio::sync::watch::channel(vigie::serve::Status::after(0, first));
    // Watching starts before serving, so that no edit made once the page
    // shows is missed.
    match vigie::serve::Watcher::new(&options.root) {
        Ok(watcher) => {
            std::thread::spawn(move || {
                let report = |rebuilt: vigie::serve::Rebuilt<'_>| match rebuilt {
                    vigie::serve::Rebuilt::Built(built, took) => {
                        reporter.diagnostics(&built.checked.diagnostics, Format::Human);
                        if !reporter.quiet {
                            let checked = &built.checked;
                            let counts = counts(checked.errors(), checked.warnings());
                            match built.pages {
                                Some(_) => eprintln!(
                                    "rebuilt in {took:.0?} ({} rendered): {counts}",
                                    counted(built.rendered, "page")
                                ),
                                None => eprintln!("last good pages kept: {counts}"),
                            }
                        }
                    }
                    vigie::serve::Rebuilt::Failed(error) => eprintln!("error: {error}"),
                };
                watcher.run(session, status, report);
            });
        }
        Err(error) => eprintln!("error: {error}; serving without live reload"),
    }
    let result = runtime.block_on(async {
        let (listener, address) = vigie::serve::listen(bind, port).await?;
        if address.port() != port {
            eprintln!("port {port} is busy; using {} instead", address.port());
        }
        eprintln!(
            "serving {} at http://{address}/ with live reload (Ctrl-C to stop)",
            output.display()
        );
        if open && let Err(error) = opener::open(format!("http://{address}/")) {
            eprintln!("warning: cannot open a browser ({error}); open http://{address}/ by hand");
        }
        vigie::serve::serve(listener, &output, pages).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => error_exit(error),
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        counted(errors, "error"),
        counted(warnings, "warning")
    )
}

/// `n` and `word`, plural unless `n` is 1: "1 page", "3 pages".
fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The memory the process holds now, where the system says (Linux).
fn resident_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}

/// Leaves `result` to the end of the process instead of freeing it: the
/// system takes a process's memory back at once, where freeing a wiki of
/// 10,000 dossiers piece by piece took a tenth of `check`'s time.
fn exit_keeping<T>(result: T) {
    std::mem::forget(result);
}

fn status(errors: usize, warnings: usize, deny_warnings: bool) -> ExitCode {
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reports an error that stopped the run, on a line of its own.
fn fail(reporter: &Reporter, error: &vigie::Error) -> ExitCode {
    reporter.finish();
    error_exit(error)
}

/// Says `message` as an error and gives the exit status of usage and I/O
/// errors, 2.
fn error_exit(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// `value` seconds, given as `option`: a usage error when it is not a
/// number of seconds, or is 0 where `zero` is not allowed.
fn seconds(value: f64, option: &str, zero: bool) -> Result<std::time::Duration, String> {
    match std::time::Duration::try_from_secs_f64(value) {
        Ok(duration) if duration.is_zero() && !zero => {
            Err(format!("{option} must be more than 0 seconds"))
        }
        Ok(duration) => Ok(duration),
        Err(_) => Err(format!("{option} {value} is not a number of seconds")),
    }
}

/// Writes `text` to standard output. A reader that stops early (`| head`)
/// is not an error; another failure is said on standard error.
fn to_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to standard output: {error}");
        }
        _ => {}
    }
}
