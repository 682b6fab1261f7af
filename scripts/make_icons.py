"""Draw the app's home-screen icons as PNG: `python scripts/make_icons.py`.

The mark is static/img/icon.svg's (a spine of short rungs on the brand green), drawn again
here with Pillow because phones want PNG icons at fixed sizes for the web app manifest
(innerback.home.installable): 192 and 512 pixels with rounded corners, and a "maskable"
512 whose green fills the whole square and whose mark sits inside the middle 80 %, which
Android may cut to a circle or a squircle. A test checks the files in static/img/ are what
this script draws, so change the mark here (and in icon.svg) and run it again.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img"

BRAND = (0x0B, 0x6B, 0x50, 255)
WHITE = (255, 255, 255, 255)
# icon.svg on its 32-unit grid: the tile's corner radius, the spine and its rungs.
GRID = 32
CORNER = 7
STROKE = 2.4
LINES = [((16, 5), (16, 27)), ((11, 9), (21, 9)), ((10, 14), (22, 14)), ((11, 19), (21, 19))]
LINES.append(((12, 24), (20, 24)))
# Drawn this many times larger, then scaled down, for smooth edges.
SUPERSAMPLE = 4

ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
}


def draw(size: int, *, maskable: bool) -> Image.Image:
    """The icon at `size` pixels square; `maskable` fills the square and shrinks the mark
    into the safe zone."""
    big = size * SUPERSAMPLE
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BRAND)
        scale = 0.8
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(CORNER * unit), fill=BRAND)
        scale = 1.0

    def at(x: float, y: float) -> tuple[float, float]:
        middle = GRID / 2
        return ((middle + (x - middle) * scale) * unit, (middle + (y - middle) * scale) * unit)

    width = STROKE * scale * unit
    for start, end in LINES:
        (x1, y1), (x2, y2) = at(*start), at(*end)
        pen.line((x1, y1, x2, y2), fill=WHITE, width=round(width))
        for x, y in ((x1, y1), (x2, y2)):  # round caps, as the SVG's
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for name, (size, maskable) in ICONS.items():
        draw(size, maskable=maskable).save(OUT / name, optimize=True)
        print(f"static/img/{name}")


if __name__ == "__main__":
    main()
