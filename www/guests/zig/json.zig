//! json: parses /data/doc.json (argv[1] times, default 1) into a std.json.Value, then prints
//! `json objects <n> arrays <n> strings <n> numbers <n> keys <n>` for the document (keys are not
//! counted as strings).
const std = @import("std");

const Counts = struct {
    objects: u64 = 0,
    arrays: u64 = 0,
    strings: u64 = 0,
    numbers: u64 = 0,
    keys: u64 = 0,

    fn walk(c: *Counts, v: std.json.Value) void {
        switch (v) {
            .object => |map| {
                c.objects += 1;
                c.keys += map.count();
                for (map.values()) |x| c.walk(x);
            },
            .array => |items| {
                c.arrays += 1;
                for (items.items) |x| c.walk(x);
            },
            .string => c.strings += 1,
            .integer, .float, .number_string => c.numbers += 1,
            .bool, .null => {},
        }
    }
};

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const rounds: usize = if (args.len > 1) try std.fmt.parseInt(usize, args[1], 10) else 1;
    const data = switch (init.preopens.get("/data") orelse return error.NoDataPreopen) {
        .dir => |d| d,
        .file => return error.NoDataPreopen,
    };
    const doc = try data.readFileAlloc(io, "doc.json", gpa, .unlimited);
    defer gpa.free(doc);

    var c: Counts = .{};
    for (0..rounds) |_| {
        const parsed = try std.json.parseFromSlice(std.json.Value, gpa, doc, .{});
        defer parsed.deinit();
        c = .{};
        c.walk(parsed.value);
    }
    var out_buf: [160]u8 = undefined;
    var out: std.Io.File.Writer = .init(.stdout(), io, &out_buf);
    try out.interface.print("json objects {d} arrays {d} strings {d} numbers {d} keys {d}\n", .{ c.objects, c.arrays, c.strings, c.numbers, c.keys });
    try out.interface.flush();
}
