//! The values every part of the widget talks about: the market, the kind of page, a parcel's
//! status, the language, and how a visit ended (which the merchant's server reads too). They live here, below config, FAQ, tracking and escalation, so those
//! modules share one type per fact instead of passing codes as strings, and none of them has to
//! import another just to name a market.
//!
//! Each type reads and writes the code the outside world uses (attributes, the FAQ bundle,
//! PostNord's JSON, the merchant's beacon), so a typo is caught where the code is read.

use serde::{Deserialize, Serialize};

pub use crate::i18n::Lang;

/// The PostNord market whose content and rules apply (who may collect a parcel, customs, …).
/// In the FAQ bundle it is written as its code (`"no"`, `"se"`, `"dk"`, `"fi"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// The market an FAQ article names by its code (`no se dk fi`, in any case), or `None`.
    pub fn known(code: &str) -> Option<Market> {
        let code = code.trim();
        [Market::No, Market::Se, Market::Dk, Market::Fi]
            .into_iter()
            .find(|market| market.code().eq_ignore_ascii_case(code))
    }

    /// The market for an attribute value: its code or ISO alpha-3 code, in any case.
    pub(crate) fn from_code(code: &str) -> Option<Market> {
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

/// The kind of page the widget is on, so it can suggest what buyers there usually need.
/// FAQ articles name the pages they suit in `contexts`, by [`PageContext::code`]; `Other` is
/// never written there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageContext {
    Checkout,
    OrderConfirmation,
    Returns,
    Tracking,
    #[serde(skip)]
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

    /// The page an FAQ article names in `contexts` by its code (in any case), or `None`; never
    /// [`PageContext::Other`].
    pub fn known(code: &str) -> Option<PageContext> {
        let code = code.trim();
        [
            PageContext::Checkout,
            PageContext::OrderConfirmation,
            PageContext::Returns,
            PageContext::Tracking,
        ]
        .into_iter()
        .find(|context| context.code().eq_ignore_ascii_case(code))
    }

    /// Never fails: a page the widget has no suggestions for is [`PageContext::Other`].
    pub(crate) fn from_code(code: &str) -> PageContext {
        match code.trim().to_ascii_lowercase().as_str() {
            "checkout" => PageContext::Checkout,
            "order-confirmation" | "confirmation" => PageContext::OrderConfirmation,
            "returns" | "return" => PageContext::Returns,
            "tracking" => PageContext::Tracking,
            _ => PageContext::Other,
        }
    }
}

/// Shipment and item status. Items use the same values without `SPLIT`, plus
/// `AVAILABLE_FOR_DELIVERY_PAR_LOC`; one enum serves both so views match on one type.
///
/// Read two ways: PostNord's answer leniently ([`ShipmentStatus::from_code`], where a status
/// added later is `Other`), and an FAQ article's `statuses` strictly ([`ShipmentStatus::known`],
/// by PostNord's code in any case), because a status we do not know there is a typo that would
/// never match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ShipmentStatus {
    Created,
    Informed,
    EnRoute,
    AvailableForDelivery,
    /// In a parcel locker (item status only).
    AvailableForDeliveryParLoc,
    Delayed,
    ExpectedDelay,
    Delivered,
    DeliveryImpossible,
    DeliveryRefused,
    Returned,
    Stopped,
    /// Items of one shipment have different statuses (shipment status only).
    Split,
    /// `OTHER`, and any value PostNord adds after this was written.
    Other,
}

impl ShipmentStatus {
    /// Every status, in PostNord's order.
    pub(crate) const ALL: [ShipmentStatus; 14] = [
        ShipmentStatus::Created,
        ShipmentStatus::Informed,
        ShipmentStatus::EnRoute,
        ShipmentStatus::AvailableForDelivery,
        ShipmentStatus::AvailableForDeliveryParLoc,
        ShipmentStatus::Delayed,
        ShipmentStatus::ExpectedDelay,
        ShipmentStatus::Delivered,
        ShipmentStatus::DeliveryImpossible,
        ShipmentStatus::DeliveryRefused,
        ShipmentStatus::Returned,
        ShipmentStatus::Stopped,
        ShipmentStatus::Split,
        ShipmentStatus::Other,
    ];

    /// Never fails: an unknown or empty code is [`ShipmentStatus::Other`].
    pub(crate) fn from_code(code: &str) -> ShipmentStatus {
        ShipmentStatus::known(code).unwrap_or(ShipmentStatus::Other)
    }

    /// The status PostNord's `code` names (in any case), or `None` for one we do not know.
    pub fn known(code: &str) -> Option<ShipmentStatus> {
        let code = code.trim();
        ShipmentStatus::ALL
            .into_iter()
            .find(|status| status.code().eq_ignore_ascii_case(code))
    }

    /// PostNord's code, for analytics and CSS modifiers.
    pub fn code(self) -> &'static str {
        match self {
            ShipmentStatus::Created => "CREATED",
            ShipmentStatus::Informed => "INFORMED",
            ShipmentStatus::EnRoute => "EN_ROUTE",
            ShipmentStatus::AvailableForDelivery => "AVAILABLE_FOR_DELIVERY",
            ShipmentStatus::AvailableForDeliveryParLoc => "AVAILABLE_FOR_DELIVERY_PAR_LOC",
            ShipmentStatus::Delayed => "DELAYED",
            ShipmentStatus::ExpectedDelay => "EXPECTED_DELAY",
            ShipmentStatus::Delivered => "DELIVERED",
            ShipmentStatus::DeliveryImpossible => "DELIVERY_IMPOSSIBLE",
            ShipmentStatus::DeliveryRefused => "DELIVERY_REFUSED",
            ShipmentStatus::Returned => "RETURNED",
            ShipmentStatus::Stopped => "STOPPED",
            ShipmentStatus::Split => "SPLIT",
            ShipmentStatus::Other => "OTHER",
        }
    }

    /// A parcel in a state self-help cannot fix: the buyer is offered a person sooner, and the
    /// agent is told. The one place that decides which statuses those are.
    ///
    /// `EXPECTED_DELAY` is not among them: it is a forecast for a parcel that is still moving, the
    /// tracking view explains it, and a person cannot make it arrive sooner.
    pub(crate) fn is_troubled(self) -> bool {
        matches!(
            self,
            ShipmentStatus::Delayed
                | ShipmentStatus::Stopped
                | ShipmentStatus::Returned
                | ShipmentStatus::DeliveryImpossible
                | ShipmentStatus::DeliveryRefused
        )
    }
}

