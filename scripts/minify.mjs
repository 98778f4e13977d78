// Minifies the package's shipped JS in place (pkg/: the entry, the loader, the wasm-bindgen
// JS and the glue snippet): the commented sources stay in the repo (js/, crate/src/js/) and
// the documentation ships in the .d.ts files. Uses rolldown's minifier (vite brings rolldown; both are pinned in the
// lock file). Usage: node scripts/minify.mjs FILE...
import fs from "node:fs";
import { minifySync } from "rolldown/experimental";

for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, "utf8");
  const { code, errors } = minifySync(file, source, { compress: true, mangle: true });
  if (errors?.length) {
    console.error(`minify: ${file}: ${errors.map((e) => e.message).join("; ")}`);
    process.exit(1);
  }
  fs.writeFileSync(file, code);
}
