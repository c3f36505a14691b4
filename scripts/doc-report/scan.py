"""Counts what a Rust reader of the generated docs would trip on, over every generated
file under a directory (`tencentcloud-codegen generate-all --out DIR`): doc lines, lines
that still hold a raw HTML tag, the tags by name, and links that keep Tencent's
`from_cn_redirect` parameter. Code blocks, code spans, autolinks (`<https://…>`) and
escaped text (`\\<li>`) are not tags: rustdoc shows them as written.

Usage: python3 scan.py DIR [--json]
"""
import collections
import json
import os
import re
import sys

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s>/])[^>\n]*>")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def doc_text(line):
    """The text of a `///` or `//!` line, or None."""
    stripped = line.lstrip()
    for prefix in ("///", "//!"):
        if stripped.startswith(prefix):
            return stripped[len(prefix):]
    return None


def scan_file(path, totals):
    in_fence = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = doc_text(line)
            if text is None:
                in_fence = False
                continue
            totals["doc_lines"] += 1
            if text.strip().startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if "from_cn_redirect" in text:
                totals["redirect_links"] += text.count("from_cn_redirect")
            prose = CODE_SPAN.sub("", text)
            tags = [
                m.group(2).lower()
                for m in TAG.finditer(prose)
                if (m.start() == 0 or prose[m.start() - 1] != "\\")
                and not m.group(2).lower().startswith("http")
            ]
            if tags:
                totals["lines_with_tags"] += 1
                totals["tags"].update(tags)


def scan(root):
    totals = {"doc_lines": 0, "lines_with_tags": 0, "redirect_links": 0,
              "tags": collections.Counter(), "files": 0}
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".rs"):
                totals["files"] += 1
                scan_file(os.path.join(dirpath, name), totals)
    return totals


def main():
    root = sys.argv[1]
    totals = scan(root)
    if "--json" in sys.argv:
        totals["tags"] = dict(totals["tags"].most_common())
        print(json.dumps(totals, indent=1))
        return
    tags = ", ".join("%d %s" % (n, t) for t, n in totals["tags"].most_common(12)) or "none"
    print("%s: %d files, %d doc lines, %d with raw HTML tags (%d tags: %s), %d from_cn_redirect links"
          % (root, totals["files"], totals["doc_lines"], totals["lines_with_tags"],
             sum(totals["tags"].values()), tags, totals["redirect_links"]))


if __name__ == "__main__":
    main()
