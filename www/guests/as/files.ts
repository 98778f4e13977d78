// files: N files (argv[1], default 200) of 4096 bytes in /data/w, on raw preview1 calls (wasi.ts):
// write them, read each back and check it, list the directory, stat each, delete them all.
// Prints "files <N> bytes <total read> listed <entries>"; any failure: a message, exit 1.
import { fail, fileSize, listDir, mkdir, preopen, readFile, rmdir, unlink, writeFile } from "./wasi";

const SIZE = 4096;

function content(i: i32): Uint8Array {
  const b = new Uint8Array(SIZE);
  for (let j = 0; j < SIZE; j++) b[j] = <u8>((i + j) % 251);
  return b;
}

const n = process.argv.length > 1 ? I32.parseInt(process.argv[1]) : 200;
const data = preopen("/data");
mkdir(data, "w");
for (let i = 0; i < n; i++) writeFile(data, `w/f${i}.txt`, content(i));
let total: i64 = 0;
for (let i = 0; i < n; i++) {
  const got = readFile(data, `w/f${i}.txt`);
  const want = content(i);
  total += got.length;
  if (got.length != want.length || memory.compare(got.dataStart, want.dataStart, SIZE) != 0) fail(`content of w/f${i}.txt differs`);
}
const listed = listDir(data, "w").length;
for (let i = 0; i < n; i++) {
  if (fileSize(data, `w/f${i}.txt`) != SIZE) fail(`size of w/f${i}.txt differs`);
}
for (let i = 0; i < n; i++) unlink(data, `w/f${i}.txt`);
rmdir(data, "w");
process.stdout.write(`files ${n} bytes ${total} listed ${listed}\n`);
