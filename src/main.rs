fn main() -> std::process::ExitCode {
    pin_mmap_threshold();
    folio::cli::main()
}

/// glibc serves allocations from 128 KiB up with their own mappings, returned to the system
/// when freed, and raises that threshold to the size of any such block freed (up to 32 MiB).
/// A build frees large blocks early (a picture decoded and scaled for print); after that every
/// buffer of the book's pages, content streams and packages comes from the heap instead, and
/// the heap keeps what it once held: the 500-piece benchmark book peaked at 270 MiB instead
/// of 210. Setting the threshold explicitly keeps it where it is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn pin_mmap_threshold() {
    // SAFETY: mallopt only changes an allocator parameter, and is called before any other
    // thread exists; a failure (return 0) leaves the default behaviour, which is also fine.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn pin_mmap_threshold() {}
