//! WAL checkpoints on a thread of their own.
//!
//! In WAL mode every committed page is written twice: appended to the WAL
//! at commit, and later copied into the database file by a checkpoint.
//! SQLite's automatic checkpoint runs in the committing thread, so ingest
//! would pay for both copies. A writable file store instead hands the
//! copying to this thread, which runs a `PASSIVE` checkpoint (it never
//! blocks readers or the writer) after each commit, on its own connection.
//!
//! The WAL only starts over from its beginning when a write transaction
//! begins after a checkpoint has copied all of it. A checkpointer always one
//! batch behind would let the WAL grow without end, so once it holds more
//! than [`WAL_FRAMES_LIMIT`] frames, the writer waits for the pass in
//! progress to finish before its next transaction (see [`Checkpointer::settle`]).
//! SQLite's own automatic checkpoint stays on as a backstop, at
//! [`AUTOCHECKPOINT_FRAMES`].

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// WAL frames beyond which the writer lets the checkpointer catch up
/// (64 MiB of 4 KiB pages: more than one batch writes into a large store,
/// so that checkpoints overlap ingest).
pub(crate) const WAL_FRAMES_LIMIT: i64 = 16384;

/// The longest the writer waits for a checkpoint pass.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(30);

/// `wal_autocheckpoint` of a store's writing connection: a backstop in case
/// the checkpoint thread cannot keep up.
pub(crate) const AUTOCHECKPOINT_FRAMES: i64 = 4 * WAL_FRAMES_LIMIT;

struct State {
    /// [`WAL_FRAMES_LIMIT`], or another limit set for a test.
    frames_limit: i64,
    /// Passes asked for (one per commit) and passes finished.
    requested: u64,
    finished: u64,
    /// Frames in the WAL when the last pass ran.
    wal_frames: i64,
    stop: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// The checkpoint thread of one open store; stops when dropped.
pub(crate) struct Checkpointer {
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to `path` and starts the thread.
    pub(crate) fn spawn(path: &Path) -> Result<Checkpointer> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                frames_limit: WAL_FRAMES_LIMIT,
                requested: 0,
                finished: 0,
                wal_frames: 0,
                stop: false,
            }),
            changed: Condvar::new(),
        });
        let thread_shared = shared.clone();
        let handle = std::thread::Builder::new()
            .name("khaldun-checkpoint".into())
            .spawn(move || run(conn, &thread_shared))?;
        Ok(Checkpointer {
            shared,
            handle: Some(handle),
        })
    }

    /// Asks for a pass: called after each commit.
    pub(crate) fn nudge(&self) {
        let mut s = lock(&self.shared);
        s.requested += 1;
        self.shared.changed.notify_all();
    }

    pub(crate) fn set_frames_limit(&self, frames: i64) {
        lock(&self.shared).frames_limit = frames;
    }

    /// Called before a write transaction: when the WAL has grown past
    /// [`WAL_FRAMES_LIMIT`], waits until every pass asked for is done, so
    /// that (with no reader holding an old snapshot) the WAL is fully copied
    /// and the coming transaction starts it over.
    pub(crate) fn settle(&self) {
        let mut s = lock(&self.shared);
        if s.wal_frames <= s.frames_limit {
            return;
        }
        // Bounded: should the thread ever stop answering, the writer goes on
        // and SQLite's own checkpoint (the backstop) keeps the WAL in check.
        let deadline = std::time::Instant::now() + SETTLE_TIMEOUT;
        while s.finished < s.requested && !s.stop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            s = self
                .shared
                .changed
                .wait_timeout(s, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        {
            let mut s = lock(&self.shared);
            s.stop = true;
            self.shared.changed.notify_all();
        }
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // The state stays consistent even if a holder panicked: plain counters.
    shared.state.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(conn: Connection, shared: &Shared) {
    loop {
        let target = {
            let mut s = lock(shared);
            while s.finished == s.requested && !s.stop {
                s = shared.changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            if s.finished == s.requested {
                return; // stopping, nothing left to copy
            }
            s.requested
        };
        // (busy, frames in the WAL, frames copied); errors leave the pages
        // safe in the WAL, for the next pass or the backstop to copy.
        let frames = conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            })
            .ok();
        let mut s = lock(shared);
        s.finished = target;
        // The size before this pass, even when it copied everything: the WAL
        // only starts over at the next write, and until a pass sees that,
        // one more wait in `settle` is the safe side.
        if let Some((log, _copied)) = frames {
            s.wal_frames = log;
        }
        shared.changed.notify_all();
    }
}
