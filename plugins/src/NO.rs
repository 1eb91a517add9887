//! NO: HSM status, the bundled plugin written in Rust (plugin ABI v1, see docs/plugin-abi.md).
//!
//! Request: "NO" + mode flag (2N); any data after the mode flag is ignored.
//! Mode 00 reply: "NP" "00" + I/O buffer size (1N, "3" = 32K) + Ethernet type (1N, "1" = TCP) + number of TCP
//! sockets (2N, config key status.sockets: decimal text clamped to 0..99, 64 when the key is unknown) + firmware
//! number (9A, config key firmware) + DSP fitted (1N, "0" = no) + DSP firmware (4A, "0000").
//! Mode 01 reply: "NP" "00" + PCI HSM compliance state (1N, "0").
//! Error 15 if the request is shorter than 4 bytes or the mode flag is neither 00 nor 01; error 41 if the firmware
//! number is unknown or not 9 bytes long, if status.sockets is not decimal text, or if the reply cannot be
//! allocated.
//!
//! Built by plugins/build.sh with Debian's rustc 1.63 alone: a no_std cdylib, no crates. It never panics (a
//! panic would trap): no slices or indexing, only range-checked raw pointer reads and writes.
#![no_std]

use core::arch::wasm32;

/// The payShield error codes by name, the same table as hsm_errors.h and the Java enum ErrorCode.
#[allow(dead_code)]
mod errors {
    include!("../include/hsm_errors.rs");
}

/// The plugin's metadata, in the hsm.plugin custom section (one key=value per line).
#[link_section = "hsm.plugin"]
#[used]
pub static META: [u8; 120] = *b"abi=1\n\
command=NO\n\
response=NP\n\
description=HSM status\n\
version=1.0.0\n\
author=WasmHSM project\n\
imports=hsm.config\n\
sample=NO00\n";

#[link(wasm_import_module = "hsm")]
extern "C" {
    /// Host import hsm.config: writes the value of the UTF-8 key into out (at most out_cap bytes) and returns
    /// the value's full length, or -1 if the key is unknown.
    #[link_name = "config"]
    fn hsm_config(key: *const u8, key_len: i32, out: *mut u8, out_cap: i32) -> i32;
}

extern "C" {
    /// First free byte after data and stack, provided by the linker.
    static __heap_base: u8;
}

const PAGE_SIZE: u64 = 65536;
const FIRMWARE_LENGTH: usize = 9;
/// "NP00" + buffer size + Ethernet type + sockets (2) + firmware (9) + DSP fitted + DSP firmware (4).
const STATUS_LENGTH: usize = 4 + 1 + 1 + 2 + FIRMWARE_LENGTH + 1 + 4;
const COMPLIANCE_LENGTH: usize = 5;
const DEFAULT_SOCKETS: u32 = 64;
/// Longest status.sockets value read; longer ones are not a number of sockets.
const SOCKETS_CAPACITY: usize = 16;

/// Top of the bump arena, 0 until the first alloc; reset() rewinds it to __heap_base.
static mut ARENA_TOP: usize = 0;

/// The 4-byte error replies, so that an error reply never needs to allocate.
static mut ERROR_REPLY: [u8; 4] = *b"NP00";

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

fn heap_base() -> usize {
    unsafe { &__heap_base as *const u8 as usize }
}

/// Returns the address of len writable bytes, 8-byte aligned, or None (memory cannot grow).
fn bump(len: u32) -> Option<usize> {
    let top = unsafe { if ARENA_TOP == 0 { heap_base() } else { ARENA_TOP } } as u64;
    let start = (top + 7) & !7;
    let end = start + len as u64;
    if end > u32::MAX as u64 {
        return None;
    }
    let size = wasm32::memory_size(0) as u64 * PAGE_SIZE;
    if end > size {
        let pages = (end - size + PAGE_SIZE - 1) / PAGE_SIZE;
        if wasm32::memory_grow(0, pages as usize) == usize::MAX {
            return None;
        }
    }
    unsafe {
        ARENA_TOP = end as usize;
    }
    Some(start as usize)
}

/// Export alloc: a pointer to len writable bytes, or 0 on failure (negative len, or memory cannot grow).
#[no_mangle]
pub extern "C" fn alloc(len: i32) -> i32 {
    if len < 0 {
        return 0;
    }
    match bump(len as u32) {
        Some(address) => address as i32,
        None => 0,
    }
}

