//! Preopen trees given as options: `{ name: contents | sub-tree }`, loaded into the VFS.

use super::error;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Loads a preopen's tree into directory `dir`: names map to file contents (Uint8Array or
/// string) or to sub-trees. Errors name the entry.
pub fn load_tree(fs: &mut crate::vfs::Vfs, dir: crate::vfs::Ino, tree: &Object, at: &str, now: u64) -> Result<(), JsError> {
    use crate::vfs::{Dir, Node};
    for key in Object::keys(tree).iter() {
        let name = key.as_string().unwrap_or_default();
        let path = format!("{at}/{name}");
        if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
            return Err(error(format!("preopens: invalid name \"{path}\"")));
        }
        if name.len() > crate::vfs::NAME_MAX {
            return Err(error(format!("preopens: \"{path}\": a name may have at most {} bytes", crate::vfs::NAME_MAX)));
        }
        let value = Reflect::get(tree, &key).unwrap_or(JsValue::UNDEFINED);
        let node = if let Some(s) = value.as_string() {
            Node::file(s.into_bytes())
        } else if let Some(a) = value.dyn_ref::<Uint8Array>() {
            Node::file(a.to_vec())
        } else if value.is_object() && !js_sys::Array::is_array(&value) {
            Node::Dir(Dir::default())
        } else {
            return Err(error(format!("preopens: \"{path}\" must be a Uint8Array, a string or a directory tree")));
        };
        let is_dir = matches!(node, Node::Dir(_));
        let existing = fs.dir(dir).ok().and_then(|d| d.get(&name));
        let ino = match existing {
            Some(i) if is_dir && fs.dir(i).is_ok() => i,
            Some(_) => return Err(error(format!("preopens: \"{path}\" is given twice"))),
            None => fs.create(dir, &name, node, now).map_err(|_| error(format!("preopens: cannot create \"{path}\"")))?,
        };
        if is_dir {
            load_tree(fs, ino, value.unchecked_ref(), &path, now)?;
        }
    }
    Ok(())
}

