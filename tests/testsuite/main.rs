//! Integration tests: the `vigie` binary run on small content trees, good and
//! deliberately broken. One test binary, one module per area.

mod harness;

mod accessibility;
mod archive;
mod browser;
mod build;
mod cli;
mod diagnostics;
mod english;
mod evidence;
mod links;
mod probe;
mod rebuild;
mod rebuild_props;
mod records;
mod robustness;
mod safety;
mod search;
mod serve;
mod site;
