//! Resource-limit flags shared by the commands that read PDFs.

use naskh::Error;
use naskh::pdf::Limits;

/// Resource limits (docs/robustness.md); each has a safe default.
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_input_bytes)]
    pub max_input_bytes: usize,
    /// Decoded bytes of one stream (zip bombs stop here).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_stream_bytes)]
    pub max_stream_bytes: usize,
    /// Decoded bytes of all streams of one document together.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_decoded_bytes)]
    pub max_decoded_bytes: usize,
    /// Content-stream operators per page (nested forms included).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_operators_per_page)]
    pub max_operators: u64,
    /// Glyphs per page.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_glyphs_per_page)]
    pub max_glyphs: usize,
    /// Wall time per page in seconds (0: no limit).
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub page_timeout: f64,
}

impl LimitArgs {
    /// The library's [`Limits`] for these flags.
    pub fn limits(&self) -> Result<Limits, Error> {
        if !(self.page_timeout.is_finite() && self.page_timeout >= 0.0) {
            return Err(Error::Usage(format!(
                "bad --page-timeout {} (seconds, 0 for none)",
                self.page_timeout
            )));
        }
        Ok(Limits {
            max_input_bytes: self.max_input_bytes,
            max_stream_bytes: self.max_stream_bytes,
            max_decoded_bytes: self.max_decoded_bytes,
            max_operators_per_page: self.max_operators,
            max_glyphs_per_page: self.max_glyphs,
            // Capped so that the conversion to Duration cannot overflow.
            page_timeout: (self.page_timeout > 0.0)
                .then(|| std::time::Duration::from_secs_f64(self.page_timeout.min(1e9))),
        })
    }
}
