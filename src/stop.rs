//! Being asked to stop (Ctrl-C, SIGTERM). The binary handles the signals and says so here; a
//! batch asks before each row, and emailing before each message. The library never looks at
//! signals itself.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

/// Whether, and why, the run was asked to stop. Clones share one flag.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicI32>);

impl Stop {
    /// Asks the run to stop; `why` is a nonzero number the caller gives meaning to (the binary
    /// gives the signal's). The first request is kept.
    pub fn request(&self, why: i32) {
        let _ = self.0.compare_exchange(0, why.max(1), Ordering::SeqCst, Ordering::SeqCst);
    }

    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst) != 0
    }

    /// The number given to the first `request`.
    pub fn why(&self) -> Option<i32> {
        Some(self.0.load(Ordering::SeqCst)).filter(|&w| w != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_request_is_kept_and_shared() {
        let stop = Stop::default();
        let other = stop.clone();
        assert!(!other.requested() && other.why().is_none());
        stop.request(15);
        stop.request(2);
        assert_eq!((other.requested(), other.why()), (true, Some(15)));
    }
}
