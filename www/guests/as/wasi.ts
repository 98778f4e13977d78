// The files of the gallery's AssemblyScript guests, on raw preview1 calls: @assemblyscript/wasi-shim
// gives console/process/crypto, not a filesystem. Every failing call ends the program with a message
// on stderr and exit code 1, as the other languages' guests do.
import {
  errno,
  fd,
  fd_close,
  fd_prestat_dir_name,
  fd_prestat_get,
  fd_read,
  fd_readdir,
  fd_write,
  filestat,
  iovec,
  lookupflags,
  oflags,
  path_create_directory,
  path_filestat_get,
  path_open,
  path_remove_directory,
  path_unlink_file,
  prestat,
  rights,
} from "bindings/wasi_snapshot_preview1";

/** Ends the program: "<what>: errno <n>" on stderr, exit code 1. */
export function fail(what: string, err: errno = 0): void {
  process.stderr.write(err ? `${what}: errno ${err}\n` : `${what}\n`);
  process.exit(1);
}

function check(err: errno, what: string): void {
  if (err) fail(what, err);
}

/** A path as UTF-8 bytes (not zero-terminated: preview1 takes pointer and length). */
function utf8(path: string): ArrayBuffer {
  return String.UTF8.encode(path);
}

const scratch = memory.data(64);

/** The fd of the preopened directory named `name` ("/data"), as wasi-libc finds it. */
export function preopen(name: string): fd {
  // prestat: u8 tag, then the u32 length of the name at offset 4.
  for (let dirfd: fd = 3; fd_prestat_get(dirfd, changetype<prestat>(scratch)) == 0; dirfd++) {
    const len = load<u32>(scratch, 4);
    const buf = new ArrayBuffer(len);
    check(fd_prestat_dir_name(dirfd, changetype<usize>(buf), len), "fd_prestat_dir_name");
    if (String.UTF8.decode(buf) == name) return dirfd;
  }
  fail(`no preopen ${name}`);
  return 0;
}

export function mkdir(dirfd: fd, path: string): void {
  const p = utf8(path);
  check(path_create_directory(dirfd, changetype<usize>(p), p.byteLength), `mkdir ${path}`);
}

export function rmdir(dirfd: fd, path: string): void {
  const p = utf8(path);
  check(path_remove_directory(dirfd, changetype<usize>(p), p.byteLength), `rmdir ${path}`);
}

export function unlink(dirfd: fd, path: string): void {
  const p = utf8(path);
  check(path_unlink_file(dirfd, changetype<usize>(p), p.byteLength), `unlink ${path}`);
}

const READ_RIGHTS: rights = rights.FD_READ | rights.FD_SEEK | rights.FD_TELL | rights.FD_FILESTAT_GET | rights.FD_READDIR;
const WRITE_RIGHTS: rights = rights.FD_WRITE | rights.FD_SEEK | rights.FD_TELL | rights.FD_FILESTAT_GET;

function open(dirfd: fd, path: string, flags: oflags, base: rights): fd {
  const p = utf8(path);
  check(path_open(dirfd, lookupflags.SYMLINK_FOLLOW, changetype<usize>(p), p.byteLength, flags, base, base, 0, scratch), `open ${path}`);
  return load<u32>(scratch);
}

/** Creates (or truncates) `path` and writes `data` to it. */
export function writeFile(dirfd: fd, path: string, data: Uint8Array): void {
  const file = open(dirfd, path, oflags.CREAT | oflags.TRUNC, WRITE_RIGHTS);
  const iov = changetype<iovec>(scratch);
  for (let done = 0; done < data.length; ) {
    iov.buf = data.dataStart + done;
    iov.buf_len = data.length - done;
    check(fd_write(file, scratch, 1, scratch + offsetof<iovec>()), `write ${path}`);
    done += load<u32>(scratch + offsetof<iovec>());
  }
  check(fd_close(file), `close ${path}`);
}

/** The whole content of `path`. */
export function readFile(dirfd: fd, path: string): Uint8Array {
  const file = open(dirfd, path, 0, READ_RIGHTS);
  let buf = new Uint8Array(4096);
  let len = 0;
  const iov = changetype<iovec>(scratch);
  for (;;) {
    if (len == buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    iov.buf = buf.dataStart + len;
    iov.buf_len = buf.length - len;
    check(fd_read(file, scratch, 1, scratch + offsetof<iovec>()), `read ${path}`);
    const got = load<u32>(scratch + offsetof<iovec>());
    if (got == 0) break;
    len += got;
  }
  check(fd_close(file), `close ${path}`);
  return buf.subarray(0, len);
}

/** The names in directory `path`, "." and ".." left out. */
export function listDir(dirfd: fd, path: string): string[] {
  const dir = open(dirfd, path, oflags.DIRECTORY, READ_RIGHTS);
  const names: string[] = [];
  const buf = new Uint8Array(4096);
  let cookie: u64 = 0;
  for (;;) {
    check(fd_readdir(dir, buf.dataStart, buf.length, cookie, scratch), `readdir ${path}`);
    const used = <i32>load<u32>(scratch);
    // dirent: u64 next, u64 ino, u32 namlen, u8 type, padding: 24 bytes, then the name.
    let at = 0;
    let progressed = false;
    while (at + 24 <= used) {
      const namlen = <i32>load<u32>(buf.dataStart + at, 16);
      if (at + 24 + namlen > used) break; // cut off: read again from this entry's cookie
      cookie = load<u64>(buf.dataStart + at);
      const name = String.UTF8.decodeUnsafe(buf.dataStart + at + 24, namlen);
      if (name != "." && name != "..") names.push(name);
      at += 24 + namlen;
      progressed = true;
    }
    if (used < buf.length) break;
    if (!progressed) fail(`readdir ${path}: an entry larger than the buffer`);
  }
  check(fd_close(dir), `close ${path}`);
  return names;
}

/** The size of `path` (path_filestat_get). */
export function fileSize(dirfd: fd, path: string): u64 {
  const p = utf8(path);
  const st = new ArrayBuffer(offsetof<filestat>());
  check(path_filestat_get(dirfd, lookupflags.SYMLINK_FOLLOW, changetype<usize>(p), p.byteLength, changetype<filestat>(st)), `stat ${path}`);
  return changetype<filestat>(st).size;
}
