//! `wasi.fs`: the guest's filesystem from the host.
#![allow(missing_docs)]

use super::{error, lean_only, set, FULL};
use crate::ctx::WasiCtx;
use js_sys::{Object, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The guest's filesystem from the host (`wasi.fs`). Paths are guest-absolute and resolved
/// from the preopen that covers them, with the guest's rules. Errors are Errors naming the
/// call, the path and the errno (`fs.readFile("/data/x"): ENOENT`).
#[wasm_bindgen]
pub struct WasiFs {
    pub(super) ctx: Rc<RefCell<WasiCtx>>,
    pub(super) slot: u32,
}

fn fs_error(call: &str, path: &str, e: crate::errno::Error) -> JsError {
    let what = match e {
        crate::errno::Error::Errno(e) => e.name().to_string(),
        crate::errno::Error::Trap(t) => t.to_string(),
    };
    error(format!("fs.{call}(\"{path}\"): {what}"))
}

impl WasiFs {
    fn with<T>(&self, call: &str, path: &str, mut f: impl FnMut(&mut WasiCtx) -> crate::errno::Result<T>) -> Result<T, JsError> {
        let mut ctx = self.ctx.try_borrow_mut().map_err(|_| error(format!("fs.{call}: the guest is running (called from a callback?)")))?;
        super::exports::listing(&mut ctx, |c| f(c)).map_err(|e| fs_error(call, path, e))
    }
}

#[wasm_bindgen]
impl WasiFs {
    /// A file's contents.
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&self, path: &str) -> Result<Uint8Array, JsError> {
        self.with("readFile", path, |c| c.host_read_file(path).map(|d| Uint8Array::from(&*d)))
    }

    /// Creates or replaces a file (its directory must exist).
    #[wasm_bindgen(js_name = writeFile)]
    pub fn write_file(&self, path: &str, #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] data: JsValue) -> Result<(), JsError> {
        let bytes = bytes(&data)?;
        self.with("writeFile", path, |c| c.host_write_file(path, &bytes))
    }

    /// Entry names of a directory, without `.` and `..`.
    #[wasm_bindgen(js_name = readDir, unchecked_return_type = "string[]")]
    pub fn read_dir(&self, path: &str) -> Result<js_sys::Array, JsError> {
        self.with("readDir", path, |c| c.host_read_dir(path).map(|v| v.iter().map(|n| JsValue::from_str(n)).collect()))
    }

    /// Creates a directory (its parent must exist).
    pub fn mkdir(&self, path: &str) -> Result<(), JsError> {
        self.with("mkdir", path, |c| c.host_mkdir(path))
    }

    /// Type, size, links, inode number and times.
    #[wasm_bindgen(unchecked_return_type = "WasiStat")]
    pub fn stat(&self, path: &str) -> Result<JsValue, JsError> {
        let st = self.with("stat", path, |c| c.host_stat(path))?;
        let o = Object::new();
        set(&o, "type", &st.kind.into());
        set(&o, "size", &(st.size as f64).into());
        set(&o, "nlink", &(st.nlink as f64).into());
        set(&o, "ino", &(st.ino as f64).into());
        for (name, t) in ["atime", "mtime", "ctime"].iter().zip(st.times) {
            set(&o, name, &js_sys::BigInt::from(t).into());
        }
        Ok(o.into())
    }

    /// Removes a file, a symlink or an empty directory.
    pub fn remove(&self, path: &str) -> Result<(), JsError> {
        self.with("remove", path, |c| c.host_remove(path))
    }
    /// Gives a hard link `newPath` to the file at `existing`.
    pub fn link(&self, existing: &str, #[wasm_bindgen(js_name = newPath)] new_path: &str) -> Result<(), JsError> {
        self.with("link", new_path, |c| c.host_link(existing, new_path))
    }

    /// Creates a symbolic link at `path` pointing to `target` (kept as written).
    pub fn symlink(&self, target: &str, path: &str) -> Result<(), JsError> {
        self.with("symlink", path, |c| c.host_symlink(target, path))
    }

    /// Sets the access, modification and status-change times (ns since the epoch) of what
    /// `path` names (a final symlink itself).
    #[wasm_bindgen(js_name = setTimes)]
    pub fn set_times(&self, path: &str, atime: u64, mtime: u64, ctime: u64) -> Result<(), JsError> {
        self.with("setTimes", path, |c| c.host_set_times(path, [atime, mtime, ctime]))
    }

    /// For mounts (js/mount.js): the entries of a directory, packed: for each, the kind (u8:
    /// 0 file, 1 directory, 2 symlink), whether a file's bytes are in memory (u8), the inode
    /// number, atime, mtime and ctime (u64 LE, ns), then the name and the symlink target (u32
    /// LE length + UTF-8 each).
    #[wasm_bindgen(js_name = scanDir)]
    pub fn scan_dir(&self, path: &str) -> Result<Vec<u8>, JsError> {
        use crate::vfs::{FileData, Node};
        if !FULL {
            return Err(error(lean_only("mounts")));
        }
        self.with("scanDir", path, |c| {
            let mut out = Vec::new();
            for (name, node, ino, times) in c.host_scan(path)? {
                let (kind, mem, target) = match node {
                    Node::File(d) => (0, matches!(d, FileData::Mem(_)), ""),
                    Node::Dir(_) => (1, false, ""),
                    Node::Symlink(t) => (2, false, t.as_str()),
                };
                out.push(kind);
                out.push(mem as u8);
                for v in [ino, times[0], times[1], times[2]] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
                for s in [name.as_bytes(), target.as_bytes()] {
                    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                    out.extend_from_slice(s);
                }
            }
            Ok(out)
        })
    }

    /// For mounts: makes `path` a file whose bytes are in `store` (`{ h, read }`, `h` a
    /// FileSystemSyncAccessHandle); returns its inode number.
    pub fn attach(&self, path: &str, store: JsValue) -> Result<f64, JsError> {
        if !FULL {
            return Err(error(lean_only("mounts")));
        }
        let store = super::services::JsStore { obj: store, slot: self.slot, origin: None, device: false };
        let mut data = Some(crate::vfs::FileData::Store(Box::new(store)));
        self.with("attach", path, |c| c.host_attach(path, data.take().ok_or(crate::errno::Errno::IO)?)).map(|i| i as f64)
    }

    /// For mounts: `persist()` (returning a promise) runs at the guest's durability points
    /// when the tree changed; the guest waits for it (under startAsync).
    #[wasm_bindgen(js_name = persistWith)]
    pub fn persist_with(&self, persist: js_sys::Function) -> Result<(), JsError> {
        if !FULL {
            return Err(error(lean_only("mounts")));
        }
        let slot = self.slot;
        let mut persist = Some(persist);
        self.with("persistWith", "", |c| {
            let callback = persist.take().ok_or(crate::errno::Errno::IO)?;
            c.persist = Some(Box::new(super::services::JsPersist { slot, callback }));
            c.fs.dirty = false;
            Ok(())
        })
    }

    /// For the terminal runner's `--dir`: makes the preopen at `path` the backend directory
    /// `origin` of `backend` (`{ list, create, remove, rename, link, file }`, synchronous), live:
    /// listed as the guest looks into it, changed there first.
    #[cfg(feature = "host-dirs")]
    #[wasm_bindgen(js_name = attachBackend)]
    pub fn attach_backend(&self, path: &str, backend: JsValue, origin: &str) -> Result<(), JsError> {
        let slot = self.slot;
        let backend = crate::vfs::BackendBox(Box::new(super::services::JsBackend { obj: backend, slot }));
        let mut backend = Some(backend);
        self.with("attachBackend", path, |c| {
            let (_, root) = *c.preopens.iter().find(|(p, _)| p == path).ok_or(crate::errno::Errno::NOENT)?;
            if c.fs.backend.is_none() {
                c.fs.backend = backend.take();
            }
            if let crate::vfs::Node::Dir(d) = &mut c.fs.node_mut(root).node {
                d.origin = Some(origin.into());
                d.unlisted = true;
            }
            Ok(())
        })
    }
}

/// File contents for `writeFile`: text (as UTF-8) or bytes.
/// (Undefined or null: an empty file.)
fn bytes(value: &JsValue) -> Result<Vec<u8>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(Vec::new())
    } else if let Some(s) = value.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = value.dyn_ref::<Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(b).to_vec())
    } else {
        Err(error("writeFile: expected a string, a Uint8Array"))
    }
}
