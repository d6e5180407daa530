//! `vigie serve`: serves a built site over HTTP, for a contributor's preview.
//!
//! Binds to an address (loopback by default), moving to the next free port
//! when the one asked for is busy, and serves the output folder, with
//! `404.html` for missing pages. Live reload comes with the watch loop.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

/// How many ports after the requested one are tried when it is busy.
const PORT_ATTEMPTS: u16 = 10;

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
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
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

/// Serves `output` on `listener` until the process is interrupted.
pub async fn serve(listener: TcpListener, output: &Path) -> Result<(), Error> {
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let app = Router::new().fallback_service(files);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(Error::Serve)
}
