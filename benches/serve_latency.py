#!/usr/bin/env python3
"""Edit-to-rebuilt latency of `vigie serve`, measured as a contributor sees it:
the time from saving a dossier to the server telling open pages that the new
build is ready (its server-sent event), on a synthetic wiki of N dossiers.
Also checks that the served page shows the edit, and reports the server's peak
memory (VmHWM). Saves are 1.5 s apart: open pages reload once the pages are
written, and the JSON export and the search index are written after that, so
that saves closer together would also wait for the previous save's.

    cargo build --release
    python3 benches/serve_latency.py 10000 [EDITS] [--no-search]
    VIGIE=/path/to/older/vigie python3 benches/serve_latency.py 10000 20   # another binary

EDITS (default 5) saves take turns among five kinds of edit: a dossier's title,
a quote, a practice's summary, a dossier's body, a person's body; each on its
own file.

The wiki is written to /dev/shm (this machine's disk is slow to create files
right after many deletions). Not a test: it prints figures and asserts nothing
about them.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
# Seconds between a reload and the next save.
PAUSE = 1.5
ROOT = os.path.dirname(HERE)


# The kinds of edit, in turn: (name, folder, edit(text, marker) -> text). Each
# puts the marker where the edited file's page shows it.
EDITS = [
    ("dossier title", "dossiers", lambda t, m: t.replace('title: "', f'title: "{m} ', 1)),
    ("quote", "dossiers", lambda t, m: t.replace('quote: "', f'quote: "{m} ', 1)),
    ("practice summary", "dossiers", lambda t, m: t.replace('    summary: "', f'    summary: "{m} ', 1)),
    ("dossier body", "dossiers", lambda t, m: t.rstrip("\n") + f"\n\n{m}.\n"),
    ("person body", "people", lambda t, m: t.rstrip("\n") + f"\n\n{m}.\n"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    search = "--no-search" not in sys.argv
    args = [a for a in sys.argv[1:] if a != "--no-search"]
    n = int(args[0]) if len(args) > 0 else 1000
    edits = int(args[1]) if len(args) > 1 else 5
    site = f"/dev/shm/vigie-latency-{n}" + ("" if search else "-no-search")
    if not os.path.isdir(os.path.join(site, "content")):
        subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), str(n), site], check=True)
        if not search:
            with open(os.path.join(site, "content", "site.yaml"), "a") as settings:
                settings.write("search: false\n")
    binary = os.environ.get("VIGIE") or os.path.join(ROOT, "target", "release", "vigie")
    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--quiet", "--root", site, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        events = []
        arrived = threading.Condition()

        def listen():
            while True:
                try:
                    stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/__vigie/events", timeout=600)
                    break
                except OSError:
                    time.sleep(0.05)
            for line in stream:
                if line.startswith(b"data: "):
                    with arrived:
                        events.append((time.monotonic(), json.loads(line[6:])))
                        arrived.notify_all()

        threading.Thread(target=listen, daemon=True).start()
        with arrived:
            arrived.wait_for(lambda: events, timeout=600)
        print(f"first build and server ready: {time.monotonic() - started:.2f} s")
        latencies = []
        for i in range(edits):
            kind, folder, edit = EDITS[i % len(EDITS)]
            slug = f"{'dossier' if folder == 'dossiers' else 'person'}-{i}"
            path = os.path.join(site, "content", folder, f"{slug}.md")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            marker = f"Édition {i} {time.time_ns()}"
            edited = edit(text, marker)
            assert edited != text, f"edit {kind} did not apply to {path}"
            text = edited
            page_path = f"{folder}/{slug}/"
            seen = len(events)
            saved = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            # The reload that shows the edit: a build that started before the
            # save (set off by the previous save's last events) may end after
            # it and announce pages without the edit.
            while True:
                with arrived:
                    arrived.wait_for(lambda: len(events) > seen and events[-1][1]["state"] == "ok",
                                     timeout=600)
                    seen = len(events)
                    latency = events[-1][0] - saved
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/{page_path}").read().decode()
                if marker in page:
                    break
                assert time.monotonic() - saved < 60, "the served page does not show the edit"
            latencies.append(latency)
            # A contributor saves seconds apart: the work that follows the
            # reload (JSON export, search index) ends before the next save.
            time.sleep(PAUSE)
        with open(f"/proc/{server.pid}/status") as f:
            peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
        ms = [round(x * 1000) for x in latencies]
        print(f"N={n} edits={edits} edit-to-rebuilt ms: median {statistics.median(ms)}, "
              f"min {min(ms)}, max {max(ms)}; peak RSS {int(peak) // 1024} MB")
        for kind, _, _ in EDITS:
            mine = [m for j, m in enumerate(ms) if EDITS[j % len(EDITS)][0] == kind]
            if mine:
                print(f"  {kind}: median {statistics.median(mine)} ms over {len(mine)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
