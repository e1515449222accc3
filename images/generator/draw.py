#!/usr/bin/env python3
"""Draw every exercise illustration in images/ from one skeleton model.

Run from the repository root:

    python3 images/generator/draw.py            # rewrite images/<id>.svg
    python3 images/generator/draw.py --sheet    # also write the contact sheet (see contact_sheet.py)

The model
---------
One figure, many poses.  A pose is a set of 3-D joint positions built by `Figure`
from a pelvis position, a spine direction and a facing direction plus, per limb,
either segment directions (forward kinematics) or a target for the wrist/ankle
and a "pole" that says which way the elbow/knee points (two-bone IK).  Either way
every segment gets exactly the length in the table of ILLUSTRATIONS.md (in head
units), so proportions are identical in every picture by construction.

World axes (head units): x to the right, y up (the floor is y = 0), z towards the
viewer.  `project()` looks at the world from the side, optionally raised by a
pitch angle (used where a limb moves sideways, e.g. knee rotations) or turned by a
yaw angle; raised views stand the figure on a mat drawn in the same view.
One function, `Figure.items()`, turns a pose into SVG elements,
painting segments far-to-near; limbs on the far side of the body get the light
tint.

Standard library only; output is deterministic.
"""
import math
import os
import sys

# --------------------------------------------------------------------------
# House style
# --------------------------------------------------------------------------
W, HGT = 300, 200               # canvas, the same for every picture
U = 20.0                        # pixels per head unit (same scale everywhere)
GROUND = 185.0                  # screen y of the floor for single-row / bottom-row figures
TOP_GROUND = 93.0               # screen y of the floor for the top row of stacked pictures
MARGIN = 12.0                   # left/right end of floor lines

LIMB_W = 8.0                    # stroke width of limbs (px)
TORSO_W = 13.0                  # stroke width of the torso
HEAD_R = 0.5                    # head radius in head units (diameter = 1 unit)
PROP_W = 3.0                    # floor / wall line width
ARROW_W = 3.5                   # arrow shaft width

NEAR = "#2F4A68"                # near-side / moving limbs, torso, head
FAR = "#9DB0C6"                 # far-side limbs
FLOOR = "#C5CBD3"               # floor, mat, wall
MAT = "#E6E9ED"                 # mat surface seen from above (pitched views)
TOWEL = "#B9C4CF"
BAND = "#8FA3B8"
ARROW = "#D0702A"

# Segment lengths in head units (ILLUSTRATIONS.md)
NECK, TORSO = 0.4, 2.6
UARM, FARM, HAND = 1.4, 1.2, 0.4
THIGH, SHIN, FOOT = 1.9, 1.8, 0.6
SH_HALF = 0.65                  # half shoulder width (shoulder joint to spine)
HIP_HALF = 0.35                 # half hip width (hip joint to pelvis centre)

LR = LIMB_W / 2 / U             # limb radius in head units (a limb "on the floor" has its axis at LR)
TR = TORSO_W / 2 / U            # torso radius in head units
FLOOR_CLEAR = PROP_W / 2 / U    # floor line half width

# --------------------------------------------------------------------------
# Small vector helpers (3-D tuples)
# --------------------------------------------------------------------------


def add(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def mul(a, k):
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a):
    return math.sqrt(dot(a, a))


def unit(a):
    n = norm(a)
    return (a[0] / n, a[1] / n, a[2] / n)


def mid(a, b):
    return mul(add(a, b), 0.5)


def ang(deg, z=0.0):
    """Unit direction at `deg` degrees in the x-y plane (0 = +x, 90 = up), tilted by z."""
    r = math.radians(deg)
    return unit((math.cos(r), math.sin(r), z))


def P(x, y, z=0.0):
    return (float(x), float(y), float(z))


def rot_y(v, deg):
    """Rotate about the vertical axis (positive: +x towards -z)."""
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return (v[0] * c + v[2] * s, v[1], -v[0] * s + v[2] * c)


def rot_axis(v, axis, deg):
    """Rodrigues rotation of v about unit axis."""
    k = unit(axis)
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return add(add(mul(v, c), mul(cross(k, v), s)), mul(k, dot(k, v) * (1 - c)))


def ik(root, target, a, b, pole):
    """Middle joint of a two-bone chain root-(a)-mid-(b)-end reaching for target.

    The chain bends towards `pole` (a direction).  Lengths are always exact; an
    unreachable target is approached along the same line.  Returns (mid, end)."""
    d_vec = sub(target, root)
    d = norm(d_vec)
    u = unit(d_vec)
    d = max(abs(a - b) + 1e-6, min(a + b - 1e-6, d))
    v = sub(pole, mul(u, dot(pole, u)))
    v = unit(v)
    x = (a * a - b * b + d * d) / (2 * d)
    h = math.sqrt(max(0.0, a * a - x * x))
    mid = add(add(root, mul(u, x)), mul(v, h))
    end = add(mid, mul(unit(sub(add(root, mul(u, d)), mid)), b))
    return mid, end


# --------------------------------------------------------------------------
# Camera
# --------------------------------------------------------------------------
class View:
    def __init__(self, pitch=0.0, yaw=0.0):
        self.pitch, self.yaw = pitch, yaw

    def project(self, p):
        """World point -> (screen dx, screen dy, depth) in head units, dy up, depth towards viewer."""
        x, y, z = rot_y(p, self.yaw)
        r = math.radians(self.pitch)
        sy = y * math.cos(r) - z * math.sin(r)
        depth = z * math.cos(r) + y * math.sin(r)
        return x, sy, depth


SIDE = View()

