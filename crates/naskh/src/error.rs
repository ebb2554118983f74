//! Error kinds a caller can match, each with a stable process exit code.

use thiserror::Error;

/// What went wrong, as a caller (or a shell script) needs to know it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not a PDF at all (no header, no objects).
    #[error("not a PDF: {0}")]
    NotPdf(String),
    /// A PDF, but too damaged to read any page.
    #[error("damaged beyond repair: {0}")]
    Damaged(String),
    /// Encrypted and the password (empty by default) does not open it.
    #[error("encrypted: {0}")]
    Encrypted(String),
    /// A feature naskh does not handle.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A configured resource limit was hit.
    #[error("resource limit hit: {0}")]
    Limit(String),
    /// Input/output failure (file missing, unreadable, unwritable).
    #[error("i/o error: {0}")]
    Io(String),
    /// Input text is not valid UTF-8 (repair, strict mode).
    #[error("invalid UTF-8: {0}")]
    InvalidUtf8(String),
    /// Bad command-line usage or option value.
    #[error("usage: {0}")]
    Usage(String),
}

impl Error {
    /// Stable exit code of the `naskh` binary for this error kind.
    ///
    /// ```
    /// assert_eq!(naskh::Error::Encrypted("x".into()).exit_code(), 4);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::NotPdf(_) => 3,
            Error::Encrypted(_) => 4,
            Error::Damaged(_) => 5,
            Error::Unsupported(_) => 6,
            Error::Limit(_) => 7,
            Error::Io(_) => 8,
            Error::InvalidUtf8(_) => 9,
        }
    }

    /// Short machine-readable name of the kind (used in JSON diagnostics).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotPdf(_) => "not_pdf",
            Error::Damaged(_) => "damaged",
            Error::Encrypted(_) => "encrypted",
            Error::Unsupported(_) => "unsupported",
            Error::Limit(_) => "limit",
            Error::Io(_) => "io",
            Error::InvalidUtf8(_) => "invalid_utf8",
            Error::Usage(_) => "usage",
        }
    }
}

/// Exit code when some pages failed but others were extracted.
pub const EXIT_PARTIAL: i32 = 10;

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;