/// Export reset: zeroes and releases everything alloc handed out since the previous reset, as the C plugins do.
#[no_mangle]
pub extern "C" fn reset() {
    unsafe {
        let base = heap_base();
        if ARENA_TOP > base {
            core::ptr::write_bytes(base as *mut u8, 0, ARENA_TOP - base);
        }
        ARENA_TOP = base;
    }
}

/// Packs a pointer and a length into the i64 Execute returns.
fn pack(address: usize, len: usize) -> i64 {
    (((address as u32 as u64) << 32) | len as u32 as u64) as i64
}

/// The packed reply "NP" + error (2 bytes, e.g. errors::INVALID_INPUT).
fn error_reply(code: &[u8; 2]) -> i64 {
    unsafe {
        ERROR_REPLY = [b'N', b'P', code[0], code[1]];
        pack(core::ptr::addr_of!(ERROR_REPLY) as usize, 4)
    }
}

/// Writes bytes at address; the caller allocated them.
unsafe fn put(address: usize, bytes: &[u8]) {
    core::ptr::copy_nonoverlapping(bytes.as_ptr(), address as *mut u8, bytes.len());
}

/// Reads config key into out (out_cap bytes); returns the full value length, or -1 if the key is unknown.
fn config(key: &[u8], out: usize, out_cap: usize) -> i32 {
    unsafe { hsm_config(key.as_ptr(), key.len() as i32, out as *mut u8, out_cap as i32) }
}

/// The number of TCP sockets to report, 0..99: config status.sockets, or 64 when the key is unknown.
/// None if the value is not decimal text (an optional '-' then 1 to 15 digits).
fn sockets() -> Option<u32> {
    let mut value = [0u8; SOCKETS_CAPACITY];
    let len = config(b"status.sockets", value.as_mut_ptr() as usize, SOCKETS_CAPACITY);
    if len < 0 {
        return Some(DEFAULT_SOCKETS);
    }
    let len = len as usize;
    if len == 0 || len > SOCKETS_CAPACITY {
        return None;
    }
    let mut negative = false;
    let mut digits = 0;
    let mut number: u32 = 0;
    for (i, &c) in value.iter().take(len).enumerate() {
        if i == 0 && c == b'-' {
            negative = true;
        } else if c.is_ascii_digit() {
            digits += 1;
            number = (number * 10 + (c - b'0') as u32).min(1000);
        } else {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    Some(if negative { 0 } else { number.min(99) })
}

/// Builds the mode 00 reply.
fn status() -> i64 {
    let sockets = match sockets() {
        Some(sockets) => sockets,
        None => return error_reply(errors::INTERNAL_ERROR),
    };
    let reply = match bump(STATUS_LENGTH as u32) {
        Some(address) => address,
        None => return error_reply(errors::INTERNAL_ERROR),
    };
    if config(b"firmware", reply + 8, FIRMWARE_LENGTH) != FIRMWARE_LENGTH as i32 {
        return error_reply(errors::INTERNAL_ERROR);
    }
    unsafe {
        put(reply, b"NP0031");
        put(reply + 6, &[b'0' + (sockets / 10) as u8, b'0' + (sockets % 10) as u8]);
        put(reply + 8 + FIRMWARE_LENGTH, b"00000");
    }
    pack(reply, STATUS_LENGTH)
}

/// Builds the mode 01 reply.
fn compliance() -> i64 {
    match bump(COMPLIANCE_LENGTH as u32) {
        Some(reply) => {
            unsafe { put(reply, b"NP000") };
            pack(reply, COMPLIANCE_LENGTH)
        }
        None => error_reply(errors::INTERNAL_ERROR),
    }
}

/// Export Execute: runs one request of len bytes at address; returns the packed reply pointer and length.
#[export_name = "Execute"]
pub extern "C" fn execute(address: i32, len: i32) -> i64 {
    let (address, len) = (address as u32 as u64, len as u32 as u64);
    let size = wasm32::memory_size(0) as u64 * PAGE_SIZE;
    if len < 4 || address + len > size {
        return error_reply(errors::INVALID_INPUT);
    }
    let mode = unsafe { [*((address + 2) as usize as *const u8), *((address + 3) as usize as *const u8)] };
    match &mode {
        b"00" => status(),
        b"01" => compliance(),
        _ => error_reply(errors::INVALID_INPUT),
    }
}
