//! Compressed page streams kept between the builds of `folio watch`.
//!
//! Deflating the pages' content streams is most of what writing a long book's PDF costs,
//! and after an edit to one piece almost every page's stream is what it was: the same
//! glyphs at the same places. The memo keeps each stream's bytes with their deflated form
//! and hands the deflated form back when a page's stream is byte for byte one it has seen
//! (looked up by XXH3 hash, then compared whole, so a reused stream is exactly what
//! deflating it again would give). Streams no build used are dropped after each build.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Deflated content streams by their plain bytes. Share one across a watch's builds.
#[derive(Default)]
pub struct StreamMemo {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    streams: HashMap<u128, Vec<Kept>>,
    stats: MemoStats,
}

struct Kept {
    plain: Vec<u8>,
    deflated: Arc<Vec<u8>>,
    used: bool,
}

/// What the latest PDF took from the memo and what it deflated.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    pub deflated: usize,
    pub reused: usize,
}

impl StreamMemo {
    pub fn new() -> StreamMemo {
        StreamMemo::default()
    }

    pub fn stats(&self) -> MemoStats {
        self.lock().stats
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Entries are replaced whole, so a panic elsewhere cannot leave one half-made.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn begin(&self) {
        let mut state = self.lock();
        state.stats = MemoStats::default();
        for kept in state.streams.values_mut().flatten() {
            kept.used = false;
        }
    }

    pub(super) fn end(&self) {
        let mut state = self.lock();
        for list in state.streams.values_mut() {
            list.retain(|k| k.used);
        }
        state.streams.retain(|_, list| !list.is_empty());
    }

    /// `plain` deflated: the kept bytes if this stream was seen, else `deflate(plain)`.
    pub(super) fn deflated(
        &self,
        plain: Vec<u8>,
        deflate: impl FnOnce(&[u8]) -> Vec<u8>,
    ) -> Vec<u8> {
        let hash = xxhash_rust::xxh3::xxh3_128(&plain);
        let hit = {
            let mut state = self.lock();
            let hit = state
                .streams
                .get_mut(&hash)
                .and_then(|list| list.iter_mut().find(|k| k.plain == plain))
                .map(|kept| {
                    kept.used = true;
                    kept.deflated.clone()
                });
            if hit.is_some() {
                state.stats.reused += 1;
            }
            hit
        };
        // The bytes are copied out after the lock is let go: pages are written in parallel.
        if let Some(deflated) = hit {
            return deflated.as_ref().clone();
        }
        let deflated = deflate(&plain);
        let kept = Arc::new(deflated.clone());
        let mut state = self.lock();
        state.stats.deflated += 1;
        state.streams.entry(hash).or_default().push(Kept {
            plain,
            deflated: kept,
            used: true,
        });
        deflated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_seen_before_is_not_deflated_again_and_an_unused_one_is_forgotten() {
        let memo = StreamMemo::new();
        let calls = std::cell::Cell::new(0);
        let deflate = |p: &[u8]| {
            calls.set(calls.get() + 1);
            p.iter().rev().copied().collect::<Vec<u8>>()
        };
        memo.begin();
        assert_eq!(memo.deflated(b"abc".to_vec(), deflate), b"cba");
        assert_eq!(memo.deflated(b"xyz".to_vec(), deflate), b"zyx");
        memo.end();
        assert_eq!(calls.get(), 2);

        memo.begin();
        assert_eq!(memo.deflated(b"abc".to_vec(), deflate), b"cba");
        memo.end();
        assert_eq!(calls.get(), 2, "abc came from the memo");
        assert_eq!(
            memo.stats(),
            MemoStats {
                deflated: 0,
                reused: 1
            }
        );

        // xyz was not used by the last build: gone.
        memo.begin();
        memo.deflated(b"xyz".to_vec(), deflate);
        memo.end();
        assert_eq!(calls.get(), 3);
    }
}
