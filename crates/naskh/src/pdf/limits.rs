//! Resource limits that keep hostile files from exhausting the machine.
//!
//! Every limit is configurable; the defaults are generous for real
//! documents and still bound memory and time on any input. Hitting one
//! fails the page (or the document, for input size) with
//! [`Error::Limit`](crate::Error::Limit); the other pages still come out.
//!
//! Limits enforced inside the (vendored) PDF parser and not configurable:
//! object nesting depth 512 (`[[[[…` or `<<<<…`), nested form XObjects,
//! patterns and Type 3 glyphs 50 deep, cross-reference chains 256 long,
//! page-tree cycles (`/Kids` pointing back) cut by a visited set.

use std::time::{Duration, Instant};

use hayro_interpret::hayro_syntax::guard::{Budget, Trip};

/// Configurable resource limits (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Input bytes accepted for one document.
    pub max_input_bytes: usize,
    /// Decoded bytes of one stream (a Flate zip bomb stops here).
    pub max_stream_bytes: usize,
    /// Decoded bytes of all streams of one document together.
    pub max_decoded_bytes: usize,
    /// Content-stream operators per page, counting nested form XObjects,
    /// patterns and Type 3 glyphs (self-drawing forms stop here).
    pub max_operators_per_page: u64,
    /// Glyphs recorded per page.
    pub max_glyphs_per_page: usize,
    /// Wall time for interpreting one page; `None` for no limit.
    pub page_timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 2 << 30,
            max_stream_bytes: 256 << 20,
            max_decoded_bytes: 1 << 30,
            max_operators_per_page: 10_000_000,
            max_glyphs_per_page: 1_000_000,
            page_timeout: Some(Duration::from_secs(30)),
        }
    }
}

impl Limits {
    /// Install these limits for the PDF parser on the current thread and
    /// reset its per-document counters.
    pub(crate) fn install(&self) {
        hayro_interpret::hayro_syntax::guard::install(Budget {
            max_stream_bytes: self.max_stream_bytes,
            max_total_bytes: self.max_decoded_bytes,
            max_operators: self.max_operators_per_page,
        });
    }

    /// Start a page: reset the operator count and set the deadline.
    pub(crate) fn begin_page(&self) {
        let deadline = self
            .page_timeout
            .and_then(|t| Instant::now().checked_add(t));
        hayro_interpret::hayro_syntax::guard::begin_page(deadline);
    }

    /// The limit the parser hit since [`Limits::begin_page`], as a message.
    pub(crate) fn tripped(&self) -> Option<String> {
        let trip = hayro_interpret::hayro_syntax::guard::trip()?;
        Some(match trip {
            Trip::StreamBytes => format!(
                "a stream decodes to more than {} bytes (max_stream_bytes)",
                self.max_stream_bytes
            ),
            Trip::TotalBytes => format!(
                "the document's streams decode to more than {} bytes (max_decoded_bytes)",
                self.max_decoded_bytes
            ),
            Trip::Operators => format!(
                "more than {} content operators (max_operators_per_page)",
                self.max_operators_per_page
            ),
            Trip::Time => format!(
                "interpretation took longer than {:?} (page_timeout)",
                self.page_timeout.unwrap_or_default()
            ),
        })
    }
}