/// One visit's outcome. Later, stronger facts win: a buyer who read an article and then asked
/// for a person was escalated, not deflected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Opened the widget; nothing solved, nobody asked.
    #[default]
    Left,
    /// A tracking lookup answered them (found, and they did not go on to ask for a person).
    SolvedByTracking,
    /// They said "Yes" to "Did this answer your question?".
    SolvedByArticle,
    /// They asked to talk to a person.
    Escalated,
}

impl Outcome {
    /// The outcome after `fact`: the stronger of the two.
    pub(crate) fn with(self, fact: Outcome) -> Outcome {
        self.max(fact)
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Left => "left",
            Outcome::SolvedByTracking => "solved-by-tracking",
            Outcome::SolvedByArticle => "solved-by-article",
            Outcome::Escalated => "escalated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markets_read_their_codes_and_write_them_in_the_bundle() {
        for market in [Market::No, Market::Se, Market::Dk, Market::Fi] {
            assert_eq!(Market::from_code(market.code()), Some(market));
            let json = serde_json::to_string(&market).unwrap();
            assert_eq!(json, format!("\"{}\"", market.code()));
            assert_eq!(serde_json::from_str::<Market>(&json).unwrap(), market);
        }
        assert_eq!(Market::from_code(" SWE "), Some(Market::Se));
        assert_eq!(Market::from_code("de"), None);
        assert_eq!(Market::known("SE"), Some(Market::Se));
        assert_eq!(Market::known("swe"), None);
        assert!(serde_json::from_str::<Market>("\"de\"").is_err());
        assert_eq!(Market::for_lang(Lang::En), Market::Se);
    }

    #[test]
    fn page_contexts_read_leniently_but_only_known_ones_are_in_the_bundle() {
        for context in [
            PageContext::Checkout,
            PageContext::OrderConfirmation,
            PageContext::Returns,
            PageContext::Tracking,
        ] {
            assert_eq!(PageContext::from_code(context.code()), context);
            let json = serde_json::to_string(&context).unwrap();
            assert_eq!(json, format!("\"{}\"", context.code()));
            assert_eq!(serde_json::from_str::<PageContext>(&json).unwrap(), context);
        }
        assert_eq!(
            PageContext::from_code("Confirmation"),
            PageContext::OrderConfirmation
        );
        assert_eq!(PageContext::from_code("blog"), PageContext::Other);
        assert_eq!(PageContext::known("Checkout"), Some(PageContext::Checkout));
        assert_eq!(PageContext::known("confirmation"), None);
        assert_eq!(PageContext::known(""), None);
        assert!(serde_json::from_str::<PageContext>("\"\"").is_err());
        assert!(serde_json::to_string(&PageContext::Other).is_err());
    }

    #[test]
    fn statuses_read_postnord_leniently_and_articles_strictly() {
        for status in ShipmentStatus::ALL {
            assert_eq!(ShipmentStatus::from_code(status.code()), status);
            assert_eq!(ShipmentStatus::known(status.code()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.code()));
            assert_eq!(
                serde_json::from_str::<ShipmentStatus>(&json).unwrap(),
                status
            );
        }
        assert_eq!(
            ShipmentStatus::from_code(" en_route "),
            ShipmentStatus::EnRoute
        );
        assert_eq!(
            ShipmentStatus::from_code("LOST_IN_SPACE"),
            ShipmentStatus::Other
        );
        assert_eq!(ShipmentStatus::from_code(""), ShipmentStatus::Other);
        assert_eq!(ShipmentStatus::known("AVAILABLE"), None);
        assert!(serde_json::from_str::<ShipmentStatus>("\"AVAILABLE\"").is_err());
    }

    #[test]
    fn troubled_statuses_are_the_ones_self_help_cannot_fix() {
        let troubled: Vec<&str> = ShipmentStatus::ALL
            .into_iter()
            .filter(|status| status.is_troubled())
            .map(ShipmentStatus::code)
            .collect();
        assert_eq!(
            troubled,
            [
                "DELAYED",
                "DELIVERY_IMPOSSIBLE",
                "DELIVERY_REFUSED",
                "RETURNED",
                "STOPPED"
            ]
        );
    }

    #[test]
    fn troubled_statuses() {
        for code in [
            "DELAYED",
            "STOPPED",
            "RETURNED",
            "DELIVERY_IMPOSSIBLE",
            "delivery_refused",
        ] {
            assert!(ShipmentStatus::from_code(code).is_troubled(), "{code}");
        }
        for code in [
            "EXPECTED_DELAY",
            "EN_ROUTE",
            "DELIVERED",
            "AVAILABLE_FOR_DELIVERY",
            "SPLIT",
            "OTHER",
            "",
            "NEW_CODE",
        ] {
            assert!(!ShipmentStatus::from_code(code).is_troubled(), "{code}");
        }
    }
}
