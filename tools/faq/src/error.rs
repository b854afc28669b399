//! What can be wrong with the content directory, named so its author can fix it: the front
//! matter's mistakes with their line, a file's name, a missing or doubled translation, a file
//! that cannot be read; and what the checks the widget shares find ([`ContentError`]). These
//! live here, not beside [`ContentError`], so that their wording is not in the widget.

use selfhelp::domain::Lang;
use selfhelp::faq::article::ContentError;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthoringError {
    /// The file does not open with a `---` line.
    NoFrontMatter,
    /// The front matter has no closing `---` line.
    UnclosedFrontMatter,
    /// A front-matter line is not `key: value`.
    BadLine {
        line: usize,
        text: String,
    },
    UnknownField {
        line: usize,
        key: String,
    },
    DuplicateField {
        line: usize,
        field: &'static str,
    },
    MissingField(&'static str),
    /// A list field is not `[a, b]`.
    BadList {
        field: &'static str,
        value: String,
    },
    /// The file name is not `<id>.md`.
    FileNameMismatch {
        file: String,
        id: String,
    },
    MissingTranslation {
        id: String,
        lang: Lang,
    },
    DuplicateArticle {
        id: String,
        lang: Lang,
    },
    Io {
        path: String,
        message: String,
    },
    InFile {
        path: String,
        source: Box<AuthoringError>,
    },
    /// What the widget's own checks find (an empty field, a value the field does not allow…).
    Content(ContentError),
}

impl AuthoringError {
    /// `value` is not one `field` allows.
    pub(crate) fn bad_value(field: &'static str, value: String) -> AuthoringError {
        AuthoringError::Content(ContentError::BadValue { field, value })
    }
}

impl From<ContentError> for AuthoringError {
    fn from(error: ContentError) -> Self {
        AuthoringError::Content(error)
    }
}

impl fmt::Display for AuthoringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthoringError::NoFrontMatter => {
                write!(f, "no front matter: the first line must be `---`")
            }
            AuthoringError::UnclosedFrontMatter => {
                write!(f, "the front matter has no closing `---` line")
            }
            AuthoringError::BadLine { line, text } => {
                write!(f, "line {line}: `{text}` is not `key: value`")
            }
            AuthoringError::UnknownField { line, key } => write!(
                f,
                "line {line}: unknown field `{key}` (content/README.md lists the fields)"
            ),
            AuthoringError::DuplicateField { line, field } => {
                write!(f, "line {line}: `{field}` is given twice")
            }
            AuthoringError::MissingField(field) => {
                write!(f, "the required field `{field}` is missing")
            }
            AuthoringError::BadList { field, value } => {
                write!(f, "`{field}` must be a list like `[a, b]`, not `{value}`")
            }
            AuthoringError::FileNameMismatch { file, id } => {
                write!(f, "the file is named `{file}.md` but its id is `{id}`")
            }
            AuthoringError::MissingTranslation { id, lang } => {
                write!(f, "`{id}` has no `{}` version", lang.code())
            }
            AuthoringError::DuplicateArticle { id, lang } => {
                write!(f, "`{id}` appears twice in `{}`", lang.code())
            }
            AuthoringError::Io { path, message } => write!(f, "{path}: {message}"),
            AuthoringError::InFile { path, source } => write!(f, "{path}: {source}"),
            AuthoringError::Content(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for AuthoringError {}
