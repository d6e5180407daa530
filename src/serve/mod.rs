//! `vigie serve`: a live preview for contributors.
//!
//! Serves the output folder over HTTP (loopback by default, moving to the next
//! free port when the one asked for is busy), watches `content/` and `themes/`,
//! rebuilds with the same engine as `build` after each save, and tells every
//! open page through server-sent events: reload after a good build, show the
//! diagnostics in an overlay after a failed one (the last good pages stay
//! served), hide them once fixed. The reload script is added to HTML
//! responses here, so it never reaches `build` output.

mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Response, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;
use tower_http::services::{ServeDir, ServeFile};

use crate::diagnostic::{Diagnostic, Severity};

pub use watch::{Rebuilt, Watcher};

/// How many ports after the requested one are tried when it is busy.
const PORT_ATTEMPTS: u16 = 10;

/// Where the preview's own routes live, out of the way of the site's.
const PREFIX: &str = "/__vigie";

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No port from the requested one on was free.
    #[error("cannot listen on {address} or the {PORT_ATTEMPTS} ports after it: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// Why the last attempt failed.
        source: std::io::Error,
    },
    /// The folders could not be watched.
    #[error("cannot watch {path} for changes: {message}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// What open pages are told: the state of the latest build.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// `ok` or `errors`.
    pub state: &'static str,
    /// Counts builds, so that a page knows whether it is stale.
    pub build: u64,
    /// The number of errors.
    pub errors: usize,
    /// The diagnostics, as the terminal shows them.
    pub diagnostics: Vec<ShownDiagnostic>,
}

/// A diagnostic as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ShownDiagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code.
    pub code: &'static str,
    /// The whole diagnostic as text: code, `path:line:column`, source line, help.
    pub text: String,
}

impl Status {
    /// The status after a build numbered `build` that found `diagnostics`.
    pub fn after(build: u64, diagnostics: &[Diagnostic]) -> Status {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Status {
            state: if errors > 0 { "errors" } else { "ok" },
            build,
            errors,
            diagnostics: diagnostics
                .iter()
                .filter(|d| errors == 0 || d.is_error())
                .map(|d| ShownDiagnostic {
                    severity: d.severity,
                    code: d.code.as_str(),
                    text: d.render(false),
                })
                .collect(),
        }
    }
}

/// Listens on `bind:port`, or on the next free port. Returns the listener and
/// the address actually bound.
pub async fn listen(bind: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Error> {
    let mut last = None;
    for offset in 0..=PORT_ATTEMPTS {
        let address = SocketAddr::new(bind, port.saturating_add(offset));
        match TcpListener::bind(address).await {
            Ok(listener) => {
                let bound = listener.local_addr().unwrap_or(address);
                return Ok((listener, bound));
            }
            Err(error) => last = Some(error),
        }
    }
    Err(Error::Bind {
        address: SocketAddr::new(bind, port),
        source: last.unwrap_or_else(|| std::io::Error::other("no port tried")),
    })
}

/// Serves `output` on `listener` until the process is interrupted, telling
/// open pages about each new `status`.
pub async fn serve(
    listener: TcpListener,
    output: &Path,
    status: tokio::sync::watch::Receiver<Status>,
) -> Result<(), Error> {
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let state = Arc::new(status);
    let app = Router::new()
        .route(&format!("{PREFIX}/events"), get(events))
        .route(&format!("{PREFIX}/live.js"), get(live_script))
        .fallback_service(files)
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            inject_script,
        ))
        .with_state(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(Error::Serve)
}

type Shared = Arc<tokio::sync::watch::Receiver<Status>>;

/// Server-sent events: the current status at once, then every change.
async fn events(
    State(status): State<Shared>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let stream = WatchStream::new((*status).clone()).map(|status| {
        Ok(Event::default().data(serde_json::to_string(&status).unwrap_or_default()))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn live_script() -> Response<Body> {
    let mut response = Response::new(Body::from(include_str!("live.js")));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

/// Adds the live-reload script to HTML pages, stamped with the build they
/// come from.
async fn inject_script(State(status): State<Shared>, response: Response<Body>) -> Response<Body> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let build = status.borrow().build;
    let script = format!(
        "<script src=\"{PREFIX}/live.js\" data-events=\"{PREFIX}/events\" data-build=\"{build}\"></script>"
    );
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}
