//! The five languages of the widget and every string it shows or announces.
//!
//! Each language is one file with one exhaustive `match` over [`Key`]: a key added without a
//! translation in every language does not compile, so a missing string can never reach a buyer.
//! No wildcard arms, on purpose.
//!
//! The release build (feature `texts-as-files`) ships only English in the WebAssembly; the four
//! other languages come as `texts/<code>.json` beside it, made from these same files
//! ([`files`]), so a buyer downloads their own language's words and not all five.

pub(crate) mod dates;
pub(crate) mod files;

#[cfg(any(test, not(feature = "texts-as-files")))]
mod da;
mod en;
#[cfg(any(test, not(feature = "texts-as-files")))]
mod fi;
#[cfg(any(test, not(feature = "texts-as-files")))]
mod nb;
#[cfg(any(test, not(feature = "texts-as-files")))]
mod sv;

/// A language the widget speaks. Norwegian is bokmål; `no` and `nn` page tags map to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Nb,
    Sv,
    Da,
    Fi,
    En,
}

impl Lang {
    /// Every language, in the order the language menu lists them.
    pub const ALL: [Lang; 5] = [Lang::Nb, Lang::Sv, Lang::Da, Lang::Fi, Lang::En];

    /// The language's position in [`Lang::ALL`], for per-language tables.
    pub fn index(self) -> usize {
        match self {
            Lang::Nb => 0,
            Lang::Sv => 1,
            Lang::Da => 2,
            Lang::Fi => 3,
            Lang::En => 4,
        }
    }

    /// The code used in the `lang` attribute and the JS API.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Sv => "sv",
            Lang::Da => "da",
            Lang::Fi => "fi",
            Lang::En => "en",
        }
    }

    /// The `locale` PostNord's Track & Trace takes: Norwegian is `no`, not `nb`.
    pub fn postnord_locale(self) -> &'static str {
        match self {
            Lang::Nb => "no",
            other => other.code(),
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Nb => "Norsk (bokmål)",
            Lang::Sv => "Svenska",
            Lang::Da => "Dansk",
            Lang::Fi => "Suomi",
            Lang::En => "English",
        }
    }

    /// "In Swedish" as this language says it, for a result in `other`: Swedish "På norska",
    /// Norwegian "På svensk", Finnish "Ruotsiksi". The language names are this language's own
    /// words, so the label carries this language's `lang`.
    pub fn in_language(self, other: Lang) -> &'static str {
        use Lang::*;
        match (self, other) {
            (Nb, Sv) => "På svensk",
            (Nb, Da) => "På dansk",
            (Nb, Fi) => "På finsk",
            (Nb, En) => "På engelsk",
            (Sv, Nb) => "På norska",
            (Sv, Da) => "På danska",
            (Sv, Fi) => "På finska",
            (Sv, En) => "På engelska",
            (Da, Nb) => "På norsk",
            (Da, Sv) => "På svensk",
            (Da, Fi) => "På finsk",
            (Da, En) => "På engelsk",
            (Fi, Nb) => "Norjaksi",
            (Fi, Sv) => "Ruotsiksi",
            (Fi, Da) => "Tanskaksi",
            (Fi, En) => "Englanniksi",
            (En, Nb) => "In Norwegian",
            (En, Sv) => "In Swedish",
            (En, Da) => "In Danish",
            (En, Fi) => "In Finnish",
            (Nb, Nb) => "På norsk",
            (Sv, Sv) => "På svenska",
            (Da, Da) => "På dansk",
            (Fi, Fi) => "Suomeksi",
            (En, En) => "In English",
        }
    }

    /// Reads a BCP 47 tag as a page or browser gives it (`nb-NO`, `sv_SE`, `NO`, `en-GB`).
    /// `no` and `nn` become bokmål: Nynorsk readers read bokmål and we have no Nynorsk text.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "sv" => Some(Lang::Sv),
            "da" => Some(Lang::Da),
            "fi" => Some(Lang::Fi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text for `key` in this language (in the release build, English until this
    /// language's file is there: [`files`]).
    pub(crate) fn t(self, key: Key) -> &'static str {
        #[cfg(feature = "texts-as-files")]
        {
            files::text(self, key).unwrap_or_else(|| en::text(key))
        }
        #[cfg(not(feature = "texts-as-files"))]
        {
            self.built_in(key)
        }
    }

    /// The text for `key` as this crate's language files have it.
    #[cfg(any(test, not(feature = "texts-as-files")))]
    fn built_in(self, key: Key) -> &'static str {
        match self {
            Lang::Nb => nb::text(key),
            Lang::Sv => sv::text(key),
            Lang::Da => da::text(key),
            Lang::Fi => fi::text(key),
            Lang::En => en::text(key),
        }
    }

    /// Whether this language's words are here (always, but for a language whose file has not
    /// arrived in the release build).
    pub(crate) fn has_words(self) -> bool {
        cfg!(not(feature = "texts-as-files"))
            || self == Lang::En
            || files::text(self, Key::PanelTitle).is_some()
    }
}

