//! Danish.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::LauncherLabel => "Hjælp",
        Key::PanelTitle => "Hvad kan vi hjælpe dig med?",
        Key::CloseLabel => "Luk hjælp",
        Key::LanguageLabel => "Sprog",
        Key::SearchLabel => "Søg i hjælpen",
        Key::SearchPlaceholder => "For eksempel: hvor er min pakke?",
        Key::TrackHeading => "Følg en pakke",
        Key::TrackLabel => "Forsendelsesnummer",
        Key::TrackHint => "Du finder det i forsendelsesbekræftelsen fra butikken.",
        Key::TrackButton => "Følg",
    }
}
