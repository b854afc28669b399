//! What the merchant is told when something they set up does not work: one place that words every
//! problem, so the console and the `selfhelp:error` event say the same thing.
//!
//! The buyer hears about a problem in their own language, from the screen it happened on; this is
//! the other half, for whoever embedded the widget: a console warning with the stable prefix
//! `selfhelp:`, naming the attribute or URL at fault, and an event a shop's monitoring can count.
//! Nothing personal goes in: a tracking problem names the URL template, never the number.

use crate::config::ConfigWarning;
use crate::i18n::files::{self, TextsError};
use crate::i18n::Lang;
use crate::net::{Answer, FetchError};

/// Which part of the widget met the problem (`detail.area` of `selfhelp:error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Area {
    Config,
    Faq,
    Tracking,
    Chat,
    Feedback,
}

impl Area {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Area::Config => "config",
            Area::Faq => "faq",
            Area::Tracking => "tracking",
            Area::Chat => "chat",
            Area::Feedback => "feedback",
        }
    }
}

/// What went wrong, with what the merchant needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// An attribute value was not used.
    BadAttribute(ConfigWarning),
    /// The browser got no answer: offline, DNS, a refused connection, or a CORS refusal (the
    /// browser does not say which, so the message names all of them).
    Unreachable { url: String },
    /// No complete answer before the deadline: the server hangs or the connection is too slow.
    Timeout { url: String },
    /// An answer with a status that is not success (404, 500, …).
    Status { url: String, status: u16 },
    /// 429 Too Many Requests.
    RateLimited { url: String },
    /// An answer that is not what the widget reads (bad JSON, wrong bundle version, too large).
    BadContent { url: String, reason: String },
    /// Chatwoot answered 404 for `chat-inbox`: no such inbox at `chat-url`.
    UnknownChatInbox { inbox: String, api: String },
    /// `chat-url` could not be reached when the chat started (offline, refused or CORS).
    ChatUnreachable { api: String },
    /// One of the widget's own lazy-loaded files (`split_chat.wasm`, `split_tracking.wasm`)
    /// could not be fetched or instantiated.
    CodeUnavailable { file: &'static str },
    /// A language's words (`texts/<code>.json`) could not be fetched (`unreadable` None) or
    /// read; the panel speaks English meanwhile.
    TextsUnavailable {
        lang: Lang,
        unreadable: Option<TextsError>,
    },
}

/// One problem in one area: a console line and an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub area: Area,
    pub problem: Problem,
}

impl Diagnostic {
    pub(crate) fn new(area: Area, problem: Problem) -> Diagnostic {
        Diagnostic { area, problem }
    }

    /// The problem of a request that gave no usable answer, or None when it succeeded or was
    /// cancelled (a cancelled request is the widget's own doing).
    pub(crate) fn of_request(
        area: Area,
        url: &str,
        outcome: &Result<Answer, FetchError>,
    ) -> Option<Diagnostic> {
        let url = url.to_owned();
        let problem = match outcome {
            Ok(answer) if (200..300).contains(&answer.status) => return None,
            Ok(answer) => Problem::Status {
                url,
                status: answer.status,
            },
            Err(FetchError::Cancelled) => return None,
            Err(FetchError::Network) => Problem::Unreachable { url },
            Err(FetchError::Timeout) => Problem::Timeout { url },
            Err(FetchError::RateLimited { .. }) => Problem::RateLimited { url },
            Err(FetchError::TooLarge) => Problem::BadContent {
                url,
                reason: "the answer is over 2 MB".to_owned(),
            },
        };
        Some(Diagnostic::new(area, problem))
    }

