//! Swedish.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::LauncherLabel => "Hjälp",
        Key::PanelTitle => "Vad kan vi hjälpa dig med?",
        Key::CloseLabel => "Stäng hjälpen",
        Key::LanguageLabel => "Språk",
        Key::SearchLabel => "Sök i hjälpen",
        Key::SearchPlaceholder => "Till exempel: var är mitt paket?",
        Key::TrackHeading => "Spåra ett paket",
        Key::TrackLabel => "Kollinummer",
        Key::TrackHint => "Du hittar det i leveransbekräftelsen från butiken.",
        Key::TrackButton => "Spåra",
    }
}
