//! clock: N (argv[1], default 100000) reads of the monotonic clock (Io.Clock.awake), 16 random
//! bytes (Io.randomSecure: random_get every time) every 100th iteration; the clock must never go
//! backwards. Prints `clock <N> random <calls> monotonic ok` (or `... BACKWARDS`, exit 1).
const std = @import("std");

pub fn main(init: std.process.Init) !u8 {
    const io = init.io;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const n: usize = if (args.len > 1) try std.fmt.parseInt(usize, args[1], 10) else 100000;
    var randoms: u64 = 0;
    var ok = true;
    var buf: [16]u8 = undefined;
    var last = std.Io.Clock.awake.now(io).nanoseconds;
    for (0..n) |i| {
        const now = std.Io.Clock.awake.now(io).nanoseconds;
        if (now < last) ok = false;
        last = now;
        if (i % 100 == 0) {
            try io.randomSecure(&buf);
            randoms += 1;
        }
    }
    var out_buf: [128]u8 = undefined;
    var out: std.Io.File.Writer = .init(.stdout(), io, &out_buf);
    try out.interface.print("clock {d} random {d} monotonic {s}\n", .{ n, randoms, if (ok) "ok" else "BACKWARDS" });
    try out.interface.flush();
    return if (ok) 0 else 1;
}
