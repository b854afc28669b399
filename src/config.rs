//! The merchant's settings: the `<selfhelp-widget>` element's attributes, read once into a typed
//! [`Config`]. This is the only place that knows attribute names; everything else gets values.
//!
//! Reading is pure (a lookup function in, a `Config` out) so it is tested natively. A bad value
//! never breaks the widget: it falls back to the documented default.

use crate::escalation::hours::WeekHours;
use crate::escalation::policy::ContactMode;
use crate::i18n::Lang;

/// The PostNord market whose content and rules apply (who may collect a parcel, customs, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Market {
    No,
    Se,
    Dk,
    Fi,
}

impl Market {
    pub fn code(self) -> &'static str {
        match self {
            Market::No => "no",
            Market::Se => "se",
            Market::Dk => "dk",
            Market::Fi => "fi",
        }
    }

    fn from_code(code: &str) -> Option<Market> {
        match code.trim().to_ascii_lowercase().as_str() {
            "no" | "nor" => Some(Market::No),
            "se" | "swe" => Some(Market::Se),
            "dk" | "dnk" => Some(Market::Dk),
            "fi" | "fin" => Some(Market::Fi),
            _ => None,
        }
    }

    /// The market a language most likely belongs to, when the merchant did not say.
    /// English pages default to Sweden, PostNord's largest market.
    pub fn for_lang(lang: Lang) -> Market {
        match lang {
            Lang::Nb => Market::No,
            Lang::Sv | Lang::En => Market::Se,
            Lang::Da => Market::Dk,
            Lang::Fi => Market::Fi,
        }
    }
}

/// How the widget sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A floating button that opens the panel as a dialog (the default).
    Launcher,
    /// The panel in the page flow, always shown, e.g. on a help page.
    Inline,
}

/// The kind of page the widget is on, so it can suggest what buyers there usually need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageContext {
    Checkout,
    OrderConfirmation,
    Returns,
    Tracking,
    Other,
}

impl PageContext {
    /// The code FAQ articles use in their `contexts`.
    pub fn code(self) -> &'static str {
        match self {
            PageContext::Checkout => "checkout",
            PageContext::OrderConfirmation => "order-confirmation",
            PageContext::Returns => "returns",
            PageContext::Tracking => "tracking",
            PageContext::Other => "",
        }
    }

    fn from_code(code: &str) -> PageContext {
        match code.trim().to_ascii_lowercase().as_str() {
            "checkout" => PageContext::Checkout,
            "order-confirmation" | "confirmation" => PageContext::OrderConfirmation,
            "returns" | "return" => PageContext::Returns,
            "tracking" => PageContext::Tracking,
            _ => PageContext::Other,
        }
    }
}

/// Everything the merchant configured on the element.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The market; from `market`, else derived from the language.
    pub market: Market,
    pub mode: Mode,
    pub context: PageContext,
    /// URL of the FAQ JSON (may be on another origin). None: the FAQ is off.
    pub faq_src: Option<String>,
    /// Tracking proxy URL template with `{id}` and optionally `{locale}`. None: tracking is off.
    pub tracking_url: Option<String>,
    /// Where delivery feedback is POSTed as JSON. None: it is only emitted as an event.
    pub feedback_url: Option<String>,
    /// When a person is offered: self-service (after self-help failed), neutral, ask-first.
    pub contact_mode: ContactMode,
    /// The customer centre's opening hours, in its own time zone.
    pub opening_hours: WeekHours,
    /// The customer centre's IANA time zone.
    pub time_zone: String,
    /// Where each visit's anonymous outcome is sent with `navigator.sendBeacon`. None: events only.
    pub analytics_url: Option<String>,
    /// The built-in chat: a Chatwoot installation's base URL and an API inbox's identifier.
    /// Both are needed; otherwise the conversation is handed to a chat already on the page.
    pub chat: Option<(String, String)>,
}

impl Config {
    /// Reads the settings through `attr`, which returns an attribute's value if it is set.
    /// `lang` is the already resolved language (the loader resolves it before any WebAssembly).
    pub fn from_attributes(attr: impl Fn(&str) -> Option<String>, lang: Lang) -> Config {
        let non_empty = |name: &str| {
            attr(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Config {
            market: non_empty("market")
                .and_then(|m| Market::from_code(&m))
                .unwrap_or(Market::for_lang(lang)),
            mode: match non_empty("mode").as_deref() {
                Some("inline") => Mode::Inline,
                _ => Mode::Launcher,
            },
            context: non_empty("context")
                .map(|c| PageContext::from_code(&c))
                .unwrap_or(PageContext::Other),
            faq_src: non_empty("faq-src"),
            // A template without `{id}` could only ever fetch the same parcel: treat it as unset.
            tracking_url: non_empty("tracking-url").filter(|t| t.contains("{id}")),
            feedback_url: non_empty("feedback-url"),
            contact_mode: non_empty("contact-mode")
                .map(|m| ContactMode::from_attr(&m))
                .unwrap_or_default(),
            opening_hours: non_empty("opening-hours")
                .and_then(|spec| WeekHours::parse(&spec).ok())
                .unwrap_or_default(),
            time_zone: non_empty("time-zone").unwrap_or_else(|| "Europe/Stockholm".to_owned()),
            analytics_url: non_empty("analytics-url"),
            chat: non_empty("chat-url").zip(non_empty("chat-inbox")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)], lang: Lang) -> Config {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_attributes(|name| map.get(name).cloned(), lang)
    }

    #[test]
    fn defaults_follow_the_language() {
        let c = read(&[], Lang::Fi);
        assert_eq!(c.market, Market::Fi);
        assert_eq!(c.mode, Mode::Launcher);
        assert_eq!(c.context, PageContext::Other);
        assert_eq!(c.faq_src, None);
        assert_eq!(read(&[], Lang::En).market, Market::Se);
    }

    #[test]
    fn attributes_are_read() {
        let c = read(
            &[
                ("market", " DK "),
                ("mode", "inline"),
                ("context", "order-confirmation"),
                ("faq-src", "https://cdn.example/faq.json"),
                ("tracking-url", "/track?id={id}&locale={locale}"),
            ],
            Lang::Sv,
        );
        assert_eq!(c.market, Market::Dk);
        assert_eq!(c.mode, Mode::Inline);
        assert_eq!(c.context, PageContext::OrderConfirmation);
        assert_eq!(c.faq_src.as_deref(), Some("https://cdn.example/faq.json"));
        assert_eq!(
            c.tracking_url.as_deref(),
            Some("/track?id={id}&locale={locale}")
        );
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let c = read(
            &[
                ("market", "de"),
                ("mode", "popup"),
                ("context", "?"),
                ("tracking-url", "/track"),
                ("faq-src", "  "),
            ],
            Lang::Nb,
        );
        assert_eq!(c.market, Market::No);
        assert_eq!(c.mode, Mode::Launcher);
        assert_eq!(c.context, PageContext::Other);
        assert_eq!(c.tracking_url, None);
        assert_eq!(c.faq_src, None);
    }
}
