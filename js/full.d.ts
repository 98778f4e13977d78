// wasip1-web/full: the same API as wasip1-web, whose init() loads the full build.
export * from "./index.js";
export { default } from "./index.js";
