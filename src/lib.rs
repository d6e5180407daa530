//! vigie: a static site generator for accountability wikis, which set what
//! public figures said beside what they did.
//!
//! The library is one pipeline whose stages are modules, in order:
//!
//! 1. [`load`]: walk `content/` and read every file;
//! 2. [`parse`]: split front matter from body, read the YAML with positions;
//! 3. [`validate`]: check every file against the content model and type it;
//! 4. [`resolve`]: link references, wikilinks and backlinks into one [`resolve::Wiki`];
//! 5. [`render`]: turn the wiki into pages;
//! 6. [`write`]: put the pages in the output folder, all or nothing.
//!
//! [`driver`] runs them: [`check`] stages 1 to 4, [`build`] all six, and a
//! [`Session`] (kept by `serve`) renders again only the pages an edit touched.
//! Beside the pipeline, [`probe`] gathers evidence from the network for
//! `vigie probe`, and [`archive`] finds archived copies of sources for
//! `vigie archive`; both write into content files through [`edit`], which
//! keeps every byte it does not add.
//!
//! Each stage takes the previous stage's result by value and hands on its own
//! with every problem it found, as `(output, diagnostics)`: no stage stops at
//! the first problem, prints, or exits.

// Diagnostics are the error values of the stages: large, but rare.
#![allow(clippy::result_large_err)]

pub mod archive;
pub mod diagnostic;
pub mod driver;
pub mod edit;
pub mod front_matter;
pub mod kind;
pub mod load;
pub mod parse;
pub mod probe;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod text;
pub mod validate;
pub mod write;

pub use driver::{
    Built, Checked, Error, Memory, Options, Session, Stage, build, check, check_loaded, check_with,
};
