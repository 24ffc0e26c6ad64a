#!/usr/bin/env python3
"""Copy a guest's serial output to a log, and each line with the host's
monotonic time (seconds) to LOG.ts, so benchmarks can time events that
span a kexec without trusting any guest clock."""
import sys
import time

log, stamps = sys.argv[1], sys.argv[1] + ".ts"
with open(log, "wb") as raw, open(stamps, "w") as ts:
    ts.write("%.4f HOST: started\n" % time.monotonic())
    for line in sys.stdin.buffer:
        now = time.monotonic()
        raw.write(line)
        raw.flush()
        ts.write("%.4f %s\n" % (now, line.decode("utf-8", "replace").rstrip("\r\n")))
        ts.flush()
