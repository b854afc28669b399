//! Parcel tracking, pure Rust: tracking numbers and their check digits ([`id`]), PostNord Track &
//! Trace responses as served ([`model`], only the fields something reads) through forgiving field
//! readers ([`lenient`]), what a buyer is told about a parcel ([`summary`]), and the numbers this
//! browser tracked lately ([`recent`]). No DOM and no network here, so all of it is tested
//! natively on fixtures.

pub mod id;
pub(crate) mod lenient;
pub(crate) mod model;
pub(crate) mod recent;
pub(crate) mod summary;
