//! naskh patch: a per-thread resource budget for hostile input.
//!
//! hayro-syntax decodes streams and iterates content operators without any
//! bound. naskh installs a [`Budget`] on the thread that opens and
//! interprets a document; the decoders stop at the per-stream and
//! per-document byte limits and the content iterator stops at the operator
//! limit or the deadline. What tripped is recorded so that the caller can
//! report a clear error instead of a silently empty page.

use std::cell::RefCell;
use std::time::Instant;

/// Limits for the current thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Decoded bytes of one stream (after each filter of its chain).
    pub max_stream_bytes: usize,
    /// Decoded bytes summed over all streams since [`install`].
    pub max_total_bytes: usize,
    /// Content-stream operators since the last [`begin_page`].
    pub max_operators: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_stream_bytes: 256 << 20,
            max_total_bytes: 1 << 30,
            max_operators: u64::MAX,
        }
    }
}

/// Which limit stopped the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trip {
    /// One stream decoded to more than `max_stream_bytes`.
    StreamBytes,
    /// All streams together decoded to more than `max_total_bytes`.
    TotalBytes,
    /// More than `max_operators` content operators on one page.
    Operators,
    /// The page deadline passed.
    Time,
}

#[derive(Default)]
struct State {
    budget: Budget,
    total: usize,
    ops: u64,
    deadline: Option<Instant>,
    trip: Option<Trip>,
    /// Decoded streams handed over to the next decoder of the same stream
    /// (see [`Stream::decoded_handed_over`](crate::object::Stream::decoded_handed_over)).
    handoff: Vec<Handoff>,
}

/// A stream decoded once and kept for its next decoding on this thread.
struct Handoff {
    /// The stream: its raw data (address and length) and object number.
    key: HandoffKey,
    data: Vec<u8>,
    /// The lengths counted against the budget, filter by filter, replayed
    /// when the data is taken (the budget sees what a second decoding would).
    accounted: Vec<usize>,
}

/// A stream: the address and length of its raw data, and its object id.
pub(crate) type HandoffKey = (usize, usize, u32, i32);

/// Most bytes kept for handing over on one thread.
const MAX_HANDOFF_BYTES: usize = 16 << 20;
/// Most streams kept for handing over on one thread.
const MAX_HANDOFFS: usize = 64;

std::thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// Install a budget on this thread and reset all counters (call when
/// opening a document).
pub fn install(budget: Budget) {
    with(|s| {
        *s = State {
            budget,
            ..State::default()
        }
    });
}

/// Keep a stream's decoded data for the next decoding of the same stream
/// on this thread (dropped by [`install`], or when too much is kept).
pub(crate) fn hand_over(key: HandoffKey, data: Vec<u8>, accounted: Vec<usize>) {
    with(|s| {
        let kept: usize = s.handoff.iter().map(|h| h.data.len()).sum();
        if s.handoff.len() < MAX_HANDOFFS
            && kept.saturating_add(data.len()) <= MAX_HANDOFF_BYTES
            && !s.handoff.iter().any(|h| h.key == key)
        {
            s.handoff.push(Handoff {
                key,
                data,
                accounted,
            });
        }
    });
}

/// Take the data handed over for a stream, counting it against the budget
/// as decoding it would: `Some(Err(()))` when a limit is exceeded.
pub(crate) fn take_handed_over(key: HandoffKey) -> Option<Result<Vec<u8>, ()>> {
    let h = with(|s| {
        if s.handoff.is_empty() {
            return None;
        }
        let i = s.handoff.iter().position(|h| h.key == key)?;
        Some(s.handoff.swap_remove(i))
    })?;
    for n in h.accounted {
        if !account(n) {
            return Some(Err(()));
        }
    }
    Some(Ok(h.data))
}

/// Start a page: reset the operator count, set the deadline, clear the trip.
pub fn begin_page(deadline: Option<Instant>) {
    with(|s| {
        s.ops = 0;
        s.deadline = deadline;
        s.trip = None;
    });
}

/// The first limit hit since [`begin_page`] (or [`install`]), if any.
pub fn trip() -> Option<Trip> {
    with(|s| s.trip)
}

fn set_trip(s: &mut State, t: Trip) {
    s.trip.get_or_insert(t);
}

/// Bytes one stream may still decode to.
pub(crate) fn stream_cap() -> usize {
    with(|s| {
        s.budget
            .max_stream_bytes
            .min(s.budget.max_total_bytes.saturating_sub(s.total))
    })
}

/// A decoder stopped at [`stream_cap`].
pub(crate) fn over_stream_cap() {
    with(|s| {
        let left = s.budget.max_total_bytes.saturating_sub(s.total);
        let t = if left < s.budget.max_stream_bytes {
            Trip::TotalBytes
        } else {
            Trip::StreamBytes
        };
        set_trip(s, t);
    });
}

/// Count `n` decoded bytes; `false` when a limit is now exceeded.
pub(crate) fn account(n: usize) -> bool {
    with(|s| {
        s.total = s.total.saturating_add(n);
        if n > s.budget.max_stream_bytes {
            set_trip(s, Trip::StreamBytes);
            false
        } else if s.total > s.budget.max_total_bytes {
            set_trip(s, Trip::TotalBytes);
            false
        } else {
            true
        }
    })
}

/// Check the page deadline from outside the content iterator (a device
/// doing slow work per glyph); `false` once it has passed or the page was
/// stopped by the operator budget. The interpreter then also stops at the
/// next operator.
pub fn check_deadline() -> bool {
    with(|s| {
        if matches!(s.trip, Some(Trip::Operators | Trip::Time)) {
            return false;
        }
        if let Some(d) = s.deadline
            && Instant::now() >= d
        {
            set_trip(s, Trip::Time);
            return false;
        }
        true
    })
}

/// Count one content operator; `false` once the page must stop.
pub(crate) fn operator() -> bool {
    with(|s| {
        if matches!(s.trip, Some(Trip::Operators | Trip::Time)) {
            return false;
        }
        s.ops += 1;
        if s.ops > s.budget.max_operators {
            set_trip(s, Trip::Operators);
            return false;
        }
        // Reading the clock is cheap but not free: every 64 operators.
        if s.ops.is_multiple_of(64)
            && let Some(d) = s.deadline
            && Instant::now() >= d
        {
            set_trip(s, Trip::Time);
            return false;
        }
        true
    })
}
