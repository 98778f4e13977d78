// For builds.test.mjs: the harness's implementation when a page imports `wasip1-web/perms`
// before the main entry (as a page that attaches manifests would): init() loads the full build.
import "/pkg/perms.js";
export { default, Wasi } from "/pkg/index.js";
