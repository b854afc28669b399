//! English.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::LauncherLabel => "Help",
        Key::PanelTitle => "How can we help?",
        Key::CloseLabel => "Close help",
        Key::LanguageLabel => "Language",
        Key::SearchLabel => "Search the help",
        Key::SearchPlaceholder => "For example: where is my parcel?",
        Key::TrackHeading => "Track a parcel",
        Key::TrackLabel => "Tracking number",
        Key::TrackHint => "You find it in the shipping confirmation from the shop.",
        Key::TrackButton => "Track",
    }
}
