//! The merchant's settings: the `<selfhelp-widget>` element's attributes, read once into a typed
//! [`Config`]. This is the only place that knows attribute names; everything else gets values.
//!
//! Reading is pure (a lookup function in, a `Config` out) so it is tested natively. A bad value
//! never breaks the widget: it falls back to the documented default.

// Re-exported while views and the visit model still name them through config.
use crate::domain::{Market, PageContext};
use crate::escalation::hours::WeekHours;
use crate::escalation::policy::ContactMode;
use crate::i18n::Lang;

/// How the widget sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A floating button that opens the panel as a dialog (the default).
    Launcher,
    /// The panel in the page flow, always shown, e.g. on a help page.
    Inline,
}

/// Everything the merchant configured on the element.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Config {
    /// The market; from `market`, else derived from the language.
    pub(crate) market: Market,
    pub(crate) mode: Mode,
    pub(crate) context: PageContext,
    /// URLs of the FAQ bundles (may be on another origin), space-separated, each later one merged
    /// over the earlier ones. A URL may hold `{lang}` (one bundle per language, see
    /// `ui::faq::load_faq`); it is kept as written. None: the FAQ is off.
    pub(crate) faq_src: Option<String>,
    /// Tracking proxy URL template with `{id}` and optionally `{locale}`. None: tracking is off.
    pub(crate) tracking_url: Option<String>,
    /// Where delivery feedback is POSTed as JSON. None: it is only emitted as an event.
    pub(crate) feedback_url: Option<String>,
    /// When a person is offered: self-service (after self-help failed), neutral, ask-first.
    pub(crate) contact_mode: ContactMode,
    /// The customer centre's opening hours, in its own time zone.
    pub(crate) opening_hours: WeekHours,
    /// The customer centre's IANA time zone (checked against the browser's list).
    pub(crate) time_zone: String,
    /// Where each visit's anonymous outcome is sent with `navigator.sendBeacon`. None: events only.
    pub(crate) analytics_url: Option<String>,
    /// The built-in chat: a Chatwoot installation's base URL and an API inbox's identifier.
    /// Both are needed; otherwise the conversation is handed to a chat already on the page.
    pub(crate) chat: Option<(String, String)>,
    /// The merchant's inbox e-mails agents' replies to the buyer (`chat-email-replies`): only then
    /// does the widget promise an answer by e-mail out of hours.
    pub(crate) chat_email_replies: bool,
    /// The queue advice on the contact screen.
    pub(crate) queue_advice: QueueAdvice,
}

/// What the contact screen says about queues, outside the quiet hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum QueueAdvice {
    /// PostNord Norway's customer service's own advice (quietest midweek after lunch, busiest
    /// Monday and Friday), said as theirs.
    PostNord,
    /// The operator's own words (`queue-hint`): they know their queues.
    Own(String),
    /// `queue-hint="off"`.
    Off,
}

/// An attribute value that was not used, and what the widget uses instead: told to the merchant
/// once, in the console and as a `selfhelp:error` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConfigWarning {
    pub(crate) attribute: &'static str,
    pub(crate) value: String,
    /// Why it was not used, for the merchant.
    pub(crate) reason: String,
    /// What is used instead.
    pub(crate) using: String,
}

/// The time zone used when the merchant names none, or one the browser does not know.
pub(crate) const DEFAULT_TIME_ZONE: &str = "Europe/Stockholm";

