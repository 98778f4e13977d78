# An exit code other than 0, after output on both streams.
import sys
print("leaving")
print("with code 3", file=sys.stderr)
sys.exit(3)
