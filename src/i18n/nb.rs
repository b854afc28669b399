//! Norwegian bokmål.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::LauncherLabel => "Hjelp",
        Key::PanelTitle => "Hva kan vi hjelpe deg med?",
        Key::CloseLabel => "Lukk hjelp",
        Key::LanguageLabel => "Språk",
        Key::SearchLabel => "Søk i hjelpen",
        Key::SearchPlaceholder => "For eksempel: hvor er pakken min?",
        Key::TrackHeading => "Spor en pakke",
        Key::TrackLabel => "Sporingsnummer",
        Key::TrackHint => "Du finner det i sendingsbekreftelsen fra butikken.",
        Key::TrackButton => "Spor",
    }
}
