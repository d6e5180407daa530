#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus from the example wiki in content/.

    python3 fuzz/seeds.py      # rewrites fuzz/seeds/<target>/

split and wikilinks get whole files, yaml gets each front matter, suggest gets
slugs with a misspelt one first, and check gets the whole tree and each file
beside site.yaml, in the format of fuzz/src/lib.rs (NUL between files, the
path inside content/ on the first line)."""

import hashlib
import pathlib
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
CONTENT = FUZZ.parent / "content"


def write(target, data):
    folder = FUZZ / "seeds" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    shutil.rmtree(FUZZ / "seeds", ignore_errors=True)
    files = sorted(p for p in CONTENT.rglob("*") if p.is_file())
    inner = {p.relative_to(CONTENT).as_posix(): p.read_bytes() for p in files}
    site = ("site.yaml", inner["site.yaml"])
    slugs = sorted({pathlib.PurePosixPath(p).stem for p in inner if p.endswith(".md")})
    tree = lambda pairs: b"\0".join(path.encode() + b"\n" + data for path, data in pairs)
    for path, data in inner.items():
        write("split", data)
        text = data.decode()
        if text.startswith("---\n"):
            end = text.index("\n---", 4)
            write("yaml", text[4 : end + 1].encode())
            write("wikilinks", text[end + 5 :].encode())
        if path != "site.yaml":
            write("check", tree([site, (path, data)]))
    write("check", tree(inner.items()))
    for slug in slugs:
        misspelt = slug[:-2] + slug[-1:] if len(slug) > 2 else slug
        write("suggest", "\n".join([misspelt] + slugs).encode())
    write("suggest", "café\ncafe\nthé\nça-va".encode())


if __name__ == "__main__":
    main()
