//! `wasi.trace`: the syscall profile as JS objects.
#![allow(missing_docs)]

use super::set;
use crate::ctx::WasiCtx;
use js_sys::Object;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A guest's syscall profile (`wasi.trace`). Readable during and after the run.
#[wasm_bindgen]
pub struct WasiTrace {
    pub(super) ctx: Rc<RefCell<WasiCtx>>,
}

#[wasm_bindgen]
impl WasiTrace {
    /// `{ [syscall]: { calls, errors: { [errnoName]: count }, timeUs } }` for the calls made.
    #[wasm_bindgen(unchecked_return_type = "TraceSummary")]
    pub fn summary(&self) -> JsValue {
        let out = Object::new();
        // (Without the feature no WasiTrace is ever made: its code goes.)
        if let Some(trace) = self.ctx.borrow().trace.as_ref().filter(|_| cfg!(feature = "trace")) {
            for (name, s) in trace.summary() {
                let entry = Object::new();
                set(&entry, "calls", &(s.calls as f64).into());
                let errors = Object::new();
                for &(e, n) in &s.errors {
                    set(&errors, crate::errno::Errno(e).name(), &(n as f64).into());
                }
                set(&entry, "errors", &errors);
                set(&entry, "timeUs", &(s.time_ns as f64 / 1e3).into());
                set(&out, name, &entry);
            }
        }
        out.into()
    }

    /// The last calls kept by `{ log: N }`, oldest first: `{ name, args, errno, durationUs }`.
    #[wasm_bindgen(unchecked_return_type = "TraceEntry[]")]
    pub fn log(&self) -> JsValue {
        let out = js_sys::Array::new();
        if let Some(trace) = self.ctx.borrow().trace.as_ref().filter(|_| cfg!(feature = "trace")) {
            for e in trace.log() {
                let sig = crate::table::ALL[e.call as usize];
                let args: js_sys::Array = sig
                    .params
                    .bytes()
                    .zip(e.args)
                    .map(|(t, v)| if t == b'I' { js_sys::BigInt::from(v).into() } else { JsValue::from(v as u32) })
                    .collect();
                let entry = Object::new();
                set(&entry, "name", &sig.name.into());
                set(&entry, "args", &args);
                set(&entry, "errno", &e.errno.map_or(JsValue::NULL, |n| n.into()));
                set(&entry, "durationUs", &(e.duration_ns as f64 / 1e3).into());
                out.push(&entry);
            }
        }
        out.into()
    }
}

