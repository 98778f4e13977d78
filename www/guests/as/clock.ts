// clock: N (argv[1], default 100000) reads of the monotonic clock (process.hrtime), 16 random
// bytes (crypto.getRandomValues: random_get) every 100th iteration; the clock must never go
// backwards. Prints "clock <N> random <calls> monotonic ok" (or "... BACKWARDS", exit 1).
const n = process.argv.length > 1 ? I32.parseInt(process.argv[1]) : 100000;
const buf = new Uint8Array(16);
let randoms = 0;
let ok = true;
let last = process.hrtime();
for (let i = 0; i < n; i++) {
  const now = process.hrtime();
  if (now < last) ok = false;
  last = now;
  if (i % 100 == 0) {
    crypto.getRandomValues(buf);
    randoms++;
  }
}
process.stdout.write(`clock ${n} random ${randoms} monotonic ${ok ? "ok" : "BACKWARDS"}\n`);
if (!ok) process.exit(1);
