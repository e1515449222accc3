#!/usr/bin/env python3
"""Check every illustration without Rust: figure fill, grey values, file rules.

Run from the repository root (after draw.py):

    python3 images/generator/check.py

For each picture it rebuilds the geometry with draw.py and takes the union of
the boxes of its figure groups (`figure-lying`, `figure-standing-2`, ...; the
start outline, props and arrows do not count).  Lying and side-on figures must
span at least 80% of the canvas width, standing and sitting figures 80% of its
height: the same rule as the Rust test, which measures the SVG with usvg.
It then prints the grey value of every colour of the set (as a mono laser
printer sees it) and checks their order: outlines darkest, then the arrow,
then props and far limbs, then the light near-limb fill.  Finally it checks the
files in images/ against the house rules (canvas, size, allowed elements).
Exits with status 1 when anything fails.  Standard library only.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import draw  # noqa: E402
import shapes  # noqa: E402

MIN_FILL = 0.80
MAX_BYTES = 16 * 1024
ALLOWED_IDS = re.compile(r"^(figure-(lying|standing|sitting)(-\d+)?|ghost|props|props-front|arrow)$")
FORBIDDEN = ["<text", "<image", "<script", "<filter", "filter=", "Gradient", "<mask", "mask=", "clipPath", "clip-path",
             "opacity", "href", "url(", "<style", "<use", "stroke-dasharray"]


def luma(hex_colour):
    """Grey value in percent (ITU-R BT.601 luma, what most printer drivers and
    'grayscale' conversions use): 0 = black, 100 = white."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return (0.299 * r + 0.587 * g + 0.114 * b) / 2.55


def figure_boxes(pic):
    """{group id: (x0, y0, x1, y1)} from the generator's outlines (no stroke)."""
    _, groups = pic.render()
    boxes = {}
    for gid, parts in groups.items():
        xs, ys = [], []
        for p in parts:
            x0, y0, x1, y1 = shapes.bbox(p.pieces)
            xs += [x0, x1]
            ys += [y0, y1]
        boxes[gid] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def main():
    failed = []
    root = os.path.dirname(os.path.dirname(HERE))
    images = os.path.join(root, "images")

    print("Figure fill (union of the figure groups; rule: >= %d%%)" % (MIN_FILL * 100))
    print("%-22s %-10s %7s %7s %6s %6s  %s" % ("picture", "measured", "width", "height", "fill", "scale", "result"))
    for name, fn in draw.PICTURES:
        pic = fn()
        boxes = figure_boxes(pic)
        x0 = min(b[0] for b in boxes.values())
        y0 = min(b[1] for b in boxes.values())
        x1 = max(b[2] for b in boxes.values())
        y1 = max(b[3] for b in boxes.values())
        kinds = {re.sub(r"^figure-|-\d+$", "", g) for g in boxes}
        if len(kinds) != 1:
            failed.append("%s: mixed figure orientations %s" % (name, sorted(kinds)))
        kind = sorted(kinds)[0]
        on_width = kind == "lying"
        fill = (x1 - x0) / draw.W if on_width else (y1 - y0) / draw.H
        inside = x0 >= 0 and y0 >= 0 and x1 <= draw.W and y1 <= draw.H
        scale = sorted({round(pl.U, 1) for _, pl in pic.figures})
        ok = fill >= MIN_FILL and inside
        print("%-22s %-10s %7.1f %7.1f %5.0f%% %6s  %s" % (
            name, "width" if on_width else "height", x1 - x0, y1 - y0, fill * 100,
            "/".join("%g" % s for s in scale), "ok" if ok else ("OUTSIDE CANVAS" if not inside else "TOO SMALL")))
        if not ok:
            failed.append("%s: figures fill %.0f%% of the canvas %s%s" % (
                name, fill * 100, "width" if on_width else "height", "" if inside else " and leave the canvas"))

    print()
    print("Grey values (BT.601 luma, 0 = black, 100 = white)")
    for label, col in sorted(draw.COLOURS.items(), key=lambda kv: luma(kv[1])):
        print("  %-26s %s  %5.1f%%" % (label, col, luma(col)))
    c = draw.COLOURS
    darkest_fill = min(luma(c[k]) for k in ("towel", "band", "prop line", "far limb", "mat", "chair/counter", "skirting"))
    order = [
        ("outline darker than the arrow", luma(c["outline"]) < luma(c["arrow"])),
        ("arrow darker than every prop and limb fill", luma(c["arrow"]) < darkest_fill),
        ("far limb darker than the near limb fill", luma(c["far limb"]) < luma(c["near limb / torso"]) - 15),
        ("mat slab at least 20% ink", luma(c["mat"]) <= 80.0),
        ("towel and band at most 35% grey", luma(c["towel"]) <= 35.0 and luma(c["band"]) <= 35.0),
        ("near limb fill about 90%", luma(c["near limb / torso"]) >= 88.0),
        ("far limb fill 60-75%", 60.0 <= luma(c["far limb"]) <= 75.0),
    ]
    for label, ok in order:
        print("  %-48s %s" % (label, "ok" if ok else "FAILED"))
        if not ok:
            failed.append("grey order: " + label)

    print()
    print("Files (rule: under %d bytes, 300 x 200 canvas, plain shapes only)" % MAX_BYTES)
    total = 0
    for name, _ in draw.PICTURES:
        path = os.path.join(images, name + ".svg")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        size = len(text.encode("utf-8"))
        total += size
        problems = []
        if size >= MAX_BYTES:
            problems.append("%d bytes" % size)
        if not text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200" width="300" height="200">'):
            problems.append("canvas is not viewBox 0 0 300 200, 300 x 200")
        for bad in FORBIDDEN:
            if bad in text:
                problems.append("contains %s" % bad)
        ids = re.findall(r'id="([^"]*)"', text)
        for i in ids:
            if not ALLOWED_IDS.match(i):
                problems.append("unexpected id %s" % i)
        if len(ids) != len(set(ids)):
            problems.append("duplicate ids")
        if not any(i.startswith("figure-") for i in ids):
            problems.append("no figure group")
        print("  %-22s %6d bytes  %s" % (name, size, "ok" if not problems else "; ".join(problems)))
        if problems:
            failed.append("%s: %s" % (name, "; ".join(problems)))
    print("  %-22s %6d bytes" % ("all", total))

    if failed:
        print()
        print("FAILED:")
        for f in failed:
            print("  " + f)
        return 1
    print()
    print("All checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
