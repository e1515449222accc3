"""2-D outlines for the drawing, in canvas units (y down).

An outline is a closed list of pieces:
    ("L", p0, p1)                 straight line
    ("A", c, r, a0, a1)           circular arc from angle a0 to a1 (radians, atan2 in canvas coordinates)
    ("C", p0, c1, c2, p3)         cubic Bezier
Body shapes are hulls of circles (each limb segment, hand, foot and the head is
the projection of a few spheres, which is the hull of their circles) or smooth
curves fitted through points (torso, hair).  Where one shape joins another
(thigh into pelvis, shin into thigh), the part of its outline that lies inside
the other is left out, so the join has no seam: see `outline_runs`.

Standard library only.
"""
import math

TAU = 2 * math.pi


# --------------------------------------------------------------------------
# small 2-D helpers
# --------------------------------------------------------------------------
def v_add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def v_sub(a, b):
    return (a[0] - b[0], a[1] - b[1])


def v_mul(a, k):
    return (a[0] * k, a[1] * k)


def v_len(a):
    return math.hypot(a[0], a[1])


def v_unit(a):
    n = math.hypot(a[0], a[1])
    return (a[0] / n, a[1] / n) if n > 1e-12 else (1.0, 0.0)


def v_lerp(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def polar(c, r, a):
    return (c[0] + r * math.cos(a), c[1] + r * math.sin(a))


# --------------------------------------------------------------------------
# pieces
# --------------------------------------------------------------------------
def piece_at(p, t):
    k = p[0]
    if k == "L":
        return v_lerp(p[1], p[2], t)
    if k == "A":
        return polar(p[1], p[2], p[3] + (p[4] - p[3]) * t)
    a, b, c, d = p[1:]
    u = 1 - t
    return (u * u * u * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t * t * t * d[0],
            u * u * u * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t * t * t * d[1])


def piece_len(p):
    k = p[0]
    if k == "L":
        return v_len(v_sub(p[2], p[1]))
    if k == "A":
        return abs(p[4] - p[3]) * p[2]
    pts = [piece_at(p, i / 8) for i in range(9)]
    return sum(v_len(v_sub(pts[i + 1], pts[i])) for i in range(8))


def piece_sub(p, t0, t1):
    """The part of piece p between parameters t0 < t1."""
    k = p[0]
    if k == "L":
        return ("L", v_lerp(p[1], p[2], t0), v_lerp(p[1], p[2], t1))
    if k == "A":
        a0, a1 = p[3], p[4]
        return ("A", p[1], p[2], a0 + (a1 - a0) * t0, a0 + (a1 - a0) * t1)
    # cubic: de Casteljau twice
    def split(q, t):
        a, b, c, d = q
        ab, bc, cd = v_lerp(a, b, t), v_lerp(b, c, t), v_lerp(c, d, t)
        abc, bcd = v_lerp(ab, bc, t), v_lerp(bc, cd, t)
        m = v_lerp(abc, bcd, t)
        return (a, ab, abc, m), (m, bcd, cd, d)
    q = p[1:]
    if t1 < 1:
        q = split(q, t1)[0]
    if t0 > 0:
        q = split(q, t0 / t1)[1]
    return ("C",) + tuple(q)


def piece_end(p):
    return piece_at(p, 1.0)


def piece_start(p):
    return piece_at(p, 0.0)


def sample(pieces, step=1.0):
    """Dense points along the outline (closed, no repeat of the first point)."""
    out = []
    for p in pieces:
        n = max(2, int(math.ceil(piece_len(p) / step)))
        for i in range(n):
            out.append(piece_at(p, i / n))
    return out


def bbox(pieces):
    """Exact box of the outline geometry (arcs by their extremes, cubics sampled)."""
    xs, ys = [], []
    for p in pieces:
        if p[0] == "A":
            c, r, a0, a1 = p[1:]
            lo, hi = min(a0, a1), max(a0, a1)
            cands = [a0, a1]
            k = math.ceil(lo / (math.pi / 2))
            while k * math.pi / 2 <= hi:
                cands.append(k * math.pi / 2)
                k += 1
            for a in cands:
                q = polar(c, r, a)
                xs.append(q[0])
                ys.append(q[1])
        else:
            for i in range(17 if p[0] == "C" else 2):
                q = piece_at(p, i / (16 if p[0] == "C" else 1))
                xs.append(q[0])
                ys.append(q[1])
    return min(xs), min(ys), max(xs), max(ys)


# --------------------------------------------------------------------------
# hull of circles
# --------------------------------------------------------------------------
def _convex_hull(points):
    """Andrew's monotone chain on (x, y, tag) tuples; positive (counter-clockwise in
    canvas coordinates) order."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cr(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cr(lower[-2], lower[-1], p) <= 1e-12:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cr(upper[-2], upper[-1], p) <= 1e-12:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _tangent(c1, r1, c2, r2):
    d = v_sub(c2, c1)
    L = v_len(d)
    if L < 1e-9:
        return None
    a = (r1 - r2) / L
    if abs(a) >= 1:
        return None
    u = (d[0] / L, d[1] / L)
    v = (u[1], -u[0])
    b = math.sqrt(1 - a * a)
    n = (u[0] * a + v[0] * b, u[1] * a + v[1] * b)
    return polar(c1, r1, math.atan2(n[1], n[0])), polar(c2, r2, math.atan2(n[1], n[0])), math.atan2(n[1], n[0])


def circle_hull(circles):
    """Outline of the convex hull of circles [(centre, radius)]."""
    uniq = []
    for c, r in circles:
        if r <= 0:
            continue
        for k, (c2, r2) in enumerate(uniq):
            if v_len(v_sub(c, c2)) + min(r, r2) <= max(r, r2) + 1e-6:
                # one inside the other: keep the bigger
                if r > r2:
                    uniq[k] = (tuple(c), float(r))
                break
        else:
            uniq.append((tuple(c), float(r)))
    circles = uniq
    N = 120
    pts = []
    for i, (c, r) in enumerate(circles):
        for k in range(N):
            a = TAU * k / N
            pts.append((round(c[0] + r * math.cos(a), 9), round(c[1] + r * math.sin(a), 9), i))
    hull = _convex_hull(pts)
    seq = []
    for p in hull:
        if not seq or seq[-1] != p[2]:
            seq.append(p[2])
    while len(seq) > 1 and seq[0] == seq[-1]:
        seq.pop()
    # drop circles that cannot have an outer tangent to their neighbours
    changed = True
    while changed and len(seq) > 1:
        changed = False
        for k in range(len(seq)):
            i, j = seq[k], seq[(k + 1) % len(seq)]
            if i == j or _tangent(circles[i][0], circles[i][1], circles[j][0], circles[j][1]) is None:
                # keep the bigger one
                drop = k if circles[i][1] < circles[j][1] else (k + 1) % len(seq)
                seq.pop(drop)
                changed = True
                break
    if len(seq) == 1:
        c, r = circles[seq[0]]
        return [("A", c, r, 0.0, math.pi), ("A", c, r, math.pi, TAU)]
    n = len(seq)
    tans = []
    for k in range(n):
        i, j = seq[k], seq[(k + 1) % n]
        tans.append(_tangent(circles[i][0], circles[i][1], circles[j][0], circles[j][1]))
    pieces = []
    for k in range(n):
        i = seq[k]
        c, r = circles[i]
        a_in = tans[k - 1][2]
        a_out = tans[k][2]
        sweep = (a_out - a_in) % TAU
        if sweep > 1e-6 and r > 0:
            if sweep > math.pi * 1.5:
                pieces.append(("A", c, r, a_in, a_in + sweep / 2))
                pieces.append(("A", c, r, a_in + sweep / 2, a_in + sweep))
            else:
                pieces.append(("A", c, r, a_in, a_in + sweep))
        pieces.append(("L", tans[k][0], tans[k][1]))
    return pieces


# --------------------------------------------------------------------------
# smooth curves through points
# --------------------------------------------------------------------------
def _rdp(pts, tol):
    if len(pts) < 3:
        return list(range(len(pts)))
    keep = {0, len(pts) - 1}
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        pa, pb = pts[a], pts[b]
        d = v_sub(pb, pa)
        L = v_len(d)
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            q = v_sub(pts[i], pa)
            if L < 1e-9:
                dist = v_len(q)
            else:
                dist = abs(q[0] * d[1] - q[1] * d[0]) / L
            if dist > best:
                best, bi = dist, i
        if best > tol and bi > 0:
            keep.add(bi)
            stack.append((a, bi))
            stack.append((bi, b))
    return sorted(keep)


def smooth_path(pts, closed=True, tol=0.35, corners=()):
    """Cubic pieces through a dense point list.  Points at indices in `corners`
    keep a sharp corner.  The curve stays within about `tol` of the points."""
    n = len(pts)
    if closed:
        # start at a corner if there is one, so a corner is never an interior seam
        start = min(corners) if corners else 0
        pts = pts[start:] + pts[:start] + [pts[start]]
        corners = {(c - start) % n for c in corners} | {0, n}
    else:
        corners = set(corners) | {0, n - 1}
    cs = sorted(corners)
    # split into smooth stretches between corners, simplify each
    keep = set()
    for a, b in zip(cs, cs[1:]):
        idx = _rdp(pts[a:b + 1], tol)
        keep.update(a + i for i in idx)
    keep = sorted(keep)

    def tangent(k):
        i = keep[k]
        if i in corners:
            return None
        a, b = keep[k - 1], keep[k + 1]
        return v_unit(v_sub(pts[b], pts[a]))

    for _ in range(6):
        pieces = []
        bad = []
        for k in range(len(keep) - 1):
            i, j = keep[k], keep[k + 1]
            p0, p3 = pts[i], pts[j]
            L = v_len(v_sub(p3, p0))
            t0, t1 = tangent(k), tangent(k + 1)
            c1 = v_add(p0, v_mul(t0, L / 3)) if t0 else v_lerp(p0, p3, 1 / 3)
            c2 = v_sub(p3, v_mul(t1, L / 3)) if t1 else v_lerp(p0, p3, 2 / 3)
            pc = ("C", p0, c1, c2, p3)
            pieces.append(pc)
            if j - i > 1:
                # check the dense points against the curve
                curve = [piece_at(pc, s / 24) for s in range(25)]
                worst = 0.0
                for q in pts[i + 1:j]:
                    dmin = min(v_len(v_sub(q, c)) for c in curve)
                    worst = max(worst, dmin)
                if worst > tol * 1.6:
                    bad.append((i + j) // 2)
        if not bad:
            break
        keep = sorted(set(keep) | set(bad))
    return pieces


# --------------------------------------------------------------------------
# polygons and regions
# --------------------------------------------------------------------------
class Region:
    """Points inside polygon `poly` (deeper than `inset`), optionally only within
    the disk (centre, radius)."""

    def __init__(self, poly, inset=0.6, disk=None):
        self.poly = poly
        self.inset = inset
        self.disk = disk
        xs = [p[0] for p in poly]
        ys = [p[1] for p in poly]
        self.box = (min(xs), min(ys), max(xs), max(ys))

    def contains(self, q):
        if self.disk is not None:
            c, r = self.disk
            if v_len(v_sub(q, c)) > r:
                return False
        x0, y0, x1, y1 = self.box
        if q[0] < x0 or q[0] > x1 or q[1] < y0 or q[1] > y1:
            return False
        inside = False
        poly = self.poly
        n = len(poly)
        x, y = q
        j = n - 1
        for i in range(n):
            xi, yi = poly[i]
            xj, yj = poly[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        if not inside:
            return False
        if self.inset > 0:
            e2 = self.inset * self.inset
            for p in poly:
                dx, dy = p[0] - x, p[1] - y
                if dx * dx + dy * dy < e2:
                    return False
        return True


def outline_runs(pieces, regions, min_run=3.0, invert=False):
    """Split the closed outline into visible runs: the parts outside every region.

    Returns None when the whole outline is visible, else a list of runs, each a
    list of pieces (possibly cut), in outline order."""
    if not regions:
        return None

    def hidden(q):
        return any(r.contains(q) for r in regions) != invert

    # sample every piece
    marks = []          # (piece index, t, hidden)
    for i, p in enumerate(pieces):
        n = max(3, int(math.ceil(piece_len(p) / 0.8)))
        for k in range(n):
            t = k / n
            marks.append((i, t, hidden(piece_at(p, t))))
    if not any(m[2] for m in marks):
        return None
    if all(m[2] for m in marks):
        return []
    # position along the outline = piece index + t; refine the switches by bisection
    total = len(pieces)

    def pos_point(s):
        i = int(s) % total
        return piece_at(pieces[i], s - int(s))

    switches = []       # (position, becomes_hidden)
    N = len(marks)
    for k in range(N):
        a, b = marks[k], marks[(k + 1) % N]
        if a[2] != b[2]:
            sa = a[0] + a[1]
            sb = b[0] + b[1]
            if sb <= sa:
                sb += total
            lo, hi = sa, sb
            for _ in range(10):
                mid = (lo + hi) / 2
                if hidden(pos_point(mid % total)) == a[2]:
                    lo = mid
                else:
                    hi = mid
            switches.append(((lo + hi) / 2 % total, b[2]))
    switches.sort()
    # visible intervals [start, end) in outline position
    vis = []
    for k, (s, becomes_hidden) in enumerate(switches):
        if not becomes_hidden:
            e = switches[(k + 1) % len(switches)][0]
            if e <= s:
                e += total
            vis.append((s, e))

    def length(s, e):
        L = 0.0
        prev = pos_point(s % total)
        steps = max(2, int((e - s) * 8))
        for i in range(1, steps + 1):
            q = pos_point((s + (e - s) * i / steps) % total)
            L += v_len(v_sub(q, prev))
            prev = q
        return L

    vis = [iv for iv in vis if length(*iv) >= min_run]
    runs = []
    for s, e in vis:
        run = []
        pos = s
        while pos < e - 1e-9:
            i = int(math.floor(pos + 1e-12))
            t0 = pos - i
            t1 = min(1.0, e - i)
            if t1 - t0 > 1e-6:
                run.append(piece_sub(pieces[i % total], t0, t1))
            pos = i + 1
        if run:
            runs.append(run)
    return runs


# --------------------------------------------------------------------------
# SVG path data
# --------------------------------------------------------------------------
def num(v):
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    if s.startswith("0."):
        s = s[1:]
    elif s.startswith("-0."):
        s = "-" + s[2:]
    return s


class PathWriter:
    def __init__(self):
        self.parts = []
        self.cmd = None
        self.cur = None

    def _emit(self, cmd, values):
        text = ""
        if cmd != self.cmd:
            text = cmd
            self.cmd = cmd
            first = True
        else:
            first = False
        for v in values:
            s = num(v)
            if not (first and text) and not s.startswith("-"):
                text += " "
            text += s
            first = False
        self.parts.append(text)

    def move(self, p):
        self._emit("M", p)
        self.cmd = "L"          # implicit lineto after moveto
        self.cur = p

    def piece(self, pc):
        k = pc[0]
        if k == "L":
            q = pc[2]
            if self.cur is not None and num(q[0]) == num(self.cur[0]) and num(q[1]) == num(self.cur[1]):
                return
            self._emit("L", q)
            self.cur = q
        elif k == "C":
            self._emit("C", pc[2] + pc[3] + pc[4])
            self.cur = pc[4]
        else:
            c, r, a0, a1 = pc[1:]
            sweep = a1 - a0
            if abs(sweep) * r < 0.15:
                q = polar(c, r, a1)
                self._emit("L", q)
                self.cur = q
                return
            # split arcs over 300 degrees
            nsplit = 2 if abs(sweep) > 5.2 else 1
            for k2 in range(nsplit):
                b0 = a0 + sweep * k2 / nsplit
                b1 = a0 + sweep * (k2 + 1) / nsplit
                q = polar(c, r, b1)
                large = 1 if abs(b1 - b0) > math.pi else 0
                sw = 1 if b1 > b0 else 0
                self._emit("A", (r, r, 0, large, sw, q[0], q[1]))
                self.cur = q

    def close(self):
        self.parts.append("Z")
        self.cmd = None

    def text(self):
        return "".join(self.parts)


def path_data(runs, closed):
    """runs: list of piece lists; closed: close each run (a full outline)."""
    w = PathWriter()
    for run in runs:
        w.move(piece_start(run[0]))
        for p in run:
            w.piece(p)
        if closed:
            w.close()
    return w.text()