# --------------------------------------------------------------------------
# The skeleton
# --------------------------------------------------------------------------
LIMBS = {
    "leg": [("hip", "knee"), ("knee", "ankle"), ("ankle", "toe")],
    "arm": [("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "hand")],
}


class Figure:
    """One pose of the one body.  Sides are the body's own R(ight) and L(eft)."""

    def __init__(self, pelvis, spine, front, arch=0.0, nose=True):
        s = unit(spine)
        f = unit(sub(front, mul(s, dot(front, s))))
        r = cross(f, s)                      # body's right = forward x up
        self.s, self.f, self.r = s, f, r
        self.arch = arch                     # lumbar curve (head units, side views only)
        self.nose = nose
        j = self.j = {}
        j["pelvis"] = P(*pelvis)
        j["chest"] = add(j["pelvis"], mul(s, TORSO))
        for side, k in (("R", 1), ("L", -1)):
            j["hip" + side] = add(j["pelvis"], mul(r, k * HIP_HALF))
            j["shoulder" + side] = add(j["chest"], mul(r, k * SH_HALF))
        self.neck(s)
        self.colour = {}
        self.halo = set()

    # ---- head -----------------------------------------------------------
    def neck(self, direction, face=None):
        d = unit(direction)
        self.j["chin"] = add(self.j["chest"], mul(d, NECK))
        self.j["head"] = add(self.j["chest"], mul(d, NECK + HEAD_R))
        if face is None:
            face = self.f
        self.face = unit(sub(face, mul(d, dot(face, d))))
        return self

    def head_to(self, target, face=None):
        """Point the neck so the head centre is as near `target` as the neck allows."""
        return self.neck(sub(P(*target), self.j["chest"]), face)

    def head_on_floor(self, side=-1, face=None):
        """Lying figures: head resting on the floor, neck following the body."""
        c = self.j["chest"]
        dy = HEAD_R + FLOOR_CLEAR - c[1]
        L = NECK + HEAD_R
        dx = math.sqrt(max(0.0, L * L - dy * dy)) * side
        return self.neck((dx, dy, 0.0), face)

    # ---- limbs ----------------------------------------------------------
    def _chain(self, kind, side, dirs=None, target=None, pole=None, end=None):
        names = [a for a, _ in LIMBS[kind]] + [LIMBS[kind][-1][1]]
        lens = (THIGH, SHIN, FOOT) if kind == "leg" else (UARM, FARM, HAND)
        root = self.j[names[0] + side]
        if target is not None:
            mid, tip = ik(root, P(*target), lens[0], lens[1], pole)
            self.j[names[1] + side], self.j[names[2] + side] = mid, tip
            d3 = end
        else:
            p = root
            for n, d, ln in zip(names[1:3], dirs[:2], lens[:2]):
                p = add(p, mul(unit(d), ln))
                self.j[n + side] = p
            d3 = dirs[2]
        self.j[names[3] + side] = add(self.j[names[2] + side], mul(unit(d3), lens[2]))
        return self

    def leg(self, side, thigh=None, shin=None, foot=None, ankle=None, pole=None):
        if ankle is not None:
            return self._chain("leg", side, target=ankle, pole=pole, end=foot)
        return self._chain("leg", side, dirs=(thigh, shin, foot))

    def arm(self, side, upper=None, fore=None, hand=None, wrist=None, pole=None):
        if wrist is not None:
            return self._chain("arm", side, target=wrist, pole=pole, end=hand)
        return self._chain("arm", side, dirs=(upper, fore, hand))

    def set_colour(self, limb, colour):
        self.colour[limb] = colour
        return self

    # ---- anatomy check ---------------------------------------------------
    def check(self, name):
        """Knees bend backwards (opposite to the ankle's bend), elbows forwards."""
        j, bad = self.j, []
        for side in "RL":
            t = unit(sub(j["knee" + side], j["hip" + side]))
            s = unit(sub(j["ankle" + side], j["knee" + side]))
            f = unit(sub(j["toe" + side], j["ankle" + side]))
            n, m = cross(t, s), cross(s, f)
            if norm(n) > 0.15 and norm(m) > 0.15 and dot(n, m) > 0:
                bad.append("knee" + side + " bends the wrong way")
            if norm(n) > 0.15 and abs(dot(unit(n), f)) > 0.6:
                bad.append("foot" + side + " out of the leg plane")
            u = unit(sub(j["elbow" + side], j["shoulder" + side]))
            fo = unit(sub(j["wrist" + side], j["elbow" + side]))
            e = cross(u, fo)
            if norm(e) > 0.3 and dot(unit(e), self.r) < -0.3:
                bad.append("elbow" + side + " bends the wrong way")
            kneeang = math.degrees(math.acos(max(-1, min(1, dot(t, s)))))
            if kneeang > 165:
                bad.append("knee" + side + " over-flexed")
        for b in bad:
            print("  WARNING %s: %s" % (name, b), file=sys.stderr)
        return bad

    # ---- projection / drawing -------------------------------------------
    def screen(self, p, view, origin):
        x, y, d = view.project(p)
        return (origin[0] + x * U, origin[1] - y * U, d)

    def items(self, view, origin):
        """Depth-sorted drawing items [(depth, order, svg)] for this pose."""
        j = self.j
        S = {k: self.screen(v, view, origin) for k, v in j.items()}
        out = []
        # colours by depth: the side nearer the viewer is dark
        dR = (S["hipR"][2] + S["shoulderR"][2]) / 2
        dL = (S["hipL"][2] + S["shoulderL"][2]) / 2
        near = {"R": NEAR, "L": NEAR}
        if dR > dL + 0.2:
            near["L"] = FAR
        elif dL > dR + 0.2:
            near["R"] = FAR
        for kind, segs in LIMBS.items():
            for side in "RL":
                col = self.colour.get(kind + side, near[side])
                if kind + side in self.halo:
                    # one item: a white outline (not at the root joint) under the limb,
                    # so a limb crossing a same-coloured part stays readable
                    pts = [S[segs[0][0] + side]] + [S[b + side] for _, b in segs]
                    p0, p1 = pts[0], pts[1]
                    start = (p0[0] + (p1[0] - p0[0]) * 0.35, p0[1] + (p1[1] - p0[1]) * 0.35)
                    hp = [start] + pts[1:]
                    depth = sum(p[2] for p in pts) / len(pts)
                    svg = polyline(hp, "#FFFFFF", LIMB_W + 4) + polyline(pts, col, LIMB_W)
                    out.append((depth, 2, svg))
                    continue
                for a, b in segs:
                    pa, pb = S[a + side], S[b + side]
                    depth = (pa[2] + pb[2]) / 2
                    out.append((depth, 2, line(pa, pb, col, LIMB_W)))
        # torso: a thick stroke (side view) or a filled trapezoid (front / oblique views)
        quad = [S["shoulderR"], S["shoulderL"], S["hipL"], S["hipR"]]
        area = 0.0
        for i in range(4):
            x1, y1 = quad[i][:2]
            x2, y2 = quad[(i + 1) % 4][:2]
            area += x1 * y2 - x2 * y1
        tdepth = (S["pelvis"][2] + S["chest"][2]) / 2
        pc, cc = S["pelvis"], S["chest"]
        if abs(area) / 2 < 40:
            if self.arch:
                # lumbar curve: control point lifted at the lower third of the spine
                mx, my = pc[0] + (cc[0] - pc[0]) * 0.4, pc[1] + (cc[1] - pc[1]) * 0.4
                dx, dy = cc[0] - pc[0], cc[1] - pc[1]
                ln = math.hypot(dx, dy)
                nx, ny = dy / ln, -dx / ln
                if ny > 0:
                    nx, ny = -nx, -ny
                cx, cy = mx + nx * self.arch * U * 2, my + ny * self.arch * U * 2
                svg = '<path d="M%s %s Q%s %s %s %s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (
                    f1(pc[0]), f1(pc[1]), f1(cx), f1(cy), f1(cc[0]), f1(cc[1]), NEAR, f1(TORSO_W))
            else:
                svg = line(pc, cc, NEAR, TORSO_W)
        else:
            pts = " ".join("%s,%s" % (f1(p[0]), f1(p[1])) for p in quad)
            svg = '<polygon points="%s" fill="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>' % (
                pts, NEAR, NEAR, f1(LIMB_W))
        out.append((tdepth, 1, svg))
        # neck and head
        hd = S["head"]
        out.append(((S["chest"][2] + hd[2]) / 2, 1, line(S["chest"], hd, NEAR, LIMB_W)))
        head = '<circle cx="%s" cy="%s" r="%s" fill="%s"/>' % (f1(hd[0]), f1(hd[1]), f1(HEAD_R * U), NEAR)
        if self.nose:
            fx, fy, _ = view.project(self.face)
            fl = math.hypot(fx, fy)
            if fl > 0.35:
                ux, uy = fx / fl, -fy / fl          # screen direction of the face
                px, py = -uy, ux
                r = HEAD_R * U
                tip = (hd[0] + ux * (r + 2.6), hd[1] + uy * (r + 2.6))
                b1 = (hd[0] + ux * (r - 2) + px * 3.0, hd[1] + uy * (r - 2) + py * 3.0)
                b2 = (hd[0] + ux * (r - 2) - px * 3.0, hd[1] + uy * (r - 2) - py * 3.0)
                head += polygon([tip, b1, b2], NEAR)
        out.append((hd[2], 1.5, head))
        return out

    def bbox(self, view):
        pts = [view.project(p) for p in self.j.values()]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        pad = 0.5
        return min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad


# --------------------------------------------------------------------------
# SVG primitives
# --------------------------------------------------------------------------
def f1(v):
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def line(a, b, col, w):
    return '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (
        f1(a[0]), f1(a[1]), f1(b[0]), f1(b[1]), col, f1(w))


