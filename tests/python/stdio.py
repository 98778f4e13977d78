# stdin piped, isatty, both output streams: what a filter program does.
import sys
print(sys.version_info[:2], sys.platform)
print("isatty:", sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty())
data = sys.stdin.read()
print(len(data), "bytes;", data.upper().splitlines())
print("to stderr", file=sys.stderr)
for line in sys.argv[1:]:
    print("arg", repr(line))
