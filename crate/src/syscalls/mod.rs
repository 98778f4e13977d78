//! The preview1 syscalls: decode arguments, call the core, write results, return an errno.
//!
//! Every function takes the guest's [`WasiCtx`] and its [`Memory`] plus the raw wasm arguments
//! (`u32` for pointers, sizes and enums; `u64` for 64-bit values), and returns `Ok(())` for
//! `ESUCCESS`, `Err(Error::Errno(_))` for any other errno, or `Err(Error::Trap(_))` to end the
//! guest. The boundary in `js/` maps these onto the import object; [`ALL`] lists all 46 with
//! their exact wasm types.
//!
//! [`WasiCtx`]: crate::ctx::WasiCtx
//! [`Memory`]: crate::memory::Memory

pub mod args;
pub mod clock;
pub mod fd;
pub mod fs;
pub mod poll;
pub mod proc;
pub mod sock;

pub use crate::table::{Signature, ALL};
