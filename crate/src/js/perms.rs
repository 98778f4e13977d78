//! wasip1-perms at the boundary: the `perms` / `module` / `strict` options, denial records as
//! JS objects, and the manifest parser for `js/perms.js` (`embedManifest` / `readManifest`).
#![allow(missing_docs)]

use crate::perms::{Denial, Manifest, Policy, SECTION};
use super::{error, lean_only, set, FULL};
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
        1 => crate::perms::parse_payload(&Uint8Array::new(&sections.get(0)).to_vec()).map(Some),
        n => Err(format!("the module has {n} {SECTION} sections; a module may carry one")),
    }
}

/// The policy from the `perms`, `module` and `strict` options. Errors name the option. The
/// lean build makes none (so it has none of the checks): it refuses a manifest, `strict`, and
/// a module that embeds a manifest, and checks the options as the full build does.
pub fn policy_option(perms: &JsValue, module: &JsValue, strict: &JsValue) -> Result<Option<Policy>, String> {
    let host = if perms.is_undefined() || perms.is_null() {
        None
    } else if !FULL {
        return Err(lean_only("perms"));
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
        if !FULL {
            return match (strict, WebAssembly::Module::custom_sections(m, SECTION).length()) {
                (true, _) => Err(lean_only("strict")),
                (_, 0) => Ok(None),
                _ => Err(lean_only(&format!("module (it embeds a {SECTION} manifest)"))),
            };
        }
        embedded(m).map_err(|e| format!("module: {e}"))?
    };
    if !FULL {
        return Ok(None); // (here: no manifest and not strict, so no policy in either build)
    }
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

/// The canonical JSON of a manifest given as JSON text (`js/perms.js` reads and embeds the
/// section; this is the one parser, shared with the `perms` option and the CLI). Errors start
/// with `prefix` (`manifest: `, `embedded wasip1-perms section: `) and name the field.
#[wasm_bindgen(js_name = manifestJson, skip_typescript)]
pub fn manifest_json(text: &str, prefix: &str) -> Result<String, JsError> {
    if !FULL {
        return Err(error(lean_only("embedManifest and readManifest")));
    }
    Manifest::parse(text).map(|m| m.to_json()).map_err(|e| error(format!("{prefix}{e}")))
}
