//! Memory placement of the weight tables. Scoring is bound by cache and TLB
//! misses on ~50 MB of tables read at random: the tables are copied into
//! 64-byte-aligned buffers that the kernel is asked to back with huge pages
//! (one TLB entry per 2 MiB instead of per 4 KiB), the built-in payload's
//! pages in the binary are handed back once it is decoded, and lookups
//! prefetch the slots they are about to read.
//!
//! Everything here is a hint: on other systems, or if the kernel declines,
//! the tables are used as they are and results are unchanged.

// The only module of the crate with unsafe code: madvise and prefetch hints,
// which never change the contents of memory.
#![allow(unsafe_code)]

/// Alignment of a table's first byte: a cache line, so that 16-byte slots
/// never straddle two lines.
const LINE: usize = 64;

/// Huge page size asked for (x86-64 and most aarch64 Linux kernels).
#[cfg(target_os = "linux")]
const HUGE: usize = 2 << 20;

/// A copy of a table's bytes starting on a cache-line boundary, in memory
/// advised for huge pages.
#[derive(Debug, Default)]
pub(crate) struct TableBuf {
    buf: Vec<u8>,
    start: usize,
}

impl Clone for TableBuf {
    fn clone(&self) -> TableBuf {
        // A derived clone would lose the alignment.
        TableBuf::copy_of(self.bytes())
    }
}

impl TableBuf {
    pub(crate) fn copy_of(src: &[u8]) -> TableBuf {
        let mut buf: Vec<u8> = Vec::with_capacity(src.len() + LINE);
        advise_huge(buf.as_ptr() as usize, buf.capacity());
        let start = (LINE - buf.as_ptr() as usize % LINE) % LINE;
        buf.resize(start, 0);
        buf.extend_from_slice(src);
        TableBuf { buf, start }
    }

    #[inline(always)]
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.buf[self.start..]
    }
}

/// Asks for huge pages on the whole 2 MiB pages inside `[addr, addr + len)`,
/// before they are first written.
#[cfg(target_os = "linux")]
pub(crate) fn advise_huge(addr: usize, len: usize) {
    let start = addr.div_ceil(HUGE) * HUGE;
    let end = (addr + len) / HUGE * HUGE;
    if end > start {
        // SAFETY: the range lies inside memory this process owns (an
        // allocation of `len` bytes at `addr`); MADV_HUGEPAGE only changes
        // how the kernel backs the pages, never their contents, and a
        // failure is harmless.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn advise_huge(_addr: usize, _len: usize) {}

/// Takes the whole pages of `bytes` (part of the built-in payload, decoded
/// and copied out) out of this process's resident set. Anything else, such
/// as a leaked heap buffer in a test, is left alone.
#[cfg(target_os = "linux")]
pub(crate) fn release(bytes: &'static [u8]) {
    const PAGE: usize = 4096;
    let image = crate::model::BUILTIN_BYTES.as_ptr_range();
    let range = bytes.as_ptr_range();
    if range.start < image.start || range.end > image.end {
        return;
    }
    let addr = bytes.as_ptr() as usize;
    let start = addr.div_ceil(PAGE) * PAGE;
    let end = (addr + bytes.len()) / PAGE * PAGE;
    if end > start {
        // SAFETY: the range is whole pages of the binary's read-only image
        // (checked above), which the program never writes. MADV_DONTNEED
        // unmaps them from this process only: a later read (tests decode
        // the payload again) maps them back from the file's page cache with
        // the same contents. (MADV_PAGEOUT, used before, also evicted them
        // from the page cache, so every next run read 57 MB from disk and
        // took 0.3-0.5 s to load instead of 0.1 s.)
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn release(_bytes: &'static [u8]) {}

/// Starts loading the cache line holding `x` into all cache levels.
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults and changes no memory;
    // the address comes from a live reference. SSE is part of x86-64.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_copies_are_aligned_and_equal() {
        for n in [0usize, 1, 63, 64, 65, 5000] {
            let src: Vec<u8> = (0..n).map(|i| (i * 7 + n) as u8).collect();
            let t = TableBuf::copy_of(&src);
            assert_eq!(t.bytes(), &src[..]);
            assert_eq!(t.bytes().as_ptr() as usize % LINE, 0);
        }
    }
}