    /// `detail.kind` of the event.
    pub(crate) fn kind(&self) -> &'static str {
        match &self.problem {
            Problem::BadAttribute(_) => "bad-attribute",
            Problem::Unreachable { .. } => "unreachable",
            Problem::Timeout { .. } => "timeout",
            Problem::Status { status: 404, .. } => "not-found",
            Problem::Status { .. } => "http-error",
            Problem::RateLimited { .. } => "rate-limited",
            Problem::BadContent { .. } => "bad-content",
            Problem::UnknownChatInbox { .. } => "not-found",
            Problem::ChatUnreachable { .. } => "unreachable",
            Problem::CodeUnavailable { .. } => "load-failed",
            Problem::TextsUnavailable {
                unreadable: None, ..
            } => "load-failed",
            Problem::TextsUnavailable { .. } => "bad-content",
        }
    }

    /// `detail.detail` of the event: the attribute's name, or the URL.
    pub(crate) fn detail(&self) -> String {
        match &self.problem {
            Problem::BadAttribute(warning) => warning.attribute.to_owned(),
            Problem::UnknownChatInbox { .. } => "chat-inbox".to_owned(),
            Problem::ChatUnreachable { .. } => "chat-url".to_owned(),
            Problem::CodeUnavailable { file } => (*file).to_owned(),
            Problem::TextsUnavailable { lang, .. } => files::file_name(*lang).to_owned(),
            Problem::Status { url, status } => format!("{status} {url}"),
            Problem::Unreachable { url }
            | Problem::Timeout { url }
            | Problem::RateLimited { url }
            | Problem::BadContent { url, .. } => url.clone(),
        }
    }

    /// The console line, prefixed `selfhelp:` so it can be filtered.
    pub(crate) fn console_text(&self) -> String {
        let what = match self.area {
            Area::Config => "",
            Area::Faq => "the FAQ bundle ",
            Area::Tracking => "the tracking proxy ",
            Area::Chat => "the chat server ",
            Area::Feedback => "the feedback endpoint ",
        };
        match &self.problem {
            Problem::BadAttribute(w) => format!(
                "selfhelp: attribute {}=\"{}\" is ignored: {}; using {}",
                w.attribute, w.value, w.reason, w.using
            ),
            Problem::Unreachable { url } => format!(
                "selfhelp: {what}{url} could not be reached: offline, refused, or not allowed by \
                 CORS (send Access-Control-Allow-Origin for this page's origin)"
            ),
            Problem::Timeout { url } => {
                format!("selfhelp: {what}{url} did not answer in time")
            }
            Problem::Status { url, status } => {
                format!("selfhelp: {what}{url} answered HTTP {status}")
            }
            Problem::RateLimited { url } => {
                format!("selfhelp: {what}{url} answered 429 Too Many Requests")
            }
            Problem::BadContent { url, reason } => {
                format!("selfhelp: {what}{url} answered something unreadable: {reason}")
            }
            Problem::UnknownChatInbox { inbox, api } => format!(
                "selfhelp: chat-inbox \"{inbox}\" is not an inbox at chat-url \"{api}\" \
                 (Chatwoot answered 404); the chat cannot start"
            ),
            Problem::ChatUnreachable { api } => format!(
                "selfhelp: chat-url \"{api}\" cannot be reached (offline, refused, or not \
                 allowed by CORS); the chat cannot start"
            ),
            Problem::CodeUnavailable { file } => format!(
                "selfhelp: the widget's file {file} could not be loaded (offline, or not served \
                 next to selfhelp.js as application/wasm from the same release); the buyer is \
                 offered Try again"
            ),
            Problem::TextsUnavailable { lang, unreadable } => format!(
                "selfhelp: the widget's file {} {}; the panel speaks English until it can be had",
                files::file_name(*lang),
                match unreadable {
                    None => "could not be loaded: offline, or not served next to selfhelp.js",
                    Some(TextsError::NotJson) => "is not a JSON list of texts",
                    Some(TextsError::OtherRelease) => {
                        "is from another release: serve one release's files together"
                    }
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_attribute_names_the_attribute_the_value_and_the_fallback() {
        let d = Diagnostic::new(
            Area::Config,
            Problem::BadAttribute(ConfigWarning {
                attribute: "time-zone",
                value: "Europe/Stokholm".into(),
                reason: "not an IANA time zone this browser knows".into(),
                using: "Europe/Stockholm".into(),
            }),
        );
        assert_eq!(d.kind(), "bad-attribute");
        assert_eq!(d.detail(), "time-zone");
        assert_eq!(
            d.console_text(),
            "selfhelp: attribute time-zone=\"Europe/Stokholm\" is ignored: not an IANA time \
             zone this browser knows; using Europe/Stockholm"
        );
    }

    #[test]
    fn failed_requests_are_told_by_kind_and_successes_not_at_all() {
        let url = "https://shop.example/faq.json";
        let of = |outcome: Result<Answer, FetchError>| {
            Diagnostic::of_request(Area::Faq, url, &outcome).map(|d| (d.kind(), d.detail()))
        };
        let answer = |status| {
            Ok(Answer {
                status,
                body: String::new(),
            })
        };
        assert_eq!(of(answer(200)), None);
        assert_eq!(of(Err(FetchError::Cancelled)), None);
        assert_eq!(of(answer(404)), Some(("not-found", format!("404 {url}"))));
        assert_eq!(of(answer(503)), Some(("http-error", format!("503 {url}"))));
        assert_eq!(
            of(Err(FetchError::Network)),
            Some(("unreachable", url.into()))
        );
        assert_eq!(of(Err(FetchError::Timeout)), Some(("timeout", url.into())));
        let cors = Diagnostic::of_request(Area::Faq, url, &Err(FetchError::Network));
        assert!(cors.is_some_and(|d| d.console_text().contains("CORS")));
    }

    #[test]
    fn a_language_file_that_cannot_be_had_is_named_and_says_english_is_shown() {
        let d = Diagnostic::new(
            Area::Config,
            Problem::TextsUnavailable {
                lang: Lang::Fi,
                unreadable: Some(TextsError::OtherRelease),
            },
        );
        assert_eq!(
            (d.kind(), d.detail().as_str()),
            ("bad-content", "texts/fi.json")
        );
        assert_eq!(
            d.console_text(),
            "selfhelp: the widget's file texts/fi.json is from another release: serve one \
             release's files together; the panel speaks English until it can be had"
        );
    }

    #[test]
    fn a_lazy_file_that_cannot_load_is_named_with_what_to_check() {
        let d = Diagnostic::new(
            Area::Chat,
            Problem::CodeUnavailable {
                file: "split_chat.wasm",
            },
        );
        assert_eq!(
            (d.kind(), d.detail().as_str()),
            ("load-failed", "split_chat.wasm")
        );
        assert!(d.console_text().contains("application/wasm"));
    }
}
