//! wasip1-perms at the boundary: the `perms` / `module` / `strict` options, denial records as
//! JS objects, and `embedManifest` / `readManifest` for pages that attach manifests.
#![allow(missing_docs)]

use crate::perms::{section, Denial, Manifest, Policy, SECTION};
use super::wasi::{error, set};
use js_sys::{Object, Uint8Array, WebAssembly, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A manifest given as JSON text or as an object (stringified, then read by the one parser).
fn manifest_text(value: &JsValue, field: &str) -> Result<String, String> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if !value.is_object() || value.is_instance_of::<Uint8Array>() {
        return Err(format!("{field}: expected a manifest object or its JSON text"));
    }
    JSON::stringify(value).ok().and_then(|s| s.as_string()).ok_or_else(|| format!("{field}: the manifest cannot be turned into JSON"))
}

/// The manifest a compiled module embeds, if any. Errors: two sections, bad content.
fn embedded(module: &WebAssembly::Module) -> Result<Option<Manifest>, String> {
    let sections = WebAssembly::Module::custom_sections(module, SECTION);
    match sections.length() {
        0 => Ok(None),
        1 => section::parse_payload(&Uint8Array::new(&sections.get(0)).to_vec()).map(Some),
        n => Err(format!("the module has {n} {SECTION} sections; a module may carry one")),
    }
}

/// The policy from the `perms`, `module` and `strict` options. Errors name the option.
pub fn policy_option(perms: &JsValue, module: &JsValue, strict: &JsValue) -> Result<Option<Policy>, String> {
    let host = if perms.is_undefined() || perms.is_null() {
        None
    } else {
        Some(Manifest::parse(&manifest_text(perms, "perms")?).map_err(|e| format!("perms: {e}"))?)
    };
    let strict = match strict.as_bool() {
        Some(b) => b,
        None if strict.is_undefined() || strict.is_null() => false,
        None => return Err("strict: expected true or false".into()),
    };
    let embedded = if module.is_undefined() || module.is_null() {
        if strict {
            return Err("strict: needs the guest's compiled `module`, to read the manifest it embeds".into());
        }
        None
    } else {
        let Some(m) = module.dyn_ref::<WebAssembly::Module>() else {
            return Err("module: expected a WebAssembly.Module".into());
        };
        embedded(m).map_err(|e| format!("module: {e}"))?
    };
    Ok(Policy::new(host, embedded, strict))
}

/// `{ syscall, path | name, access, time, count }`.
pub fn denial_object(d: &Denial) -> JsValue {
    let o = Object::new();
    set(&o, "syscall", &d.syscall.into());
    let by_name = matches!(d.access, "env" | "args");
    set(&o, if by_name { "name" } else { "path" }, &d.subject.as_str().into());
    set(&o, "access", &d.access.into());
    set(&o, "time", &d.time_ms.into());
    set(&o, "count", &(d.count as f64).into());
    o.into()
}

/// A copy of a guest's bytes carrying `manifest` (object or JSON text) in its `wasip1-perms`
/// custom section, replacing any it had; nothing else in the module changes. Throws for a
/// malformed manifest (naming the field) or bytes that are not a core wasm module.
#[wasm_bindgen(js_name = embedManifest)]
pub fn embed_manifest(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PermsManifest | string")] manifest: JsValue,
) -> Result<Uint8Array, JsError> {
    let m = Manifest::parse(&manifest_text(&manifest, "manifest").map_err(error)?).map_err(|e| error(format!("manifest: {e}")))?;
    let out = section::embed(&guest_bytes(&bytes)?, &m).map_err(error)?;
    Ok(Uint8Array::from(&out[..]))
}

/// The manifest a guest embeds (from its bytes or compiled module), as an object; `null` when
/// it carries none. Throws when the section is malformed or there are two.
#[wasm_bindgen(js_name = readManifest, unchecked_return_type = "PermsManifest | null")]
pub fn read_manifest(#[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | WebAssembly.Module")] source: JsValue) -> Result<JsValue, JsError> {
    let found = match source.dyn_ref::<WebAssembly::Module>() {
        Some(m) => embedded(m),
        None => section::read_manifest(&guest_bytes(&source)?),
    }
    .map_err(error)?;
    Ok(match found {
        Some(m) => JSON::parse(&m.to_json()).unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    })
}

fn guest_bytes(value: &JsValue) -> Result<Vec<u8>, JsError> {
    if let Some(a) = value.dyn_ref::<Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(b).to_vec())
    } else {
        Err(error("expected the guest's bytes (a Uint8Array or an ArrayBuffer)"))
    }
}