/// FNV-1a over the names, each followed by a comma.
const fn fingerprint(names: &[&str]) -> u32 {
    let mut hash = 0x811c_9dc5_u32;
    let mut i = 0;
    while i < names.len() {
        let bytes = names[i].as_bytes();
        let mut j = 0;
        while j <= bytes.len() {
            let byte = if j < bytes.len() { bytes[j] } else { b',' };
            hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
            j += 1;
        }
        i += 1;
    }
    hash
}

/// Declares [`Key`] and `Key::ALL` from one list, so the list tests walk cannot drift.
macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// Every string the widget shows or gives to assistive technology. Texts with `{c}`,
        /// `{n}` or `{s}` take one value, filled in by the view.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum Key { $($(#[$doc])* $key,)* }

        impl Key {
            /// Every key, so tests can walk all of them.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Key] = &[$(Key::$key,)*];
            /// How many keys there are: a language's file holds one text for each.
            pub(crate) const COUNT: usize = [$(stringify!($key),)*].len();
            /// A hash of the keys' names in order: a file made for another list of keys (another
            /// release) is refused, not read with its texts on the wrong keys.
            pub(crate) const FINGERPRINT: u32 = fingerprint(&[$(stringify!($key),)*]);
        }
    };
}

keys! {
    /// The launcher button's name. Also in the loader (public/selfhelp-widget.js), which draws
    /// the launcher before the WebAssembly loads; a test keeps the two equal (only the test
    /// reads it here).
    #[cfg_attr(not(test), allow(dead_code))]
    LauncherLabel,
    PanelTitle,
    CloseLabel,
    LanguageLabel,
    SearchLabel,
    SearchPlaceholder,
    TrackHeading,
    TrackLabel,
    TrackHint,
    TrackButton,
    TrackEmpty,
    TrackTooShort,
    TrackTooLong,
    TrackBadCharacter,
    TrackCheckDigit,
    TrackLoading,
    TrackNotFound,
    TrackNotFoundHelp,
    TrackUnavailable,
    TrackUnreadable,
    TrackRateLimited,
    TrackTimeout,
    TrackNetwork,
    TrackTryAgain,
    TrackOff,
    TrackUnknownCountry,
    TrackRetryIn,
    SenderLabel,
    StatusCreated,
    StatusInformed,
    StatusEnRoute,
    StatusReady,
    StatusReadyLocker,
    StatusDelayed,
    StatusExpectedDelay,
    StatusDelivered,
    StatusImpossible,
    StatusRefused,
    StatusReturned,
    StatusStopped,
    StatusSplit,
    StatusOther,
    EtaLabel,
    DeliveredLabel,
    CollectBefore,
    PickupPointHeading,
    LockerHeading,
    OpenToday,
    ClosedToday,
    OpeningHours,
    Closed,
    MapLink,
    OpensInNewTab,
    TimelineHeading,
    ShowAll,
    ShowFewer,
    ItemsHeading,
    ItemLabel,
    FromPostNord,
    NextStepsHeading,
    StepBringId,
    StepLocker,
    StepWaits,
    StepWaitsNo,
    StepWaitsSe,
    StepMoreTime,
    StepSomeoneElse,
    StepNotReceived,
    StepDelayedWhy,
    StepStoppedWhy,
    StepReturnedWhy,
    StepImpossibleWhy,
    StepRefusedWhy,
    StepNotHandedOver,
    StepOnTheWay,
    StepSplit,
    FeedbackHeading,
    FeedbackRating,
    FeedbackStar,
    FeedbackComment,
    FeedbackSend,
    FeedbackThanks,
    FeedbackFailed,
    FeedbackNeedRating,
    RecentHeading,
    RecentClear,
    RecentClearLabel,
    ResultsLabel,
    ResultsCount,
    ResultsOne,
    NoResults,
    NoResultsHelp,
    PopularHeading,
    TrackThisParcel,
    BackToResults,
    WasItHelpful,
    VerdictYes,
    VerdictNo,
    ThanksYes,
    ThanksNo,
    FaqLoading,
    FaqFailed,
    FaqRetry,
    ReadMore,
    ContactHeading,
    ContactIntro,
    ContactButton,
    TrailHeading,
    TrailIntro,
    TrailRemove,
    TrailEmpty,
    TrailSearched,
    TrailRead,
    TrailHelped,
    TrailNotHelped,
    TrailNoVerdict,
    TrailTracked,
    TrailResults,
    TrailLanguage,
    TrailMarket,
    TrailPage,
    StartChat,
    OpenNow,
    ClosedNow,
    QuietHint,
    HandedOff,
    ChatUnavailable,
    ChatTitle,
    ChatMessageLabel,
    ChatSend,
    ChatSending,
    ChatNotSent,
    ChatRetry,
    ChatYou,
    ChatAgent,
    ChatTyping,
    ChatAgentJoined,
    ChatResolved,
    ConnConnecting,
    ConnConnected,
    ConnReconnecting,
    ConnOffline,
    OfflineIntro,
    OfflineName,
    OfflineEmail,
    OfflineMessage,
    OfflineSend,
    OfflineSent,
    OfflineFailed,
    OfflineBadEmail,
    OfflineNoMessage,
    ChatBackToHelp,
    ChatReturn,
    ChatAgentOnline,
    ChatJoinedName,
    ConnPolling,
    ChatCannotStart,
    ChatUseShopChat,
    ChatLeaveMessage,
    ChatLoadingHistory,
    ChatImage,
    CsatQuestion,
    CsatRating,
    CsatThanks,
    ChatAnswerFailed,
    OfflineIntroNoEmail,
    OfflineSentNoEmail,
    /// The chat's code is on its way (split build).
    ChatOpening,
    /// The chat's code could not be downloaded.
    ChatLoadFailed,
    ChatLoadRetry,
    /// The contact screen's code is on its way (split build).
    ContactLoading,
    /// The contact screen's code could not be downloaded.
    ContactLoadFailed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_languages() {
        assert_eq!(Lang::from_tag("nb-NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("nn"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("sv_SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("DA"), Some(Lang::Da));
        assert_eq!(Lang::from_tag("fi-FI"), Some(Lang::Fi));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de-DE"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn every_string_is_present_and_not_blank() {
        for lang in Lang::ALL {
            for &key in Key::ALL {
                assert!(
                    !lang.built_in(key).trim().is_empty(),
                    "{lang:?} {key:?} is blank"
                );
            }
        }
    }

    #[test]
    fn translations_are_not_english_copies() {
        // A copy of the English text is the usual way a "translation" goes missing.
        for lang in [Lang::Nb, Lang::Sv, Lang::Da, Lang::Fi] {
            for &key in Key::ALL {
                assert_ne!(
                    lang.built_in(key),
                    Lang::En.built_in(key),
                    "{lang:?} {key:?} is still English"
                );
            }
        }
    }

    #[test]
    fn the_loader_draws_the_launcher_and_the_frame_in_the_same_words() {
        // Before the WebAssembly is there, the loader draws the launcher and a frame of the panel
        // (title, close, language menu, search field, loading line): its table must say what the
        // panel says, in this order, then its own "cannot load" message.
        let loader = include_str!("../../public/selfhelp-widget.js");
        let keys = [
            Key::LauncherLabel,
            Key::PanelTitle,
            Key::CloseLabel,
            Key::LanguageLabel,
            Key::SearchLabel,
            Key::SearchPlaceholder,
            Key::FaqLoading,
        ];
        for lang in Lang::ALL {
            let words = keys
                .iter()
                .map(|&key| lang.built_in(key))
                .chain([lang.endonym()])
                .map(|text| format!("'{text}', "))
                .collect::<String>();
            let entry = format!("{}: [{words}'", lang.code());
            assert!(loader.contains(&entry), "loader lacks {entry}");
        }
    }
}