def polyline(pts, col, w):
    return '<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round" stroke-linejoin="round"/>' % (
        " ".join("%s,%s" % (f1(p[0]), f1(p[1])) for p in pts), col, f1(w))


def polygon(pts, col):
    return '<polygon points="%s" fill="%s"/>' % (" ".join("%s,%s" % (f1(x), f1(y)) for x, y in pts), col)


def arrowhead(tip, dx, dy, col=ARROW, length=11.0, width=11.0):
    ln = math.hypot(dx, dy)
    ux, uy = dx / ln, dy / ln
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    return polygon([tip, (bx - uy * width / 2, by + ux * width / 2), (bx + uy * width / 2, by - ux * width / 2)], col)


def arrow(a, b, bend=0.0, both=False):
    """Arrow from screen point a to b; bend > 0 curves it to the left of travel (px)."""
    ax, ay = a[:2]
    bx, by = b[:2]
    dx, dy = bx - ax, by - ay
    ln = math.hypot(dx, dy)
    head = 10.0
    if bend == 0:
        ux, uy = dx / ln, dy / ln
        sa = (ax + ux * head * 0.8, ay + uy * head * 0.8) if both else (ax, ay)
        sb = (bx - ux * head * 0.8, by - uy * head * 0.8)
        svg = line(sa, sb, ARROW, ARROW_W)
        svg += arrowhead((bx, by), dx, dy)
        if both:
            svg += arrowhead((ax, ay), -dx, -dy)
        return svg
    nx, ny = dy / ln, -dx / ln
    cx, cy = (ax + bx) / 2 + nx * bend, (ay + by) / 2 + ny * bend
    # tangent at the ends of a quadratic curve
    tbx, tby = bx - cx, by - cy
    tl = math.hypot(tbx, tby)
    eb = (bx - tbx / tl * head * 0.8, by - tby / tl * head * 0.8)
    tax, tay = ax - cx, ay - cy
    tla = math.hypot(tax, tay)
    ea = (ax - tax / tla * head * 0.8, ay - tay / tla * head * 0.8) if both else (ax, ay)
    svg = '<path d="M%s %s Q%s %s %s %s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (
        f1(ea[0]), f1(ea[1]), f1(cx), f1(cy), f1(eb[0]), f1(eb[1]), ARROW, f1(ARROW_W))
    svg += arrowhead((bx, by), tbx, tby)
    if both:
        svg += arrowhead((ax, ay), tax, tay)
    return svg


def floor_line(y, x0=MARGIN, x1=W - MARGIN):
    return line((x0, y + PROP_W / 2), (x1, y + PROP_W / 2), FLOOR, PROP_W)


