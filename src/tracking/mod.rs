//! Parcel tracking, pure Rust: tracking numbers ([`id`]), PostNord Track & Trace responses as
//! served ([`model`]). No DOM and no network here, so all of it is tested natively on fixtures.

pub mod id;
pub(crate) mod lenient;
pub(crate) mod model;
pub(crate) mod recent;
pub(crate) mod summary;
