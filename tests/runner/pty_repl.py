#!/usr/bin/env python3
"""Drives a command through a pseudo-terminal, as a person at a terminal would: sends each line
of `lines` (JSON, argv[1]) after `pause` seconds (argv[2]), waits up to 10 s for the command to
answer it (`> LINE` in upper case, the REPL guests' answer), then sends end of file (Ctrl-D).
The command is the rest of argv. Prints one JSON object: {"answers": [{"line", "ms"}],
"output": text, "exit": code}."""

import json
import os
import pty
import select
import sys
import time

lines = json.loads(sys.argv[1])
pause = float(sys.argv[2])
cmd = sys.argv[3:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b""


def read_until(pred, timeout):
    global out
    end = time.monotonic() + timeout
    while not pred() and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            out += data


answers = []
for line in lines:
    time.sleep(pause)
    want = ("> " + line.upper()).encode()
    before = out.count(want)
    t = time.monotonic()
    os.write(fd, (line + "\n").encode())
    read_until(lambda: out.count(want) > before, 10)
    answers.append({"line": line, "ms": (time.monotonic() - t) * 1000, "answered": out.count(want) > before})
os.write(fd, b"\x04")  # end of file at the start of a line
read_until(lambda: False, 5)
_, status = os.waitpid(pid, 0)
print(json.dumps({"answers": answers, "output": out.decode("utf-8", "replace"), "exit": os.waitstatus_to_exitcode(status)}))