def mat(view, origin, x0, x1, zw):
    """A floor mat seen from a raised viewpoint: a light quadrilateral with a floor-coloured front edge."""
    corners = [P(x0, 0, -zw), P(x1, 0, -zw), P(x1, 0, zw), P(x0, 0, zw)]
    pts = []
    for c in corners:
        x, y, _ = view.project(c)
        pts.append((origin[0] + x * U, origin[1] - y * U))
    svg = '<polygon points="%s" fill="%s" stroke="%s" stroke-width="2" stroke-linejoin="round"/>' % (
        " ".join("%s,%s" % (f1(x), f1(y)) for x, y in pts), MAT, FLOOR)
    return svg


# --------------------------------------------------------------------------
# Pictures: panels of figures, props and arrows
# --------------------------------------------------------------------------
class Picture:
    def __init__(self, name):
        self.name = name
        self.panels = []        # (figure, view, origin)
        self.back = []          # props drawn behind the figures
        self.front = []         # arrows and props drawn over the figures

    def place(self, fig, view=SIDE, ground=GROUND, cx=W / 2, align=None, bottom=None):
        """Put a figure so that world y = 0 is at screen y `ground`, centred at cx.

        align: another figure (or list) whose union box is used for centring, so
        stacked start/end figures line up joint for joint."""
        figs = align if isinstance(align, list) else [fig] + ([align] if align else [])
        xs = []
        for f in figs:
            b = f.bbox(view)
            xs += [b[0], b[1]]
        mid = (min(xs) + max(xs)) / 2
        if bottom is not None:
            # raised views: lowest point of the figure (plus pad) at screen y `bottom`
            ground = bottom + min(f.bbox(view)[2] for f in figs) * U
        origin = (cx - mid * U, ground)
        self.panels.append((fig, view, origin))
        return origin

    def pt(self, fig, joint, dx=0.0, dy=0.0):
        """Screen position of a joint of a placed figure (offset in px)."""
        for f, view, origin in self.panels:
            if f is fig:
                p = joint if isinstance(joint, tuple) else f.j[joint]
                s = f.screen(p, view, origin)
                return (s[0] + dx, s[1] + dy)
        raise KeyError(joint)

    def svg(self):
        body = list(self.back)
        for fig, view, origin in self.panels:
            fig.check(self.name)
            items = fig.items(view, origin)
            items.sort(key=lambda t: (round(t[0], 3), t[1]))
            body += [s for _, _, s in items]
        body += self.front
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d">\n' % (W, HGT, W, HGT)
                + "\n".join(body) + "\n</svg>\n")


# --------------------------------------------------------------------------
# Pose library
# --------------------------------------------------------------------------
def supine(knees="bent", arms="side", arch=0.0, px=0.0):
    """Lying on the back, head to the left, face up."""
    f = Figure((px, TR + FLOOR_CLEAR), (-1, 0, 0), (0, 1, 0), arch=arch)
    f.head_on_floor()
    for side in "RL":
        if arms == "side":
            f.arm(side, upper=ang(-2), fore=(1, 0, 0), hand=(1, 0, 0))
    if knees == "bent":
        hook(f)
    elif knees == "flat":
        for side in "RL":
            flat_leg(f, side)
    return f


def hook(f, sides="RL", reach=2.55):
    """Knees bent, feet flat on the floor."""
    for side in sides:
        h = f.j["hip" + side]
        f.leg(side, ankle=(h[0] + reach, LR + FLOOR_CLEAR, h[2]), pole=(0, 1, 0), foot=(1, -0.02, 0))


def flat_leg(f, side):
    h = f.j["hip" + side]
    f.leg(side, ankle=(h[0] + 5, LR + FLOOR_CLEAR + 0.02, h[2]), pole=(0, 1, 0), foot=ang(70))


def standing(px=0.0, knee=0.0):
    f = Figure((px, LR + FLOOR_CLEAR + THIGH + SHIN), (0, 1, 0), (1, 0, 0))
    for side in "RL":
        f.leg(side, thigh=(0, -1, 0), shin=(0, -1, 0), foot=(1, 0, 0))
        f.arm(side, upper=ang(-92), fore=ang(-85), hand=ang(-85))
    return f


FL = LR + FLOOR_CLEAR           # axis height of a limb lying on the floor


# ---- each picture ----------------------------------------------------------
def hip_flexor_stretch():
    pic = Picture("hip-flexor-stretch")
    hip_y = FL + SHIN
    f = Figure((0, hip_y), (-0.03, 1, 0), (1, 0, 0))
    # back (stretched) leg: knee on the floor behind the hip, shin and foot flat behind
    back_drop = hip_y - FL
    kx = -math.sqrt(THIGH ** 2 - back_drop ** 2)
    f.leg("R", thigh=(kx, -back_drop, 0), shin=(-1, 0, 0), foot=ang(188))
    # front leg: thigh level, shin vertical, foot flat
    f.leg("L", thigh=(1, 0, 0), shin=(0, -1, 0), foot=(1, 0, 0))
    for side in "RL":
        h = f.j["hip" + side]
        f.arm(side, wrist=add(h, (0.15, 0.5, 0)), pole=(-1, 0.1, 0), hand=ang(-110))
    pic.place(f)
    pic.back.append(floor_line(GROUND))
    # pelvis pushed forward
    p = pic.pt(f, "pelvis")
    pic.front.append(arrow((p[0] - 2, p[1] - 10), (p[0] + 30, p[1] - 10)))
    return pic


