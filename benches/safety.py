#!/usr/bin/env python3
"""Peak memory and time of vigie on hostile input, beside the example wiki.

    cargo build --release
    python3 benches/safety.py

Each case is the example wiki (content/) copied under /dev/shm with one file
added: a "billion laughs" front matter (nine lists of nine aliases, about a
kilobyte, in an unknown field and in a known one), a 21 MB dossier body, and
bodies just under the 1 MiB limit in several shapes (prose, wikilinks, a table,
emphasis, nested quotes), and a reference a megabyte long. `vigie check` and `vigie build` run once each under
`/usr/bin/time`; the table gives wall time, peak RSS, and the peak above the
example wiki's own divided by the added file's size. Not a test: it asserts
nothing, it measures.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VIGIE = os.path.join(ROOT, "target", "release", "vigie")
WORK = "/dev/shm/vigie-safety"
LIMIT = 1 << 20


def front_matter(slug):
    return (
        "---\n"
        f"title: Cas {slug}\n"
        "subject: arnaud-montebourg\n"
        "date: 2016-08-22\n"
        "summary: Un cas de test.\n"
        "statements:\n"
        "  - id: phrase\n"
        "    date: 2014-05\n"
        "    quote: Une phrase.\n"
        "    source: { url: 'https://example.org/a', archive: 'https://web.archive.org/a' }\n"
        "---\n"
    )


def bomb(field):
    lines = [f"{field}: &a [" + ",".join(['"lol"'] * 9) + "]"]
    names = "abcdefghi"
    for previous, name in zip(names, names[1:]):
        lines.append(f"{name}x: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\nname: Bombe\n" + "\n".join(lines) + "\n---\n"


# Markdown shapes, each a unit repeated.
UNITS = {
    "prose": "La souveraineté numérique se joue dans les contrats d'hébergement. " * 8 + "\n\n",
    "wikilinks": "[[arnaud-montebourg]] ",
    "table": "| a | b | c |\n",
    "emphasis": "*a **b _c ",
    "quotes": ">",
    "lines": "a\n",
    "inline code": "`a` ",
    "html": "<b>",
}
# Text without a single mark, to pad a file to the size limit.
FILLER = "la souveraineté numérique se joue dans les contrats d'hébergement "
MAX_MARKS = 32_768
MAX_VALUES = 16_384


def marks(text):
    """The marks that vigie counts, as src/parse/markup.rs counts them."""
    data = text.encode()
    count = 0
    for at, byte in enumerate(data):
        following = data[at + 1 : at + 2]
        preceding = data[at - 1 : at] if at else b""
        if byte in b"\n*_~`[]<>&\\|#":
            count += 1
        elif byte == ord("\r"):
            count += following != b"\n"
        elif byte == ord("!"):
            count += following == b"["
        elif byte in b"-+":
            count += following in (b"", b" ", b"\t", b"\r", b"\n")
        elif byte in b".)":
            count += preceding.isdigit()
    return count


def body(shape, size):
    unit = UNITS[shape]
    head = "| a | b | c |\n|---|---|---|\n" if shape == "table" else ""
    return head + unit * ((size - len(head)) // len(unit.encode()))


def at_mark_limit(front, shape, size):
    """As many units of `shape` as the mark limit lets through, then filler
    up to `size` bytes."""
    unit = UNITS[shape]
    head = "| a | b | c |\n|---|---|---|\n" if shape == "table" else ""
    room = MAX_MARKS - marks(front) - marks(head) - 1
    text = front + head + unit * (room // marks(unit))
    filler = FILLER * ((size - len(text.encode())) // len(FILLER.encode()))
    return text + filler


def flow_list(count):
    """A front matter whose unknown field is a list of `count` items."""
    return "---\nname: Liste\nliste: [" + ",".join(["a"] * count) + "]\n---\n"


def cases():
    yield "example wiki alone", None, None
    yield "alias bomb, unknown field", "people/bombe.md", bomb("lol")
    yield "alias bomb, known field", "people/bombe.md", bomb("aliases")
    # A reference a megabyte long: "did you mean" compares it with every slug.
    long = front_matter("long").replace("subject: arnaud-montebourg", "subject: " + "a" * 1_000_000)
    yield "1 MB slug in a reference", "dossiers/long.md", long
    yield "1 MiB flow list in front matter", "people/liste.md", flow_list(LIMIT // 2 - 64)
    # The root mapping, two keys, a value and the list: five before the items.
    yield "flow list at the value limit", "people/liste.md", flow_list(MAX_VALUES - 5)
    big = front_matter("gros")
    yield "21 MB body", "dossiers/gros.md", big + body("prose", 21_000_000)
    for shape in UNITS:
        text = big + body(shape, LIMIT - len(big.encode()) - 16)
        yield f"1 MiB body: {shape}", "dossiers/gros.md", text
    for shape in UNITS:
        if shape == "prose":
            continue
        text = at_mark_limit(big, shape, 0)
        yield f"at the mark limit: {shape}", "dossiers/gros.md", text
        text = at_mark_limit(big, shape, LIMIT - 16)
        yield f"at the mark limit, 1 MiB: {shape}", "dossiers/gros.md", text


def measure(command):
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall, kb = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024, result.returncode


def main():
    if not os.path.exists(VIGIE):
        sys.exit("build vigie first: cargo build --release")
    rows = []
    baseline = {}
    for name, path, text in cases():
        shutil.rmtree(WORK, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(WORK, "content"))
        size = 0
        if path:
            full = os.path.join(WORK, "content", path)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
            size = os.path.getsize(full)
        shown = f"{size / 1024:,.0f} KiB" if size >= 64 * 1024 else f"{size} B"
        row = [name, shown if size else "-"]
        for verb in ["check", "build"]:
            wall, mb, code = measure([VIGIE, verb, "--quiet", "--root", WORK])
            if path is None:
                baseline[verb] = mb
            # A ratio to a kilobyte file says nothing: only for large ones.
            large = size >= 64 * 1024
            ratio = (mb - baseline[verb]) / (size / 2**20) if large else 0
            row += [f"{wall:.2f} s", f"{mb:.0f} MB", f"{ratio:.0f}x" if large else "-", str(code)]
        rows.append(row)
    shutil.rmtree(WORK, ignore_errors=True)
    print("| case | file | check wall | check peak | above base / size | exit | build wall | build peak | above base / size | exit |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
