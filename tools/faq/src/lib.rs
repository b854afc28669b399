//! The FAQ authoring tool's library: what turns `content/` into the bundle the widget fetches.
//! Native only, and not in the widget's dependency graph (pulldown-cmark lives here).

pub mod content;
pub mod error;
pub mod front_matter;
pub mod markdown;
