"""Draws build/icon.png (512x512): a brass porthole whose glass shows a prompt.

Run: python3 build/make-icon.py. Standard library only; every shape is a signed
distance, so edges are anti-aliased without supersampling.
"""
import math
import os
import struct
import zlib

SIZE = 512
C = SIZE / 2


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def cover(d):
    """Coverage of a pixel whose centre is d pixels inside (negative: outside) an edge."""
    return max(0.0, min(1.0, d + 0.5))


def over(dst, src, a):
    """Paints colour src with opacity a over the premultiplied-free RGBA dst."""
    r, g, b, da = dst
    out_a = a + da * (1 - a)
    if out_a == 0:
        return (0, 0, 0, 0)
    mix = lambda s, d: (s * a + d * da * (1 - a)) / out_a
    return (mix(src[0], r), mix(src[1], g), mix(src[2], b), out_a)


def lerp(c1, c2, t):
    return tuple(a + (b - a) * t for a, b in zip(c1, c2))


BRASS_LIGHT, BRASS_DARK = (236, 190, 98), (150, 98, 32)
GLASS_TOP, GLASS_BOTTOM = (44, 110, 160), (10, 32, 58)
INK = (232, 242, 250)
BOLT = (110, 70, 22)
BOLTS = [(C + 221 * math.cos(k * math.pi / 4 + math.pi / 8), C + 221 * math.sin(k * math.pi / 4 + math.pi / 8)) for k in range(8)]


def pixel(x, y):
    px, py = x + 0.5, y + 0.5
    r = math.hypot(px - C, py - C)
    rgba = (0, 0, 0, 0)
    # Brass ring, lit from the top left.
    ring = cover(248 - r)
    if ring > 0:
        t = ((px + py) / (2 * SIZE))
        rgba = over(rgba, lerp(BRASS_LIGHT, BRASS_DARK, t), ring)
    for bx, by in BOLTS:
        b = cover(11 - math.hypot(px - bx, py - by))
        if b > 0:
            rgba = over(rgba, BOLT, b)
    # Glass.
    glass = cover(196 - r)
    if glass > 0:
        rgba = over(rgba, lerp(GLASS_TOP, GLASS_BOTTOM, min(1.0, max(0.0, (py - 60) / 392))), glass)
        # Inner rim shadow.
        rgba = over(rgba, (0, 0, 0), 0.35 * cover(8 - abs(r - 192)) * glass)
        # The prompt: a chevron and a cursor.
        chevron = min(seg_dist(px, py, 150, 196, 222, 256), seg_dist(px, py, 222, 256, 150, 316))
        ink = cover(19 - chevron)
        cursor = cover(min(px - 256, 372 - px, py - 290, 326 - py))
        a = max(ink, cursor) * glass
        if a > 0:
            rgba = over(rgba, INK, a)
        # A reflection across the upper left of the glass.
        band = cover(14 - abs(r - 160)) * cover(SIZE - 120 - (px + py))
        rgba = over(rgba, (255, 255, 255), 0.18 * band * glass)
    return rgba


def write_png(path, rows):
    raw = b''.join(b'\x00' + bytes(row) for row in rows)
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(png)


rows = []
for y in range(SIZE):
    row = []
    for x in range(SIZE):
        r, g, b, a = pixel(x, y)
        row += [round(r), round(g), round(b), round(a * 255)]
    rows.append(row)
write_png(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'icon.png'), rows)
