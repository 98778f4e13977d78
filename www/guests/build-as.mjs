// Compiles AssemblyScript guests for wasm32-wasip1, all in one process through asc's API (the
// `asc` command would load node and the compiler again for each: ~1 s a guest). WASI imports
// instead of Web APIs come from @assemblyscript/wasi-shim's configuration.
//
//   node www/guests/build-as.mjs <src.ts> <out.wasm> [<src.ts> <out.wasm> ...]

import asc from "assemblyscript/asc";
import { createRequire } from "node:module";
import path from "node:path";

// The shim has no `exports`: its asconfig.json resolves as a plain file of the package. asc
// wants it relative to the working directory (given absolute, the `lib` folder it names is not
// found).
const SHIM_CONFIG = path.relative(process.cwd(), createRequire(import.meta.url).resolve("@assemblyscript/wasi-shim/asconfig.json"));

const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.length % 2) {
  console.error("usage: node www/guests/build-as.mjs <src.ts> <out.wasm> [...]");
  process.exit(2);
}
for (let i = 0; i < pairs.length; i += 2) {
  const [src, out] = pairs.slice(i, i + 2);
  const { error, stderr } = await asc.main([src, "--config", SHIM_CONFIG, "-O3", "--outFile", out]);
  if (error) {
    process.stderr.write(stderr.toString());
    console.error(`build-as: ${src}: ${error.message}`);
    process.exit(1);
  }
}
