// The stdin ring runInWorker shares with its worker: a SharedArrayBuffer holding four Int32
// counters and the bytes. The page writes (never blocking: what does not fit waits in a queue),
// the worker reads, blocking with Atomics.wait until bytes or end of file arrive. (Source;
// scripts/build.sh puts a minified copy in pkg/.)

const WRITTEN = 0; // bytes written so far (mod 2^32)
const READ = 1; // bytes read so far (mod 2^32)
const CLOSED = 2; // 1 after close(): end of file once the bytes are read
const SEQ = 3; // bumped on every write and on close; what a reader waits on
const HEADER = 16;

export class StdinRing {
  /** A new ring of `capacity` bytes, or a view of an existing one's buffer. */
  constructor(capacityOrBuffer) {
    this.sab = typeof capacityOrBuffer === "number" ? new SharedArrayBuffer(HEADER + capacityOrBuffer) : capacityOrBuffer;
    this.ctl = new Int32Array(this.sab, 0, 4);
    this.data = new Uint8Array(this.sab, HEADER);
    this.queue = [];
    this.closing = false;
  }

  // ---- the page's side ----

  /** Appends bytes; those that do not fit now are kept and written as the reader makes room. */
  write(bytes) {
    if (bytes.length) this.queue.push(bytes);
    this.flush();
  }

  close() {
    this.closing = true;
    this.flush();
  }

  /** Moves queued bytes into the ring; true when the queue is empty. */
  flush() {
    const cap = this.data.length;
    while (this.queue.length) {
      const w = Atomics.load(this.ctl, WRITTEN);
      const free = cap - ((w - Atomics.load(this.ctl, READ)) >>> 0);
      if (free === 0) break;
      const chunk = this.queue[0];
      const n = Math.min(free, chunk.length);
      const at = (w >>> 0) % cap;
      const first = Math.min(n, cap - at);
      this.data.set(chunk.subarray(0, first), at);
      this.data.set(chunk.subarray(first, n), 0);
      Atomics.store(this.ctl, WRITTEN, (w + n) | 0);
      if (n === chunk.length) this.queue.shift();
      else this.queue[0] = chunk.subarray(n);
      this.wake();
    }
    if (this.queue.length === 0 && this.closing && !Atomics.load(this.ctl, CLOSED)) {
      Atomics.store(this.ctl, CLOSED, 1);
      this.wake();
    }
    return this.queue.length === 0;
  }

  wake() {
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
  }

  // ---- the worker's side ----

  available() {
    return (Atomics.load(this.ctl, WRITTEN) - Atomics.load(this.ctl, READ)) >>> 0;
  }

  /** Whether read() would return at once (bytes, or end of file). */
  ready() {
    return this.available() > 0 || Atomics.load(this.ctl, CLOSED) === 1;
  }

  /** Blocks until bytes or end of file may have arrived, or `ms` pass. */
  wait(ms) {
    const seq = Atomics.load(this.ctl, SEQ);
    if (!this.ready()) Atomics.wait(this.ctl, SEQ, seq, ms);
  }

  /** Up to `max` bytes, blocking until there are some; null at end of file. */
  read(max) {
    for (;;) {
      const seq = Atomics.load(this.ctl, SEQ);
      const n = Math.min(max, this.available());
      if (n > 0) {
        const cap = this.data.length;
        const r = Atomics.load(this.ctl, READ);
        const at = (r >>> 0) % cap;
        const out = new Uint8Array(n);
        const first = Math.min(n, cap - at);
        out.set(this.data.subarray(at, at + first), 0);
        out.set(this.data.subarray(0, n - first), first);
        Atomics.store(this.ctl, READ, (r + n) | 0);
        Atomics.add(this.ctl, SEQ, 1);
        Atomics.notify(this.ctl, SEQ); // the writer's queue may now fit
        return out;
      }
      if (Atomics.load(this.ctl, CLOSED) === 1) return null;
      Atomics.wait(this.ctl, SEQ, seq);
    }
  }
}
