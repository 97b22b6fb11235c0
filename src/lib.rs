//! rinse turns raw scraped web pages into clean article text.
//!
//! Bytes go in as a [`RawPage`]; a [`Pipeline`] decodes them, parses the HTML (or
//! reads the plain text), finds the article, removes clutter by rules, and gives
//! back an [`Article`] with its normalized text, metadata and a record of every
//! removal. The order of the stages lives in `pipeline.rs`.
//!
//! ```
//! let pipeline = rinse::Pipeline::new().expect("bundled rules load");
//! let page = rinse::RawPage::new("<html><body><article><p>Hello, world. This is the article body.</p></article></body></html>");
//! let article = pipeline.clean(&page);
//! assert_eq!(article.text, "Hello, world. This is the article body.\n");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod article;
mod blocks;
mod decode;
mod error;
mod extract;
pub mod fetch;
mod metadata;
mod normalize;
pub mod output;
mod page;
mod parse;
mod pipeline;
mod prepass;
pub mod records;
mod reflow;
pub mod rules;
pub mod stages;

pub use article::{Article, EncodingSource, InputKind, Paragraph, Removal, Stage};
pub use blocks::BlockKind;
pub use error::Error;
pub use fetch::{FetchConfig, FetchError, FetchedPage, Fetcher};
pub use metadata::Metadata;
pub use output::{to_markdown, Format, Record};
pub use page::{InputFormat, RawPage};
pub use pipeline::{Limits, Pipeline};
pub use rules::RuleSet;
