//! alloc: the binary-trees benchmark on std.heap.wasm_allocator (init.gpa), create/destroy per
//! node. Max depth argv[1] (default 14, at least 6).
//! Prints `alloc depth <d> check <sum>`: the node counts of the stretch tree, of every
//! short-lived tree and of the long-lived tree, added up.
const std = @import("std");
const Allocator = std.mem.Allocator;

const Node = struct {
    left: ?*Node = null,
    right: ?*Node = null,

    fn make(gpa: Allocator, depth: u32) Allocator.Error!*Node {
        const n = try gpa.create(Node);
        n.* = if (depth == 0) .{} else .{ .left = try make(gpa, depth - 1), .right = try make(gpa, depth - 1) };
        return n;
    }

    fn check(n: *const Node) u64 {
        return 1 + if (n.left) |l| l.check() + n.right.?.check() else 0;
    }

    fn destroy(n: *Node, gpa: Allocator) void {
        if (n.left) |l| {
            l.destroy(gpa);
            n.right.?.destroy(gpa);
        }
        gpa.destroy(n);
    }
};

pub fn main(init: std.process.Init) !void {
    const gpa = init.gpa;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const min_depth: u32 = 4;
    const max_depth = @max(if (args.len > 1) try std.fmt.parseInt(u32, args[1], 10) else 14, min_depth + 2);

    const stretch = try Node.make(gpa, max_depth + 1);
    var sum = stretch.check();
    stretch.destroy(gpa);

    const long_lived = try Node.make(gpa, max_depth);
    var d = min_depth;
    while (d <= max_depth) : (d += 2) {
        const iterations = @as(usize, 1) << @intCast(max_depth - d + min_depth);
        for (0..iterations) |_| {
            const t = try Node.make(gpa, d);
            sum += t.check();
            t.destroy(gpa);
        }
    }
    sum += long_lived.check();
    long_lived.destroy(gpa);

    var out_buf: [128]u8 = undefined;
    var out: std.Io.File.Writer = .init(.stdout(), init.io, &out_buf);
    try out.interface.print("alloc depth {d} check {d}\n", .{ max_depth, sum });
    try out.interface.flush();
}

