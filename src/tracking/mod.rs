//! Parcel tracking, pure Rust: tracking numbers ([`id`]), PostNord Track & Trace responses as
//! served ([`model`]). No DOM and no network here, so all of it is tested natively on fixtures.

pub mod id;
pub mod model;
pub mod recent;
pub mod summary;