def rotation_pair(name, arms_out, head_turn):
    """Lying on the back, knees bent and together; the knees roll to one side.

    Seen from above and a little from the feet end (3/4 view) on a mat, so the
    knees visibly fall sideways (towards the viewer) instead of just lowering,
    and arms out to the sides read as arms out.  Start on top, end below."""
    pic = Picture(name)
    view = View(pitch=36, yaw=-20)
    figs = []
    for rot in (0.0, 78.0):
        f = supine(knees=None)
        for side, zs in (("R", 1), ("L", -1)):
            h = f.j["hip" + side]
            f.leg(side, ankle=(h[0] + 2.55, FL, 0.3 * zs), pole=(0, 1, -0.2 * zs), foot=(1, -0.02, 0))
        if arms_out:
            for side, zs in (("R", 1), ("L", -1)):
                f.arm(side, upper=(0, -0.02, zs), fore=(0, 0, zs), hand=(0, 0, zs))
        else:
            for side, zs in (("R", 1), ("L", -1)):
                f.arm(side, upper=(1, -0.05, 0.4 * zs), fore=(1, 0, 0.1 * zs), hand=(1, 0, 0))
        if rot:
            for side in "RL":
                h, a, kn = f.j["hip" + side], f.j["ankle" + side], f.j["knee" + side]
                axis = sub(a, h)
                f.j["knee" + side] = add(h, rot_axis(sub(kn, h), axis, rot))
                f.j["toe" + side] = add(a, rot_axis(sub(f.j["toe" + side], a), axis, rot * 0.4))
            if head_turn:
                f.head_on_floor(face=(0, 0.3, -1))
        figs.append(f)
    zw = 1.7
    lift = zw * math.sin(math.radians(view.pitch)) * U
    for f, g in ((figs[0], TOP_GROUND - 2), (figs[1], GROUND - 3)):
        o = pic.place(f, view, ground=g - lift, align=figs)
        pic.back.append(mat(view, o, -4.6, 3.3, zw))
    # curved arrow from where the knees were to where they are now
    k0 = pic.pt(figs[1], mid(figs[0].j["kneeR"], figs[0].j["kneeL"]), 14, -2)
    k1 = pic.pt(figs[1], "kneeR", 19, 8)
    pic.front.append(arrow(k0, k1, bend=-8))
    return pic


def double_hip_rotation():
    return rotation_pair("double-hip-rotation", True, True)


def knee_rotations():
    return rotation_pair("knee-rotations", False, False)


def butterfly_stretch():
    pic = Picture("butterfly-stretch")
    view = View(yaw=-80)
    f = Figure((0, 0.45), ang(66), (1, 0, 0))
    f.head_to(add(f.j["chest"], ang(50)))
    for side, zs in (("R", 1), ("L", -1)):
        f.leg(side, ankle=(1.3, FL + 0.05, 0.13 * zs), pole=(0.1, 0.25, zs), foot=(1, -0.1, 0))
        f.arm(side, wrist=(1.45, FL + 0.45, 0.28 * zs), pole=(0, -0.2, zs), hand=(0.6, -1, 0))
    pic.place(f, view)
    pic.back.append(floor_line(GROUND))
    return pic


def pigeon_pose():
    """Seen from the front and raised, on the side of the bent front leg: the front
    shin lies across the mat in front of the hips (near colour) and the back leg
    stretches straight behind (far tint)."""
    pic = Picture("pigeon-pose")
    view = View(pitch=35, yaw=-50)
    f = Figure((0, 0.6), ang(80), (1, 0, 0))
    f.head_to(add(f.j["chest"], ang(80)))
    # front (right) leg: thigh forward and a little out, knee on the mat behind the
    # right wrist, shin across the mat towards the left hand, outside of the leg down
    h = f.j["hipR"]
    drop = h[1] - FL
    run = math.sqrt(THIGH ** 2 - drop ** 2)
    a = math.radians(38)
    knee = (h[0] + run * math.cos(a), FL, h[2] + run * math.sin(a))
    b = math.radians(-3)
    sdir = (-math.sin(b), 0, -math.cos(b))
    f.leg("R", thigh=sub(knee, h), shin=sdir, foot=add(sdir, (0, -0.05, 0)))
    # back (left) leg: straight behind, knee and top of the foot on the mat
    h = f.j["hipL"]
    f.leg("L", ankle=(h[0] - 3.68, FL + 0.03, h[2]), pole=(0, -1, 0), foot=ang(186))
    for side, zs in (("R", 1), ("L", -1)):
        f.arm(side, wrist=(0.15, FL + 0.4, 1.3 * zs), pole=(-1, 0, 0), hand=(0.5, -1, 0))
    f.set_colour("legR", NEAR).set_colour("legL", FAR)
    x0, x1, zw = -4.6, 3.0, 1.7
    corners = [view.project(P(x, 0, z)) for x in (x0, x1) for z in (-zw, zw)]
    low = min(c[1] for c in corners)
    mx = (min(c[0] for c in corners) + max(c[0] for c in corners)) / 2
    o = (W / 2 - mx * U, GROUND + 1.5 + low * U)
    pic.panels.append((f, view, o))
    pic.back.append(mat(view, o, x0, x1, zw))
    return pic


def figure_four_pose(pull):
    """Lying on the back; right ankle resting on the left thigh just below the knee,
    right knee turned out.  pull: left foot off the floor, thigh drawn to the chest."""
    f = Figure((0, TR + FLOOR_CLEAR), (-1, 0, 0), (0, 1, 0))
    f.head_on_floor()
    if pull:
        f.leg("L", thigh=ang(105), shin=ang(8), foot=ang(95))
    else:
        hook(f, "L")
    kL, hL = f.j["kneeL"], f.j["hipL"]
    # ankle on the front of the supporting thigh, a little below the knee
    up = unit(cross(sub(kL, hL), (0, 0, 1)))
    if dot(up, (1, 1, 0)) < 0:
        up = mul(up, -1)
    tgt = add(add(kL, mul(unit(sub(hL, kL)), 0.6)), mul(up, 0.3))
    knee_out = add(hL, (0.5, 1.2, 2.2))
    f.leg("R", ankle=tgt, pole=sub(knee_out, f.j["hipR"]), foot=(0.3, 0.3, -1))
    if pull:
        th = add(hL, mul(sub(kL, hL), 0.6))
        for side in "RL":
            f.arm(side, wrist=add(th, (-0.3, -0.05, 0.0)), pole=(0, -0.3, 1 if side == "R" else -1), hand=(0.4, 0.3, 0))
        # the near arm crosses the crossed leg: outline it so the reach to the thigh reads
        f.halo.add("armR")
    else:
        for side, zs in (("R", 1), ("L", -1)):
            f.arm(side, upper=(1, -0.05, 0.25 * zs), fore=(1, 0, 0.05 * zs), hand=(1, 0, 0))
    f.set_colour("legR", NEAR).set_colour("legL", FAR)
    f.halo.add("legR")
    return f


