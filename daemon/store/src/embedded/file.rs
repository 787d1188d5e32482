//! The file seam under redb: a wrapper that counts syncs (for the benchmark's syncs/s figure and
//! for tests), and [`CrashableMemory`], an in-memory file that keeps only what was synced when it
//! "crashes" — used to prove that no write is acknowledged before its sync.

use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use redb::{BackendError, StorageBackend};

/// Counts `sync_data` calls made through it.
#[derive(Debug)]
pub struct SyncCounting<B> {
    inner: B,
    syncs: Arc<AtomicU64>,
}

impl<B> SyncCounting<B> {
    pub fn new(inner: B, syncs: Arc<AtomicU64>) -> Self {
        SyncCounting { inner, syncs }
    }
}

impl<B: StorageBackend> StorageBackend for SyncCounting<B> {
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.inner.sync_data()?;
        self.syncs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.inner.write(offset, data)
    }
    fn close(&self) -> std::io::Result<()> {
        self.inner.close()
    }
    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_range(start, end)
    }
    fn try_lock_shared_range(
        &self,
        start: Bound<u64>,
        end: Bound<u64>,
    ) -> Result<bool, BackendError> {
        self.inner.try_lock_shared_range(start, end)
    }
    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_range(start, end)
    }
    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_shared_range(start, end)
    }
    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.unlock_range(start, end)
    }
    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.query_lock_range(start, end)
    }
}

/// An in-memory file with a power-failure model: writes land in `volatile`; `sync_data` copies
/// them to `durable`. [`CrashableMemory::crash_image`] returns what a machine would find after
/// losing power — only synced bytes. Syncs can be made to fail.
#[derive(Debug, Clone, Default)]
pub struct CrashableMemory {
    state: Arc<Mutex<MemState>>,
}

#[derive(Debug, Default)]
struct MemState {
    volatile: Vec<u8>,
    durable: Vec<u8>,
    fail_syncs: bool,
    syncs: u64,
}

impl CrashableMemory {
    /// A file whose durable content is `image` (e.g. a previous crash image).
    pub fn from_image(image: Vec<u8>) -> Self {
        let m = CrashableMemory::default();
        {
            let mut s = m.lock();
            s.volatile = image.clone();
            s.durable = image;
        }
        m
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, MemState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
    /// The bytes that survive a power failure now.
    pub fn crash_image(&self) -> Vec<u8> {
        self.lock().durable.clone()
    }
    /// Makes every later sync fail (a dying disk).
    pub fn fail_syncs(&self, fail: bool) {
        self.lock().fail_syncs = fail;
    }
    pub fn syncs(&self) -> u64 {
        self.lock().syncs
    }
}

impl StorageBackend for CrashableMemory {
    fn len(&self) -> std::io::Result<u64> {
        Ok(self.lock().volatile.len() as u64)
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        let s = self.lock();
        let start = offset as usize;
        let src = s.volatile.get(start..start + out.len()).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "read past end")
        })?;
        out.copy_from_slice(src);
        Ok(())
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.lock().volatile.resize(len as usize, 0);
        Ok(())
    }
    fn sync_data(&self) -> std::io::Result<()> {
        let mut s = self.lock();
        if s.fail_syncs {
            return Err(std::io::Error::other("injected sync failure"));
        }
        s.durable = s.volatile.clone();
        s.syncs += 1;
        Ok(())
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        let mut s = self.lock();
        let start = offset as usize;
        let end = start + data.len();
        if s.volatile.len() < end {
            s.volatile.resize(end, 0);
        }
        s.volatile[start..end].copy_from_slice(data);
        Ok(())
    }
}
