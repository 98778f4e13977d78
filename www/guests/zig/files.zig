//! files: N files (argv[1], default 200) of 4096 bytes in /data/w through std.Io.Dir: write
//! them, read each back and check it, list the directory, stat each, delete them all.
//! Prints `files <N> bytes <total read> listed <entries>`; any failure returns an error (a
//! message on stderr, exit 1).
const std = @import("std");

const size = 4096;

fn fill(buf: *[size]u8, i: usize) void {
    for (buf, 0..) |*b, j| b.* = @intCast((i + j) % 251);
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const n: usize = if (args.len > 1) try std.fmt.parseInt(usize, args[1], 10) else 200;
    const data = switch (init.preopens.get("/data") orelse return error.NoDataPreopen) {
        .dir => |d| d,
        .file => return error.NoDataPreopen,
    };

    try data.createDir(io, "w", .default_dir);
    var w = try data.openDir(io, "w", .{ .iterate = true });
    var want: [size]u8 = undefined;
    var name_buf: [32]u8 = undefined;
    for (0..n) |i| {
        fill(&want, i);
        const name = try std.fmt.bufPrint(&name_buf, "f{d}.txt", .{i});
        try w.writeFile(io, .{ .sub_path = name, .data = &want });
    }
    var total: usize = 0;
    for (0..n) |i| {
        fill(&want, i);
        const name = try std.fmt.bufPrint(&name_buf, "f{d}.txt", .{i});
        const got = try w.readFileAlloc(io, name, gpa, .limited(size + 1));
        defer gpa.free(got);
        total += got.len;
        if (!std.mem.eql(u8, got, &want)) return error.ContentDiffers;
    }
    var listed: usize = 0;
    var it = w.iterate();
    while (try it.next(io)) |entry| {
        if (!std.mem.eql(u8, entry.name, ".") and !std.mem.eql(u8, entry.name, "..")) listed += 1;
    }
    for (0..n) |i| {
        const name = try std.fmt.bufPrint(&name_buf, "f{d}.txt", .{i});
        const st = try w.statFile(io, name, .{});
        if (st.size != size) return error.SizeDiffers;
    }
    for (0..n) |i| {
        const name = try std.fmt.bufPrint(&name_buf, "f{d}.txt", .{i});
        try w.deleteFile(io, name);
    }
    w.close(io);
    try data.deleteDir(io, "w");

    var out_buf: [128]u8 = undefined;
    var out: std.Io.File.Writer = .init(.stdout(), io, &out_buf);
    try out.interface.print("files {d} bytes {d} listed {d}\n", .{ n, total, listed });
    try out.interface.flush();
}
