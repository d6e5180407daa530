#!/usr/bin/env python3
"""How many cores a build keeps busy, tenth of a second by tenth of a second.

    cargo build --release
    python3 benches/cpu_use.py /dev/shm/c10000            # a wiki from benches/corpus.py
    VIGIE=/path/to/other/vigie python3 benches/cpu_use.py /dev/shm/c10000

Runs `vigie build -v` on the wiki into /dev/shm/vigie-cpu-use, reads the process's
user and system time from /proc every 0.1 s, and prints for each interval the
cores in use (2.0: both cores of this machine busy), then the share of the whole
build's time (from its start to its exit) that the cores were busy, and what `-v`
printed (each stage's time, and any diagnostics). Linux only. Not a test: it asserts
nothing.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEP = 0.1


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vigie = os.environ.get("VIGIE", os.path.join(ROOT, "target", "release", "vigie"))
    output = "/dev/shm/vigie-cpu-use"
    shutil.rmtree(output, ignore_errors=True)
    # A file, not a pipe: a wiki with many diagnostics would fill a pipe that
    # is read only once the build is over, and the build would wait forever.
    printed = tempfile.TemporaryFile(mode="w+")
    build = subprocess.Popen([vigie, "build", "-v", "--root", sys.argv[1], "--output", output],
                             stderr=printed)
    ticks = os.sysconf("SC_CLK_TCK")
    started, previous, samples = time.monotonic(), 0.0, []
    while True:
        pid, status, usage = os.wait4(build.pid, os.WNOHANG)
        if pid:
            break
        try:
            with open(f"/proc/{build.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            fields = None
        if fields:
            # utime and stime: the 14th and 15th fields, the 12th and 13th after the name.
            cpu = (int(fields[11]) + int(fields[12])) / ticks
            samples.append((time.monotonic() - started, cpu - previous))
            previous = cpu
        time.sleep(STEP)
    wall = time.monotonic() - started
    printed.seek(0)
    stages = printed.read()
    cores = os.cpu_count() or 1
    for at, used in samples:
        print(f"{at:6.2f} s  {used / STEP:4.1f} cores  {'#' * round(used / STEP * 10)}")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"busy: {cpu / (wall * cores):.0%} of {cores} cores ({cpu:.2f} s of CPU in {wall:.2f} s)")
    print(stages.strip())
    shutil.rmtree(output, ignore_errors=True)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
