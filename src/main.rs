//! The `vigie` command line: parses arguments, calls the library, prints
//! diagnostics and a summary, and sets the exit status (0 success, 1 content
//! errors, 2 usage or I/O errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use vigie::diagnostic::Diagnostic;

/// A static site generator for accountability wikis: what public figures said,
/// beside what they did.
#[derive(Parser)]
#[command(name = "vigie", version, about)]
struct Cli {
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
    },
    /// Check the content, then build the site into the output folder.
    Build {
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include dossiers marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the site, then serve it over HTTP for a preview.
    Serve {
        /// The folder that holds `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; the next free one is taken when it is busy.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Include dossiers marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let today = jiff::Zoned::now().date();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Check {
            root,
            deny_warnings,
        } => {
            let options = vigie::Options {
                root,
                drafts: true,
                today,
            };
            match vigie::check(&options) {
                Ok(checked) => {
                    print_diagnostics(&checked.diagnostics, color);
                    eprintln!(
                        "checked {} files: {} in {}",
                        checked.files,
                        counts(checked.errors(), checked.warnings()),
                        elapsed(started)
                    );
                    status(checked.errors(), checked.warnings(), deny_warnings)
                }
                Err(error) => fail(&error),
            }
        }
        Command::Build {
            root,
            output,
            drafts,
            deny_warnings,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = vigie::Options {
                root,
                drafts,
                today,
            };
            match vigie::build(&options, &output, deny_warnings) {
                Ok(built) => {
                    let checked = &built.checked;
                    print_diagnostics(&checked.diagnostics, color);
                    let result = match built.pages {
                        Some(pages) => format!("built {pages} pages into {}", output.display()),
                        None => format!("nothing written; {} left as it was", output.display()),
                    };
                    eprintln!(
                        "checked {} files: {}; {result} in {}",
                        checked.files,
                        counts(checked.errors(), checked.warnings()),
                        elapsed(started)
                    );
                    status(checked.errors(), checked.warnings(), deny_warnings)
                }
                Err(error) => fail(&error),
            }
        }
        Command::Serve {
            root,
            output,
            bind,
            port,
            drafts,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = vigie::Options {
                root,
                drafts,
                today,
            };
            let built = match vigie::build(&options, &output, false) {
                Ok(built) => built,
                Err(error) => return fail(&error),
            };
            print_diagnostics(&built.checked.diagnostics, color);
            if built.pages.is_none() && !output.join("index.html").is_file() {
                eprintln!("nothing to serve: fix the errors above first");
                return ExitCode::from(1);
            }
            if !bind.is_loopback() {
                eprintln!(
                    "warning: listening on {bind} makes the preview reachable from the network"
                );
            }
            serve(&output, bind, port)
        }
    }
}

fn serve(output: &std::path::Path, bind: std::net::IpAddr, port: u16) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the server: {error}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        let (listener, address) = vigie::serve::listen(bind, port).await?;
        if address.port() != port {
            eprintln!("port {port} is busy; using {} instead", address.port());
        }
        eprintln!(
            "serving {} at http://{address}/ (Ctrl-C to stop)",
            output.display()
        );
        vigie::serve::serve(listener, output).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    for diagnostic in diagnostics {
        eprint!("{}", diagnostic.render(color));
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn elapsed(started: Instant) -> String {
    format!("{:.0?}", started.elapsed())
}

fn status(errors: usize, warnings: usize, deny_warnings: bool) -> ExitCode {
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fail(error: &vigie::Error) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}
