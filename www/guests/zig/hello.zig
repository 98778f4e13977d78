//! hello: the smallest gallery guest.
const std = @import("std");

pub fn main(init: std.process.Init) !void {
    try std.Io.File.stdout().writeStreamingAll(init.io, "hello from zig\n");
}