impl Config {
    /// Reads the settings through `attr`, which returns an attribute's value if it is set.
    /// `lang` is the already resolved language (the loader resolves it before any WebAssembly);
    /// `zone_known` says whether the browser knows an IANA time zone. Every bad value falls back
    /// to its default and is named in the warnings.
    pub(crate) fn from_attributes(
        attr: impl Fn(&str) -> Option<String>,
        lang: Lang,
        zone_known: impl Fn(&str) -> bool,
    ) -> (Config, Vec<ConfigWarning>) {
        let mut warnings = Vec::new();
        let non_empty = |name: &str| {
            attr(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut warn = |attribute: &'static str, value: &str, reason: &str, using: &str| {
            warnings.push(ConfigWarning {
                attribute,
                value: value.to_owned(),
                reason: reason.to_owned(),
                using: using.to_owned(),
            })
        };

        let derived = Market::for_lang(lang);
        let market = match non_empty("market") {
            None => derived,
            Some(code) => Market::from_code(&code).unwrap_or_else(|| {
                let using = format!("{} (from the language)", derived.code());
                warn("market", &code, "not one of no, se, dk, fi", &using);
                derived
            }),
        };
        let mode = match non_empty("mode").map(|m| m.to_ascii_lowercase()).as_deref() {
            None | Some("launcher") => Mode::Launcher,
            Some("inline") => Mode::Inline,
            Some(other) => {
                warn("mode", other, "not launcher or inline", "launcher");
                Mode::Launcher
            }
        };
        let context = match non_empty("context") {
            None => PageContext::Other,
            Some(code) => {
                let context = PageContext::from_code(&code);
                if context == PageContext::Other {
                    let reason = "not one of checkout, order-confirmation, returns, tracking";
                    warn("context", &code, reason, "no page context");
                }
                context
            }
        };
        let faq_src = non_empty("faq-src").and_then(|list| {
            let (good, bad): (Vec<&str>, Vec<&str>) = list
                .split_whitespace()
                .partition(|url| is_fetchable(url) || is_json_data(url));
            for url in bad {
                let reason = "not an http(s), relative or data:application/json URL";
                warn("faq-src", url, reason, "the other bundles");
            }
            (!good.is_empty()).then(|| good.join(" "))
        });
        let tracking_url = non_empty("tracking-url").filter(|template| {
            let reason = if !template.contains("{id}") {
                // Without `{id}` it could only ever fetch the same parcel.
                "has no {id} for the tracking number"
            } else if !is_fetchable(template) {
                "not an http(s) or relative URL"
            } else {
                return true;
            };
            warn("tracking-url", template, reason, "tracking off");
            false
        });
        let mut url = |name: &'static str, off: &str| {
            non_empty(name).filter(|url| {
                let ok = is_fetchable(url);
                if !ok {
                    warn(name, url, "not an http(s) or relative URL", off);
                }
                ok
            })
        };
        let feedback_url = url("feedback-url", "feedback as events only");
        let analytics_url = url("analytics-url", "outcomes as events only");
        let contact_mode = match non_empty("contact-mode") {
            None => ContactMode::default(),
            Some(mode) => {
                let parsed = ContactMode::from_attr(&mode);
                if parsed.code() != mode.to_ascii_lowercase() {
                    let reason = "not self-service, neutral or ask-first";
                    warn("contact-mode", &mode, reason, parsed.code());
                }
                parsed
            }
        };
        let opening_hours = match non_empty("opening-hours") {
            None => WeekHours::default(),
            Some(spec) => WeekHours::parse(&spec).unwrap_or_else(|error| {
                let using = "mon-fri 08:00-18:00; sat 10:00-14:00";
                warn("opening-hours", &spec, &error.to_string(), using);
                WeekHours::default()
            }),
        };
        let time_zone = match non_empty("time-zone") {
            None => DEFAULT_TIME_ZONE.to_owned(),
            Some(zone) if zone_known(&zone) => zone,
            Some(zone) => {
                let reason = "not an IANA time zone this browser knows";
                warn("time-zone", &zone, reason, DEFAULT_TIME_ZONE);
                DEFAULT_TIME_ZONE.to_owned()
            }
        };
        let chat = match (non_empty("chat-url"), non_empty("chat-inbox")) {
            (Some(base), Some(inbox)) if is_absolute_http(&base) => Some((base, inbox)),
            (Some(base), Some(_)) => {
                let using = "the page's own chat";
                warn("chat-url", &base, "not an absolute http(s) URL", using);
                None
            }
            (Some(base), None) => {
                warn(
                    "chat-url",
                    &base,
                    "chat-inbox is missing",
                    "the page's own chat",
                );
                None
            }
            (None, Some(inbox)) => {
                warn(
                    "chat-inbox",
                    &inbox,
                    "chat-url is missing",
                    "the page's own chat",
                );
                None
            }
            (None, None) => None,
        };
        let chat_email_replies = match non_empty("chat-email-replies")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("false") => false,
            Some("true" | "chat-email-replies") => true,
            Some(other) => {
                warn("chat-email-replies", other, "not true or false", "false");
                false
            }
        };
        // Plain text, shown as text; long enough for two sentences, never a page.
        let queue_advice = match non_empty("queue-hint") {
            None => QueueAdvice::PostNord,
            Some(text) if text.eq_ignore_ascii_case("off") => QueueAdvice::Off,
            Some(text) if text.chars().count() <= 240 => QueueAdvice::Own(text),
            Some(text) => {
                let using = "PostNord's advice";
                warn("queue-hint", &text, "longer than 240 characters", using);
                QueueAdvice::PostNord
            }
        };
        let config = Config {
            market,
            mode,
            context,
            faq_src,
            tracking_url,
            feedback_url,
            contact_mode,
            opening_hours,
            time_zone,
            analytics_url,
            chat,
            chat_email_replies,
            queue_advice,
        };
        (config, warnings)
    }
}

