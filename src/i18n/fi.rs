//! Finnish.

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::LauncherLabel => "Apua",
        Key::PanelTitle => "Miten voimme auttaa?",
        Key::CloseLabel => "Sulje ohje",
        Key::LanguageLabel => "Kieli",
        Key::SearchLabel => "Hae ohjeista",
        Key::SearchPlaceholder => "Esimerkiksi: missä pakettini on?",
        Key::TrackHeading => "Seuraa pakettia",
        Key::TrackLabel => "Seurantatunnus",
        Key::TrackHint => "Löydät sen kaupan lähetysvahvistuksesta.",
        Key::TrackButton => "Seuraa",
    }
}