def figure_four_stretch():
    """Side view turned towards the feet, so the crossed shin lies across the
    supporting thigh and the two legs make the '4'."""
    pic = Picture("figure-four-stretch")
    view = View(yaw=-55)
    figs = [figure_four_pose(False), figure_four_pose(True)]
    pic.place(figs[0], view, ground=TOP_GROUND, align=figs)
    pic.place(figs[1], view, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    a = pic.pt(figs[1], figs[0].j["kneeL"], 22, -4)
    b = pic.pt(figs[1], "kneeL", 18, -14)
    pic.front.append(arrow(a, b, bend=-10))
    return pic


def lateral_squat():
    """3/4 front view from the side of the straight leg, so both the sideways shift
    and 'hips back' show: start standing wide, toes out; end with the weight over
    the left leg, that knee bent over the toes, hips back and down as if sitting
    into a chair, the right leg straight, chest up.  Arrow: over the head, from
    where it was to where it is, sideways and down."""
    pic = Picture("lateral-squat")
    view = View(yaw=40)
    AX = 2.0                               # ankles at +-AX (about twice shoulder width)
    figs = []
    for k in range(2):
        if k == 0:
            hy = math.sqrt((THIGH + SHIN - 0.02) ** 2 - (AX - HIP_HALF) ** 2 - 0.04)
            f = Figure((0, FL + hy), (0, 1, 0), (0, 0, 1))
        else:
            # the pelvis over the bent (left) leg, back by pz; the right leg straight
            # fixes the height
            px, pz = 1.3, -0.75
            dx = px - HIP_HALF + AX
            py = FL + math.sqrt((THIGH + SHIN - 0.02) ** 2 - dx ** 2 - pz ** 2)
            f = Figure((px, py, pz), (0, 1, 0.55), (0, 0, 1))
            f.head_to(add(f.j["chest"], (0, 1, 0.3)))
        for side, xs in (("R", -1), ("L", 1)):
            f.leg(side, ankle=(AX * xs, FL, 0), pole=(0.8 * xs, 0, 1), foot=(0.3 * xs, -0.05, 1))
        # hands together in front of the chest
        c = f.j["chest"]
        for side, xs in (("R", -1), ("L", 1)):
            f.arm(side, wrist=add(c, (0.12 * xs, -0.75, 0.95)), pole=(xs, -0.8, -0.2), hand=(-0.4 * xs, 0.3, 1))
        figs.append(f)
    pic.place(figs[0], view, cx=80)
    pic.place(figs[1], view, cx=215)
    pic.back.append(floor_line(GROUND))
    a = pic.pt(figs[1], figs[0].j["head"], -14, -14)
    b = pic.pt(figs[1], "head", 14, -16)
    pic.front.append(arrow(a, b, bend=12))
    return pic


def side_lying_leg_raise():
    pic = Picture("side-lying-leg-raise")
    figs = []
    for lift in (0.0, 36.0):
        # lying on the left side, facing the viewer, head to the left, propped on the left elbow
        f = Figure((0, HIP_HALF + TR + FLOOR_CLEAR + 0.05), ang(160), (0, 0, 1))
        f.head_to(add(f.j["chest"], ang(155)))
        hL = f.j["hipL"]
        f.leg("L", ankle=(hL[0] + 3.65, FL, 0), pole=(0, 0, 1), foot=ang(-10, 1.2))
        hR = f.j["hipR"]
        f.leg("R", ankle=add(hR, mul(ang(-6 + lift), THIGH + SHIN)), pole=(0, 0, 1), foot=(0.1, 0, 1))
        sL = f.j["shoulderL"]
        f.arm("L", upper=sub((sL[0] + 0.1, FL, 0.3), sL), fore=(-0.6, 0, 1), hand=(-0.4, 0, 1))
        f.arm("R", wrist=add(hR, (0.2, 0.25, 0.3)), pole=(-0.2, 1, 0.3), hand=ang(-60))
        f.set_colour("legL", FAR).set_colour("legR", NEAR).set_colour("armL", FAR).set_colour("armR", NEAR)
        figs.append(f)
    g0 = TOP_GROUND - 6
    pic.place(figs[0], ground=g0, align=figs)
    pic.place(figs[1], ground=GROUND, align=figs)
    pic.back += [floor_line(g0), floor_line(GROUND)]
    t0 = pic.pt(figs[1], figs[0].j["ankleR"], 8, -8)
    t1 = pic.pt(figs[1], "ankleR", 14, 2)
    pic.front.append(arrow(t0, t1, bend=-14))
    return pic


def fire_hydrant():
    """Hands and knees on a mat, seen from behind and above on the side of the
    supporting leg: the lifted knee swings out sideways (thigh level, shin still
    pointing back), which a pure side view hides."""
    pic = Picture("fire-hydrant")
    view = View(pitch=42, yaw=155)
    figs = []
    for lift in (0.0, 80.0):
        sh_y = FL + UARM + FARM
        hip_y = FL + THIGH
        dy = sh_y - hip_y
        f = Figure((0, hip_y), (math.sqrt(TORSO ** 2 - dy ** 2), dy, 0), (0, -1, 0))
        f.head_to(add(f.j["chest"], (1, 0.35, 0)))
        for side in "RL":
            f.arm(side, upper=(0, -1, 0), fore=(0, -1, 0), hand=(1, 0, 0))
            a = -lift if side == "R" else 0.0
            X = (1, 0, 0)
            f.leg(side, thigh=rot_axis((0, -1, 0), X, a), shin=rot_axis((-1, 0, 0), X, a),
                  foot=rot_axis((-0.7, -0.7, 0), X, a))
        # the working (far) leg in the near colour; the rest by depth
        f.set_colour("legR", NEAR)
        figs.append(f)
    x0, x1, zw = -2.9, 3.3, 1.6
    corners = [view.project(P(x, 0, z)) for x in (x0, x1) for z in (-zw, zw)]
    low = min(c[1] for c in corners)
    mx = (min(c[0] for c in corners) + max(c[0] for c in corners)) / 2
    for f, cx in zip(figs, (78, 222)):
        o = (cx - mx * U, GROUND + 1.5 + low * U)
        pic.panels.append((f, view, o))
        pic.back.append(mat(view, o, x0, x1, zw))
    k0 = pic.pt(figs[1], figs[0].j["kneeR"], 6, 0)
    k1 = pic.pt(figs[1], "kneeR", 4, 8)
    pic.front.append(arrow(k0, k1, bend=-12))
    return pic


def banded_walk():
    pic = Picture("banded-walk")
    view = View(yaw=22)
    figs = []
    for k in range(2):
        f = Figure((0, FL + 3.5), (0, 1, 0.12), (0, 0, 1))
        f.head_to(add(f.j["chest"], (0, 1, 0)))
        for side, xs in (("R", -1), ("L", 1)):
            ax = 0.5 * xs if k == 0 else (-1.5 if side == "R" else 0.45)
            f.leg(side, ankle=(ax, FL, 0.25), pole=(0, 0, 1), foot=(0.15 * xs, 0, 1))
            f.arm(side, wrist=add(f.j["hip" + side], (0.4 * xs, 0.45, 0.2)), pole=(xs, 0.2, -0.4), hand=(0.3 * xs, -1, 0))
        figs.append(f)
    pic.place(figs[0], view, cx=82)
    pic.place(figs[1], view, cx=215)
    pic.back.append(floor_line(GROUND))
    for f in figs:
        # band just above the ankles, over the legs
        a = pic.pt(f, add(f.j["ankleR"], mul(sub(f.j["kneeR"], f.j["ankleR"]), 0.25)))
        b = pic.pt(f, add(f.j["ankleL"], mul(sub(f.j["kneeL"], f.j["ankleL"]), 0.25)))
        pic.front.append(line((a[0] - 4, a[1]), (b[0] + 4, b[1]), BAND, 6))
    a = pic.pt(figs[1], "kneeR", 0, 0)
    pic.front.append(arrow((a[0] - 6, a[1] - 30), (a[0] - 40, a[1] - 30)))
    return pic


def hug(f, sides="RL"):
    """Both hands on the right shin, just below the knee."""
    k, an = f.j["kneeR"], f.j["ankleR"]
    w = add(add(k, mul(unit(sub(an, k)), 0.35)), (0, 0.12, 0))
    for side in "RL":
        f.arm(side, wrist=w, pole=(0, -0.4, 1 if side == "R" else -1), hand=(0.2, -1, 0))
    f.halo.add("armR")


def knee_to_chest():
    pic = Picture("knee-to-chest")
    f0 = supine(knees="flat")
    f1 = supine(knees="flat")
    f1.leg("R", thigh=ang(130), shin=ang(-5), foot=ang(75))
    hug(f1)
    f1.set_colour("legL", FAR)
    figs = [f0, f1]
    pic.place(f0, ground=TOP_GROUND, align=figs)
    pic.place(f1, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    a = pic.pt(f1, f0.j["kneeR"], 10, -8)
    b = pic.pt(f1, "kneeR", 14, -10)
    pic.front.append(arrow(a, b, bend=-16))
    return pic


def double_knee_to_chest():
    pic = Picture("double-knee-to-chest")
    f0 = supine(knees="bent")
    f1 = supine(knees="bent")
    for side in "RL":
        f1.leg(side, thigh=ang(130), shin=ang(-5), foot=ang(75))
    hug(f1)
    figs = [f0, f1]
    pic.place(f0, ground=TOP_GROUND, align=figs)
    pic.place(f1, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    a = pic.pt(f1, f0.j["kneeR"], 14, -4)
    b = pic.pt(f1, "kneeR", 14, -10)
    pic.front.append(arrow(a, b, bend=-16))
    return pic


def bridge():
    pic = Picture("bridge")
    f0 = supine(knees="bent")
    # end: shoulders on the floor, feet where they were, shoulders-hips-knees in one line
    A = (f0.j["ankleR"][0], FL)
    K = (A[0] - SHIN * math.sin(math.radians(8)), FL + SHIN * math.cos(math.radians(8)))
    sy = TR + FLOOR_CLEAR
    dy = K[1] - sy
    dx = math.sqrt((TORSO + THIGH) ** 2 - dy ** 2)
    S = (K[0] - dx, sy)
    t = TORSO / (TORSO + THIGH)
    Pv = (S[0] + (K[0] - S[0]) * t, S[1] + (K[1] - S[1]) * t)
    f1 = Figure((Pv[0], Pv[1]), (S[0] - Pv[0], S[1] - Pv[1], 0), (0, 1, 0))
    f1.head_on_floor()
    for side in "RL":
        z = f1.j["hip" + side][2]
        f1.leg(side, ankle=(A[0], A[1], z), pole=(0, 1, 0), foot=(1, 0, 0))
        sh = f1.j["shoulder" + side]
        f1.arm(side, wrist=(sh[0] + 2.599, FL, sh[2]), pole=(0, 1, 0), hand=(1, 0, 0))
    figs = [f0, f1]
    pic.place(f0, ground=TOP_GROUND, align=figs)
    pic.place(f1, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    b = pic.pt(f1, "pelvis")
    pic.front.append(arrow((b[0], b[1] - 12), (b[0], b[1] - 42)))
    return pic


def hamstring_stretch():
    pic = Picture("hamstring-stretch")
    f = supine(knees="bent")
    # right leg straight up towards the ceiling
    f.leg("R", thigh=ang(93), shin=ang(93), foot=ang(178))
    f.set_colour("legL", FAR)
    ball = add(f.j["ankleR"], mul(sub(f.j["toeR"], f.j["ankleR"]), 0.7))
    for side in "RL":
        sh = f.j["shoulder" + side]
        w = add(sh, mul(unit(sub(ball, sh)), 2.25))
        f.arm(side, wrist=w, pole=(0, -1, 0), hand=unit(sub(ball, w)))
    pic.place(f)
    pic.back.append(floor_line(GROUND))
    hand = pic.pt(f, "handR")
    s = pic.pt(f, ball, 0, -6)
    # towel: a loop from the hands over the sole at the ball of the foot
    pic.front.append(polyline([(hand[0] - 2, hand[1] + 1), (s[0] - 5, s[1]), (s[0] + 5, s[1]), (hand[0] + 2, hand[1] + 1)], TOWEL, 5))
    return pic


def wall_sit():
    pic = Picture("wall-sit")
    figs = []
    for k in range(2):
        if k == 0:
            f = Figure((TR + 0.1, FL + 3.6), (0, 1, 0), (1, 0, 0))
            for side in "RL":
                f.leg(side, ankle=(1.1, FL, f.j["hip" + side][2]), pole=(1, 0, 0), foot=(1, 0, 0))
        else:
            f = Figure((TR + 0.1, FL + SHIN), (0, 1, 0), (1, 0, 0))
            for side in "RL":
                f.leg(side, thigh=(1, 0, 0), shin=(0, -1, 0), foot=(1, 0, 0))
        for side in "RL":
            f.arm(side, upper=ang(-88), fore=ang(-80), hand=ang(-80))
        figs.append(f)
    for f, x in zip(figs, (52, 190)):
        pic.panels.append((f, SIDE, (x, GROUND)))
        pic.back.append(line((x - 1.5, GROUND - 168), (x - 1.5, GROUND), FLOOR, PROP_W))
    pic.back.append(floor_line(GROUND))
    a = pic.pt(figs[0], "chest", 34, 6)
    b = pic.pt(figs[1], "pelvis", -46, -4)
    pic.front.append(arrow(a, b, bend=-22))
    return pic


def press_up_extension():
    """Lying face down, head to the left.  Start: hands flat on the floor under the
    shoulders, elbows bent and pointing up and back; the arrow above the upper back
    says 'lift the chest'.  End: chest up on the forearms, elbows under the
    shoulders, lower back relaxed into a slight curve, hips and legs on the floor."""
    pic = Picture("press-up-extension")
    f0 = Figure((0, TR + FLOOR_CLEAR), (-1, 0, 0), (0, -1, 0))
    f0.head_on_floor(face=(-0.7, -1, 0))
    sh_y = FL + UARM
    dy = sh_y - (TR + FLOOR_CLEAR)
    f1 = Figure((0, TR + FLOOR_CLEAR), (-math.sqrt(TORSO ** 2 - dy ** 2), dy, 0), (0, -1, 0), arch=-0.12)
    f1.head_to(add(f1.j["chest"], (-0.45, 1, 0)), face=(-1, 0.1, 0))
    for f in (f0, f1):
        for side in "RL":
            h = f.j["hip" + side]
            f.leg(side, ankle=(h[0] + 3.7, FL + 0.02, h[2]), pole=(0, -1, 0), foot=ang(-5))
    for side in "RL":
        s = f0.j["shoulder" + side]
        f0.arm(side, wrist=(s[0] + 0.9, FL, s[2]), pole=(1.5, 1, 0), hand=(-1, 0, 0))
        f1.arm(side, upper=(0, -1, 0), fore=(-1, 0, 0), hand=(-1, 0, 0))
    for f in (f0, f1):
        # the near arm crosses the torso: outline it so the bent elbow reads
        f.halo.add("armL")
    figs = [f0, f1]
    pic.place(f0, ground=TOP_GROUND, align=figs)
    pic.place(f1, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    a = pic.pt(f0, add(f0.j["chest"], (2.0, 1.2, 0)))
    b = pic.pt(f0, add(f0.j["chest"], (0.2, 2.5, 0)))
    pic.front.append(arrow(a, b, bend=14))
    return pic


def pelvic_tilt():
    pic = Picture("pelvic-tilt")
    f0 = supine(knees="bent", arch=0.3)
    f1 = supine(knees="bent")
    figs = [f0, f1]
    pic.place(f0, ground=TOP_GROUND, align=figs)
    pic.place(f1, ground=GROUND, align=figs)
    pic.back += [floor_line(TOP_GROUND), floor_line(GROUND)]
    a = pic.pt(f0, add(f0.j["pelvis"], (-0.9, 0, 0)))
    pic.front.append(arrow((a[0], a[1] - 38), (a[0], a[1] - 14)))
    return pic


PICTURES = [
    ("hip-flexor-stretch", hip_flexor_stretch),
    ("double-hip-rotation", double_hip_rotation),
    ("butterfly-stretch", butterfly_stretch),
    ("pigeon-pose", pigeon_pose),
    ("figure-four-stretch", figure_four_stretch),
    ("lateral-squat", lateral_squat),
    ("side-lying-leg-raise", side_lying_leg_raise),
    ("fire-hydrant", fire_hydrant),
    ("banded-walk", banded_walk),
    ("knee-to-chest", knee_to_chest),
    ("double-knee-to-chest", double_knee_to_chest),
    ("knee-rotations", knee_rotations),
    ("bridge", bridge),
    ("hamstring-stretch", hamstring_stretch),
    ("wall-sit", wall_sit),
    ("press-up-extension", press_up_extension),
    ("pelvic-tilt", pelvic_tilt),
]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.dirname(here)
    only = [a for a in argv if not a.startswith("-")]
    for name, fn in PICTURES:
        if only and name not in only:
            continue
        pic = fn()
        with open(os.path.join(out_dir, name + ".svg"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(pic.svg())
    if "--sheet" in argv:
        import contact_sheet
        contact_sheet.main([])


if __name__ == "__main__":
    main(sys.argv[1:])
