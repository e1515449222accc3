#!/usr/bin/env python3
"""Contact sheet of all illustrations: images/generator/contact_sheet.svg -> docs/illustrations.png.

Run from the repository root after draw.py:

    python3 images/generator/contact_sheet.py          # colour
    python3 images/generator/contact_sheet.py --grey   # also docs/illustrations-grey.png (as a mono printer sees it)

Each picture sits in a frame the shape of its box on the handout card, with its
exercise id underneath.  Needs rsvg-convert (apt-get install librsvg2-bin) for
the PNG; the grey version also needs ImageMagick's convert.  Standard library
otherwise.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import draw  # noqa: E402

COLS = 4
CELL_W, CELL_H, LABEL = 300, 200, 30
GAP = 14


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    images = os.path.dirname(here)
    root = os.path.dirname(images)
    names = [n for n, _ in draw.PICTURES]
    rows = (len(names) + COLS - 1) // COLS
    width = COLS * (CELL_W + GAP) + GAP
    height = rows * (CELL_H + LABEL + GAP) + GAP
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d">' % (width, height, width, height),
             '<rect x="0" y="0" width="%d" height="%d" fill="#EEF0F3"/>' % (width, height)]
    for i, name in enumerate(names):
        with open(os.path.join(images, name + ".svg"), encoding="utf-8") as fh:
            text = fh.read()
        inner = re.sub(r"^<svg[^>]*>|</svg>\s*$", "", text.strip())
        # the ids must stay unique in one file
        inner = re.sub(r'id="([^"]*)"', lambda m: 'id="%s--%s"' % (name, m.group(1)), inner)
        x = GAP + (i % COLS) * (CELL_W + GAP)
        y = GAP + (i // COLS) * (CELL_H + LABEL + GAP)
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#FFFFFF" stroke="#C9D0D8"/>' % (x, y, CELL_W, CELL_H + LABEL))
        # a nested svg clips the picture to its canvas, as the handout does
        parts.append('<svg x="%d" y="%d" width="%d" height="%d" viewBox="0 0 %d %d">%s</svg>' % (
            x, y, CELL_W, CELL_H, CELL_W, CELL_H, inner))
        parts.append('<text x="%d" y="%d" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#333333">%s</text>'
                     % (x + CELL_W // 2, y + CELL_H + 21, name))
    parts.append("</svg>\n")
    sheet = os.path.join(here, "contact_sheet.svg")
    with open(sheet, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(parts))
    out = os.path.join(root, "docs", "illustrations.png")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(["rsvg-convert", "-w", str(width), "-b", "white", sheet, "-o", out], check=True)
    print("wrote", out)
    if "--grey" in argv:
        convert = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else shutil.which("convert")
        grey = os.path.join(root, "docs", "illustrations-grey.png")
        subprocess.run([convert, out, "-colorspace", "Gray", grey], check=True)
        print("wrote", grey)


if __name__ == "__main__":
    main(sys.argv[1:])
