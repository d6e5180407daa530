//! What the fuzz targets share: an allocator that refuses any single
//! allocation over 256 MB (libFuzzer's `-malloc_limit_mb` needs a sanitizer,
//! which the stable toolchain has not), and the text format of a content tree.

use std::alloc::{GlobalAlloc, Layout, System};

/// The largest single allocation a target may make.
pub const ALLOCATION_LIMIT: usize = 256 << 20;

/// The system allocator, aborting (a crash libFuzzer reports) on any
/// allocation over [`ALLOCATION_LIMIT`].
pub struct Capped;

// SAFETY: every call is handed to the system allocator unchanged, except
// that an oversized request aborts before reaching it.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn check(size: usize) {
    if size > ALLOCATION_LIMIT {
        // No allocation (and so no message) is possible from here.
        std::process::abort();
    }
}

/// Reads a content tree written as text: files separated by NUL bytes, each
/// a path inside `content/` on its first line, then its bytes. The seed
/// corpus is the example wiki in this form (`fuzz/seeds.py`).
pub fn tree(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    data.split(|&b| b == 0)
        .filter_map(|file| {
            let end = file.iter().position(|&b| b == b'\n').unwrap_or(file.len());
            let path = String::from_utf8_lossy(&file[..end]).into_owned();
            let bytes = file.get(end + 1..).unwrap_or_default().to_vec();
            (!path.is_empty()).then_some((path, bytes))
        })
        .collect()
}
