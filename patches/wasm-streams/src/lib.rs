//! wasm-streams' `ReadableStream`, as server_fn's browser client uses it, for a widget that has
//! no server functions (why: `Cargo.toml` beside this file). Nothing here is called. If it ever
//! were, a server function's streaming body would fail loudly: `from_stream` panics naming
//! this crate (in the release build, whose panics trap at once, without the message), and a
//! stream read through `into_stream` ends with an error saying the same.

use futures_util::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

const NOT_HERE: &str =
    "selfhelp's build has no streaming server functions (patches/wasm-streams stands in)";

pub mod readable {
    pub use super::{IntoStream, ReadableStream};

    /// The raw JavaScript types, as wasm-streams re-exports them from web-sys.
    pub mod sys {
        pub use web_sys::ReadableStream;
    }
}

/// A JavaScript `ReadableStream`, wrapped.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a raw stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A JavaScript stream fed by a Rust one: not built in (see the crate's doc).
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        panic!("{NOT_HERE}")
    }

    /// The raw stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The stream read as a Rust stream: here, one error saying why, then the end.
    pub fn into_stream(self) -> IntoStream<'static> {
        IntoStream {
            done: false,
            _stream: std::marker::PhantomData,
        }
    }
}

/// What [`ReadableStream::into_stream`] gives.
pub struct IntoStream<'reader> {
    done: bool,
    _stream: std::marker::PhantomData<&'reader ()>,
}

impl Stream for IntoStream<'_> {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        self.done = true;
        Poll::Ready(Some(Err(JsValue::from_str(NOT_HERE))))
    }
}
