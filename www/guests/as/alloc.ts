// alloc: the binary-trees benchmark on AssemblyScript's garbage collector (the incremental
// runtime). Max depth argv[1] (default 14, at least 6).
// Prints "alloc depth <d> check <sum>": the node counts of the stretch tree, of every short-lived
// tree and of the long-lived tree, added up.
class Node {
  constructor(public left: Node | null = null, public right: Node | null = null) {}

  check(): i64 {
    const left = this.left;
    const right = this.right;
    return left != null && right != null ? 1 + left.check() + right.check() : 1;
  }
}

function bottomUp(depth: i32): Node {
  return depth > 0 ? new Node(bottomUp(depth - 1), bottomUp(depth - 1)) : new Node();
}

const MIN_DEPTH = 4;
const maxDepth = max(process.argv.length > 1 ? I32.parseInt(process.argv[1]) : 14, MIN_DEPTH + 2);

let sum = bottomUp(maxDepth + 1).check();
const longLived = bottomUp(maxDepth);
for (let d = MIN_DEPTH; d <= maxDepth; d += 2) {
  const iterations = 1 << (maxDepth - d + MIN_DEPTH);
  for (let i = 0; i < iterations; i++) sum += bottomUp(d).check();
}
sum += longLived.check();
process.stdout.write(`alloc depth ${maxDepth} check ${sum}\n`);