/// An address the widget may fetch: http(s), protocol-relative or relative. Never `javascript:`,
/// `data:` or another scheme.
fn is_fetchable(url: &str) -> bool {
    if url.contains(char::is_whitespace) {
        return false;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or_default();
    match before_path.split_once(':') {
        // No scheme: relative (`/api/track`, `faq.json`, `//cdn.example/faq.json`).
        None => true,
        Some((scheme, _)) => {
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        }
    }
}

/// A bundle inlined in the page (`data:application/json,…`): fetching it runs nothing.
fn is_json_data(url: &str) -> bool {
    let lower = url.get(..22).unwrap_or_default().to_ascii_lowercase();
    lower == "data:application/json," || lower == "data:application/json;"
}

/// An absolute http(s) URL with a host (the chat's base, which the WebSocket URL is built from).
fn is_absolute_http(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/')) && is_fetchable(url)
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
        let (config, _) = Config::from_attributes(|name| map.get(name).cloned(), lang, |_| true);
        config
    }

    fn warnings(pairs: &[(&str, &str)]) -> Vec<ConfigWarning> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let known = |zone: &str| ["Europe/Stockholm", "Europe/Oslo"].contains(&zone);
        Config::from_attributes(|name| map.get(name).cloned(), Lang::Sv, known).1
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

    #[test]
    fn every_bad_value_is_named_once_with_what_is_used_instead() {
        let cases: &[(&str, &str, &str)] = &[
            ("market", "de", "se (from the language)"),
            ("mode", "popup", "launcher"),
            ("context", "basket", "no page context"),
            ("faq-src", "javascript:alert(1)", "the other bundles"),
            ("tracking-url", "/track", "tracking off"),
            ("tracking-url", "data:text/html,{id}", "tracking off"),
            (
                "feedback-url",
                "ftp://x.example/f",
                "feedback as events only",
            ),
            ("analytics-url", "javascript:x", "outcomes as events only"),
            ("contact-mode", "always", "self-service"),
            (
                "opening-hours",
                "mon-fri 25:00-18:00",
                "mon-fri 08:00-18:00; sat 10:00-14:00",
            ),
            ("time-zone", "Europe/Stokholm", "Europe/Stockholm"),
            ("chat-email-replies", "maybe", "false"),
        ];
        for &(attribute, value, using) in cases {
            let found = warnings(&[(attribute, value)]);
            assert_eq!(found.len(), 1, "{attribute}={value}: {found:?}");
            assert_eq!(found[0].attribute, attribute);
            assert_eq!(found[0].value, value);
            assert_eq!(found[0].using, using, "{attribute}");
            assert!(!found[0].reason.is_empty());
        }
        let chat_without_inbox = warnings(&[("chat-url", "https://chat.example")]);
        assert_eq!(chat_without_inbox[0].attribute, "chat-url");
        let relative_chat = warnings(&[("chat-url", "/chat"), ("chat-inbox", "x")]);
        assert_eq!(relative_chat[0].attribute, "chat-url");
    }

    #[test]
    fn good_values_give_no_warning() {
        let good = warnings(&[
            ("market", "NO"),
            ("mode", "inline"),
            ("context", "checkout"),
            (
                "faq-src",
                "https://cdn.example/faq.json /shop/faq.json //cdn.example/x.json",
            ),
            ("tracking-url", "/api/track?id={id}&locale={locale}"),
            ("feedback-url", "https://shop.example/feedback"),
            ("contact-mode", "ask-first"),
            ("opening-hours", "mon-fri 09:00-17:00"),
            ("time-zone", "Europe/Oslo"),
            ("chat-url", "https://chat.example/base"),
            ("chat-inbox", "abc"),
            ("chat-email-replies", "true"),
        ]);
        assert_eq!(good, []);
    }

    #[test]
    fn the_operator_replaces_or_turns_off_the_queue_advice() {
        assert_eq!(read(&[], Lang::Sv).queue_advice, QueueAdvice::PostNord);
        let own = read(&[("queue-hint", " Quietest after 15:00. ")], Lang::Sv);
        assert_eq!(
            own.queue_advice,
            QueueAdvice::Own("Quietest after 15:00.".into())
        );
        assert_eq!(
            read(&[("queue-hint", "OFF")], Lang::Sv).queue_advice,
            QueueAdvice::Off
        );
        let long = "x".repeat(241);
        assert_eq!(
            warnings(&[("queue-hint", &long)])[0].attribute,
            "queue-hint"
        );
    }

    #[test]
    fn a_bad_bundle_is_dropped_and_the_good_ones_kept() {
        let c = read(
            &[("faq-src", "data:x https://a.example/faq.json")],
            Lang::Sv,
        );
        assert_eq!(c.faq_src.as_deref(), Some("https://a.example/faq.json"));
        let inline = "data:application/json,%7B%22version%22%3A1%7D";
        let c = read(&[("faq-src", inline)], Lang::Sv);
        assert_eq!(c.faq_src.as_deref(), Some(inline));
        let c = read(
            &[("chat-url", "https://chat.example"), ("chat-inbox", "abc")],
            Lang::Sv,
        );
        assert_eq!(c.chat, Some(("https://chat.example".into(), "abc".into())));
    }
}
