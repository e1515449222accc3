#!/usr/bin/env python3
"""Draw every exercise illustration in images/ from one skeleton model.

Run from the repository root:

    python3 images/generator/draw.py              # rewrite all images/<id>.svg
    python3 images/generator/draw.py bridge       # just one
    python3 images/generator/check.py             # fill ratios, grey values, file rules
    python3 images/generator/contact_sheet.py     # docs/illustrations.png

See README.md next to this file for the model, the views and how to add a pose.
Standard library only; the output is deterministic.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import model as M  # noqa: E402
import shapes as S  # noqa: E402
import body as B  # noqa: E402
from model import (P, add, sub, mul, unit, ang, lerp, rot_axis, View, SIDE, Figure,  # noqa: E402,F401
                   THIGH, SHIN, UARM, FARM, TORSO, HIP_HALF, ANKLE_H)

# --------------------------------------------------------------------------
# House style (ILLUSTRATIONS.md)
# --------------------------------------------------------------------------
W, H = 300, 200                 # canvas, the same for every picture
FLOOR_Y = 190.0                 # canvas y of the floor line in every picture
MAT_T = 6.0                     # mat thickness (canvas units); bodies on a mat lie on its top
U_LYING = 33.0                  # canvas units per head unit: lying and side-on poses
U_STAND = 22.0                  # standing poses
U_SIT = 39.0                    # sitting on the floor

OUTLINE = "#1B2633"             # every body outline
LINE_W = 2.4                    # the one outline width
NEAR = "#E9EEF3"                # torso, head, near-side limbs
FAR = "#A4B3C3"                 # far-side limbs
HAIR = "#A7B4C2"
GHOST = "#A3AFBC"               # start position: outline only
GHOST_W = 1.5
GHOST_IN = "#7A8A9B"            # a start line drawn inside the body: dashed, a little darker
ARROW = "#1F3550"
ARROW_W = 5.0
MOVE = "#CDDCEC"                # the limb that moves: a light tint of the brand blue
PROP_LINE = "#6F7D8C"           # floor line, mat and wall edges
MAT = "#C3CCD6"                 # mat slab (side view), front edge of a raised mat
MAT_TOP = "#DFE4EA"             # top of a mat seen from above
WALL = "#D9DFE6"
SKIRT = "#9AA6B3"
TOWEL = "#3E4C5B"
BAND = "#37414D"
WOOD = "#B9C2CC"                # chair / counter top
CUPBOARD = "#F0F2F5"            # the counter's cupboard front, kept pale behind the legs

STYLE = {"near": NEAR, "far": FAR, "hair": HAIR}

COLOURS = {
    "outline": OUTLINE, "arrow": ARROW, "towel": TOWEL, "band": BAND, "prop line": PROP_LINE,
    "far limb": FAR, "hair": HAIR, "moving limb": MOVE, "mat": MAT, "chair/counter": WOOD, "skirting": SKIRT,
    "wall": WALL, "counter front": CUPBOARD, "mat top (raised views)": MAT_TOP, "near limb / torso": NEAR, "ghost outline": GHOST,
    "ghost line inside a body": GHOST_IN,
}

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def n1(v):
    return S.num(v)


def clip_poly(pts, x0=-2.0, y0=-2.0, x1=W + 2.0, y1=H + 2.0):
    """Sutherland-Hodgman: the polygon cut to a box just outside the canvas, so
    props that run out of the picture stop at its edge (the cut edges fall
    outside the canvas and are not seen)."""
    def cut(poly, inside, cross):
        out = []
        for i, p in enumerate(poly):
            q = poly[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(cross(q, p))
                out.append(p)
            elif inside(q):
                out.append(cross(q, p))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)
    poly = list(pts)
    for inside, cross in ((lambda p: p[0] >= x0, at_x(x0)), (lambda p: p[0] <= x1, at_x(x1)),
                          (lambda p: p[1] >= y0, at_y(y0)), (lambda p: p[1] <= y1, at_y(y1))):
        if not poly:
            break
        poly = cut(poly, inside, cross)
    return poly


def pts_attr(pts):
    return " ".join("%s,%s" % (n1(x), n1(y)) for x, y in pts)


_EXACT = {}


def exact_extent(fig, view):
    """(xmin, xmax, ymin, ymax) of the drawn outlines in view coordinates (head
    units, y up): the body drawn at scale 1 with the origin at (0, 0)."""
    key = (id(fig), view.yaw, view.pitch, tuple(sorted((k, tuple(round(c, 6) for c in v)) for k, v in fig.j.items())))
    if key not in _EXACT:
        k = 30.0
        pl = B.Placed(fig, view, (0.0, 0.0), k)
        xs, ys = [], []
        for p in B.build_parts(pl, STYLE):
            x0, y0, x1, y1 = S.bbox(p.pieces)
            xs += [x0 / k, x1 / k]
            ys += [-y0 / k, -y1 / k]
        _EXACT[key] = (min(xs), max(xs), min(ys), max(ys))
    return _EXACT[key]


def lowest(fig, parts=None):
    """Lowest world y of the body (or of the named sphere parts / 'torso')."""
    low = 1e9
    sp = fig.spheres() if parts is None or any(p != "torso" for p in parts) else {}
    for name, balls in sp.items():
        if parts is not None and name not in parts:
            continue
        for c, r in balls:
            low = min(low, c[1] - r)
    if parts is None or "torso" in parts:
        for (t, a, bf, bb) in M.TORSO_LEVELS:
            p = fig.spine_point(t)
            for k in range(24):
                th = 2 * math.pi * k / 24
                q = add(p, add(mul(fig.r, a * math.cos(th)), mul(fig.f, ((bf + bb) / 2) * math.sin(th) + (bf - bb) / 2)))
                low = min(low, q[1])
    return low


def settle(fig, parts=("torso",), gap=0.0):
    """Move the body down (or up) until the named parts touch the floor."""
    fig.shift((0, gap - lowest(fig, parts), 0))
    return fig


# --------------------------------------------------------------------------
# arrows and props (canvas units)
# --------------------------------------------------------------------------
def _qpt(a, c, b, t):
    u = 1 - t
    return (u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1])


def arrow(a, b, bend=0.0, both=False, head=15.0, width=ARROW_W):
    """Thick dark arrow from canvas point a to b, curved by `bend` (to the left of
    travel, canvas units).  A white rim keeps it clear of the lines it crosses."""
    a, b = (a[0], a[1]), (b[0], b[1])
    d = S.v_sub(b, a)
    L = S.v_len(d)
    nrm = (d[1] / L, -d[0] / L)
    c = S.v_add(S.v_lerp(a, b, 0.5), S.v_mul(nrm, bend))
    hw = head * 1.05

    def head_at(tip, tangent):
        u = S.v_unit(tangent)
        base = S.v_sub(tip, S.v_mul(u, head))
        p1 = S.v_add(base, (u[1] * hw / 2, -u[0] * hw / 2))
        p2 = S.v_sub(base, (u[1] * hw / 2, -u[0] * hw / 2))
        return [tip, p1, S.v_sub(tip, S.v_mul(u, head * 0.78)), p2], base

    # the shaft stops inside the head
    t1 = 1.0
    while t1 > 0.5 and S.v_len(S.v_sub(_qpt(a, c, b, t1), b)) < head * 0.7:
        t1 -= 0.01
    t0 = 0.0
    if both:
        while t0 < 0.5 and S.v_len(S.v_sub(_qpt(a, c, b, t0), a)) < head * 0.7:
            t0 += 0.01
    tb = S.v_sub(b, _qpt(a, c, b, 0.97))
    hb, _ = head_at(b, tb)
    heads = [hb]
    if both:
        ta = S.v_sub(a, _qpt(a, c, b, 0.03))
        ha, _ = head_at(a, ta)
        heads.append(ha)
    # shaft as a quadratic from t0 to t1
    p0, p2 = _qpt(a, c, b, t0), _qpt(a, c, b, t1)
    # control point of the sub-curve
    m = _qpt(a, c, b, (t0 + t1) / 2)
    cc = (2 * m[0] - (p0[0] + p2[0]) / 2, 2 * m[1] - (p0[1] + p2[1]) / 2)
    shaft = "M%s %sQ%s %s %s %s" % (n1(p0[0]), n1(p0[1]), n1(cc[0]), n1(cc[1]), n1(p2[0]), n1(p2[1]))
    out = ['<path d="%s" fill="none" stroke="#FFFFFF" stroke-width="%s" stroke-linecap="round"/>' % (shaft, n1(width + 5))]
    for hd in heads:
        out.append('<polygon points="%s" fill="#FFFFFF" stroke="#FFFFFF" stroke-width="5" stroke-linejoin="round"/>' % pts_attr(hd))
    out.append('<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (shaft, ARROW, n1(width)))
    for hd in heads:
        out.append('<polygon points="%s" fill="%s" stroke="%s" stroke-width="1.5" stroke-linejoin="round"/>' % (pts_attr(hd), ARROW, ARROW))
    return "".join(out)


def arc_arrow(pl, centre, p0, axis, deg, out=0.0, both=False, trim=(0.08, 0.92), **kw):
    """An arrow along the path of world point p0 turning `deg` degrees about
    `axis` through `centre` (the knees rolling about the hips), seen in the placed
    figure's view.  out: how far outside the path (head units); trim: the part of
    the turn the arrow covers."""
    pts = []
    for t in (trim[0], (trim[0] + trim[1]) / 2, trim[1]):
        q = add(centre, rot_axis(sub(p0, centre), axis, deg * t))
        pts.append(pl.pt(add(q, mul(unit(sub(q, centre)), out))))
    a, m, b = pts
    d = S.v_sub(b, a)
    L = S.v_len(d)
    nrm = (d[1] / L, -d[0] / L)
    mid = S.v_lerp(a, b, 0.5)
    # the quadratic passes through m at its middle: its control point is 2m - mid
    ctrl = S.v_sub(S.v_mul(m, 2), mid)
    bend = (ctrl[0] - mid[0]) * nrm[0] + (ctrl[1] - mid[1]) * nrm[1]
    return arrow(a, b, bend=bend, both=both, **kw)


def turn_arrow(c, r, a0, a1, head=12.0, width=ARROW_W):
    """A thick arrow round a circle on the canvas (centre c, radius r), from angle
    a0 to a1 in degrees, counterclockwise as seen on the page: a part that turns
    (the pelvis tipping).  Same look as arrow(): dark, with a white rim."""
    def at(a):
        t = math.radians(a)
        return (c[0] + r * math.cos(t), c[1] - r * math.sin(t))
    n = max(4, int(abs(a1 - a0) / 12))
    pts = [at(a0 + (a1 - a0) * k / n) for k in range(n + 1)]
    tip = pts[-1]
    t = math.radians(a1)
    sgn = 1 if a1 > a0 else -1
    tang = S.v_unit((-math.sin(t) * sgn, -math.cos(t) * sgn))
    # the shaft stops inside the head
    while len(pts) > 2 and S.v_len(S.v_sub(pts[-2], tip)) < head * 0.7:
        pts.pop()
    shaft = pts[:-1] + [S.v_sub(tip, S.v_mul(tang, head * 0.7))]
    d = "M%s %s" % (n1(shaft[0][0]), n1(shaft[0][1])) + "".join("L%s %s" % (n1(p[0]), n1(p[1])) for p in shaft[1:])
    hw = head * 1.05
    base = S.v_sub(tip, S.v_mul(tang, head))
    nn = (tang[1], -tang[0])
    hd = [tip, S.v_add(base, S.v_mul(nn, hw / 2)), S.v_sub(tip, S.v_mul(tang, head * 0.78)), S.v_sub(base, S.v_mul(nn, hw / 2))]
    return ('<path d="%s" fill="none" stroke="#FFFFFF" stroke-width="%s" stroke-linecap="round" stroke-linejoin="round"/>'
            % (d, n1(width + 5))
            + '<polygon points="%s" fill="#FFFFFF" stroke="#FFFFFF" stroke-width="5" stroke-linejoin="round"/>' % pts_attr(hd)
            + '<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linecap="round" stroke-linejoin="round"/>'
            % (d, ARROW, n1(width))
            + '<polygon points="%s" fill="%s" stroke="%s" stroke-width="1.5" stroke-linejoin="round"/>' % (pts_attr(hd), ARROW, ARROW))


def dashes(pts, on=4.0, off=3.0):
    """Path data for a dashed line along the points (the renderer has no dash support)."""
    out = []
    acc = 0.0
    drawing = True
    cur = [pts[0]]
    for a, b in zip(pts, pts[1:]):
        seg = S.v_len(S.v_sub(b, a))
        acc += seg
        if drawing:
            cur.append(b)
        if acc >= (on if drawing else off):
            acc = 0.0
            if drawing and len(cur) > 1:
                out.append("M" + " ".join("%s %s" % (n1(p[0]), n1(p[1])) for p in (cur[0], cur[-1])))
            drawing = not drawing
            cur = [b]
    if drawing and len(cur) > 1:
        out.append("M" + " ".join("%s %s" % (n1(p[0]), n1(p[1])) for p in (cur[0], cur[-1])))
    return "".join(out)


def floor_line(x0=6, x1=W - 6):
    return '<path d="M%s %sH%s" stroke="%s" stroke-width="2" stroke-linecap="round"/>' % (n1(x0), n1(FLOOR_Y + 1), n1(x1), PROP_LINE)


def mat_side(x0, x1):
    """A mat seen from the side: a slab on the floor line, top at FLOOR_Y - MAT_T."""
    return ('<rect x="%s" y="%s" width="%s" height="%s" rx="2.5" fill="%s" stroke="%s" stroke-width="1.6"/>'
            % (n1(x0), n1(FLOOR_Y - MAT_T), n1(x1 - x0), n1(MAT_T), MAT, PROP_LINE))


def mat_raised(pl, x0, x1, z0, z1):
    """A mat seen from above (pitched view): the top face and the visible edges of
    the slab, in world coordinates of the placed figure (mat top at y = 0)."""
    t = MAT_T / pl.U
    top = [pl.pt(P(x, 0, z)) for x, z in ((x0, z0), (x1, z0), (x1, z1), (x0, z1))]
    bot = [pl.pt(P(x, -t, z)) for x, z in ((x0, z0), (x1, z0), (x1, z1), (x0, z1))]
    out = []
    # side faces that face the viewer: draw all four as quads, far ones get hidden by the top
    faces = []
    for i in range(4):
        k = (i + 1) % 4
        quad = [top[i], top[k], bot[k], bot[i]]
        # visible when the outward normal points down-screen
        mx = (top[i][0] + top[k][0]) / 2
        my = (top[i][1] + top[k][1]) / 2
        cx = sum(p[0] for p in top) / 4
        cy = sum(p[1] for p in top) / 4
        if (bot[i][1] + bot[k][1]) / 2 > (top[i][1] + top[k][1]) / 2 and (my - cy) * 1 + 0 * (mx - cx) >= -1e9:
            faces.append(quad)
    for q, fill in [(f, MAT) for f in faces] + [(top, MAT_TOP)]:
        q = clip_poly(q)
        if len(q) >= 3:
            out.append('<polygon points="%s" fill="%s" stroke="%s" stroke-width="1.6" stroke-linejoin="round"/>' % (
                pts_attr(q), fill, PROP_LINE))
    return "".join(out)


# --------------------------------------------------------------------------
# pictures
# --------------------------------------------------------------------------
class Picture:
    """One canvas: props behind, the faint start position, the figures, props in
    front (towel, band), arrows."""

    def __init__(self, name, orient):
        self.name = name
        self.orient = orient            # lying | standing | sitting
        self.figures = []               # (group id, Placed)
        self.ghosts = []                # (Placed, Placed of the solid figure)
        self.ghost_lines = []           # (Placed, Placed of the solid figure, part name)
        self.back = []
        self.front = []
        self.arrows = []

    def place(self, fig, view=SIDE, U=None, cx=W / 2, ground=None, align=None, group=None, near=None, rest=None,
              xmid=None, on_mat=None):
        """Put a figure on the canvas: world y = 0 at canvas y `ground` (the floor
        line, or the mat top), the figures in `align` centred on cx.  rest: world
        points (a raised mat's corners) whose lowest canvas point sits on the floor line."""
        if U is None:
            U = {"lying": U_LYING, "standing": U_STAND, "sitting": U_SIT}[self.orient]
        if on_mat is None:
            on_mat = self.orient != "standing"
        if ground is None:
            ground = FLOOR_Y - (MAT_T if on_mat else 0.0)
        figs = align if align else [fig]
        xs = []
        for f in figs:
            e = exact_extent(f, view)
            xs += [e[0], e[1]]
        mid = (min(xs) + max(xs)) / 2 if xmid is None else xmid
        if rest:
            # raised views: the lowest point of the bodies rests on the mat top at the
            # height of a side view's mat top; the mat may run out of the picture
            low = min(exact_extent(f, view)[2] for f in figs)
            ground = FLOOR_Y - MAT_T + low * U
        pl = B.Placed(fig, view, (cx - mid * U, ground), U)
        pl.near = near
        if group is None:
            group = "figure-" + self.orient
        self.figures.append((group, pl))
        return pl

    def fit(self, figs, view=SIDE, rest=None, extra=(), base=None, target=0.84, on_mat=True):
        """Scale for these figures: the common scale of the orientation, raised when
        the figures would fill less than `target` of the canvas width (lying) or
        height (standing, sitting), lowered when they would not fit.  extra:
        figures that must fit but do not count (the start position)."""
        if base is None:
            base = {"lying": U_LYING, "standing": U_STAND, "sitting": U_SIT}[self.orient]
        ex = [exact_extent(f, view) for f in figs]
        ex_all = ex + [exact_extent(f, view) for f in extra]
        w = max(e[1] for e in ex) - min(e[0] for e in ex)
        w_all = max(e[1] for e in ex_all) - min(e[0] for e in ex_all)
        top = max(e[3] for e in ex_all)
        low = 0.0
        if rest:
            low = min(e[2] for e in ex_all)
        # canvas top of the picture: ground - top * U, ground = FLOOR_Y [- MAT_T] - low * U
        ground0 = FLOOR_Y - (MAT_T if (on_mat or rest) else 0.0)
        u_max = min((W - 8) / w_all, (ground0 - 3) / (top - low))
        if self.orient == "lying":
            need = target * W / w
        else:
            bottom = min(e[2] for e in ex)
            need = target * H / (max(e[3] for e in ex) - bottom)
        return min(max(base, need), u_max)

    def ghost_line(self, fig, like, part, inside=None):
        """The start position's outline of one part where it runs inside the solid
        figure (drawn over it, dashed, thin and light): e.g. the hollow of the back.
        part: a part name or a list of them; inside: the solid parts that hide it
        (default: the solid part of the same name; "all": any part of the body)."""
        pl = B.Placed(fig, like.view, like.origin, like.U)
        pl.near = getattr(like, "near", None)
        for name in ([part] if isinstance(part, str) else part):
            self.ghost_lines.append((pl, like, name, inside))
        return pl

    def ghost(self, fig, like, merge=(), over=()):
        """The start position as a faint outline under the solid figure `like`.
        merge: groups of part names drawn as one outline (both thighs of knees held
        together read as one leg shape instead of a tangle of lines); over: part
        names (or merged groups, joined by '+') whose outline is also drawn dashed
        over the solid figure where it would be hidden inside it."""
        pl = B.Placed(fig, like.view, like.origin, like.U)
        pl.near = getattr(like, "near", None)
        self.ghosts.append((pl, like, [list(g) for g in merge], list(over)))
        return pl

    @staticmethod
    def _merge_parts(pl, parts, merge):
        """Replace the parts named in each group of `merge` by one part: the hull
        of all their spheres (a shin group hides its outline in the thigh group
        at the knees, like a single shin)."""
        if not merge:
            return parts
        sph = pl.fig.spheres()
        out = list(parts)
        made = {}
        for names in merge:
            circles = [(pl.pt(c), r * pl.U) for n in names for c, r in sph[n]]
            first = next(i for i, q in enumerate(out) if q.name in names)
            proto = out[first]
            part = B.Part("+".join(names), S.circle_hull(circles), proto.fill, proto.depth, proto.block)
            out = [q for q in out if q.name not in names]
            out.insert(min(first, len(out)), part)
            made[names[0].rstrip("RL")] = (part, names)
        if "shin" in made and "thigh" in made:
            shin, names = made["shin"]
            knees = [pl.pt(pl.fig.j["knee" + n[-1]]) for n in names]
            c = (sum(k[0] for k in knees) / len(knees), sum(k[1] for k in knees) / len(knees))
            shin.hide.append((made["thigh"][0].name, c, 0.6 * pl.U))
        return out

    def render(self):
        """Returns (svg text, {group id: [parts]}) for the checker."""
        groups = {}
        body = []
        if self.back:
            body.append('<g id="props">' + "".join(self.back) + "</g>")
        solid_parts = {}
        for gid, pl in self.figures:
            for p in pl.fig.check(self.name):
                print("  WARNING %s: %s" % (self.name, p), file=sys.stderr)
            parts = B.build_parts(pl, STYLE, pl.near)
            solid_parts[id(pl)] = parts
            groups[gid] = parts
        over_els = []
        if self.ghosts:
            els = []
            for gpl, like, merge, over in self.ghosts:
                gparts = self._merge_parts(gpl, B.build_parts(gpl, STYLE, gpl.near), merge)
                ref = {p.name: p for p in solid_parts[id(like)]}
                els += B.render_parts(gparts, STYLE, ghost=True, skip_like=ref)
                if over:
                    by = {p.name: p for p in gparts}
                    hosts = [S.Region(q.polygon(), inset=2.0) for q in solid_parts[id(like)] if q.name != "hair"]
                    for name in over:
                        runs = S.outline_runs(by[name].pieces, hosts, invert=True)
                        for run in runs or []:
                            over_els.append('<path fill="none" d="%s"/>' % dashes(S.sample(run, 0.5)))
            body.append('<g id="ghost" stroke="%s" stroke-width="%s" stroke-linejoin="round" stroke-linecap="round">'
                        % (GHOST, n1(GHOST_W)) + "".join(els) + "</g>")
        for gid, pl in self.figures:
            els = B.render_parts(groups[gid], STYLE)
            body.append('<g id="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round" stroke-linecap="round">'
                        % (gid, OUTLINE, n1(LINE_W)) + "".join(els) + "</g>")
        if self.ghost_lines:
            els = []
            for gpl, like, part, inside in self.ghost_lines:
                gp = {p.name: p for p in B.build_parts(gpl, STYLE, gpl.near)}[part]
                solid = {p.name: p for p in solid_parts[id(like)]}
                if inside is None:
                    hosts = [solid[part]]
                elif inside == "all":
                    hosts = [q for q in solid.values() if q.name != "hair"]
                else:
                    hosts = [solid[n] for n in inside]
                runs = S.outline_runs(gp.pieces, [S.Region(q.polygon(), inset=2.0) for q in hosts], invert=True)
                for run in runs or []:
                    els.append('<path fill="none" d="%s"/>' % dashes(S.sample(run, 0.5)))
            over_els += els
        if over_els:
            # one id per file: when the faint outline under the body already has the
            # id "ghost", its dashed continuation over the body goes without one
            gid = "" if self.ghosts else ' id="ghost"'
            body.append('<g%s stroke="%s" stroke-width="%s" stroke-linecap="round">'
                        % (gid, GHOST_IN, n1(GHOST_W + 0.4)) + "".join(over_els) + "</g>")
        if self.front:
            body.append('<g id="props-front">' + "".join(self.front) + "</g>")
        if self.arrows:
            body.append('<g id="arrow">' + "".join(self.arrows) + "</g>")
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d">\n' % (W, H, W, H)
               + "\n".join(body) + "\n</svg>\n")
        return svg, groups

    def svg(self):
        return self.render()[0]


# --------------------------------------------------------------------------
# pose library: the body on its back, front, side, hands and knees, sitting
# --------------------------------------------------------------------------
def supine(arch=0.0, arms="side"):
    """Lying on the back on the mat, head to the left, face up."""
    f = Figure((0, 0.5), (-1, 0, 0), (0, 1, 0), arch=arch)
    settle(f)
    f.head_on_floor()
    if arms == "side":
        for side in "RL":
            arm_on_floor(f, side)
    return f


def arm_on_floor(f, side, out=0.12, reach=1.0):
    """Arm lying by the side of a body on its back: elbow and forearm on the floor."""
    sh = f.j["shoulder" + side]
    zs = 1 if side == "R" else -1
    dx = f.s[0] * -1
    ex = sh[0] + dx * math.sqrt(max(0.01, UARM ** 2 - (sh[1] - 0.16) ** 2))
    el = (ex, 0.16, sh[2] + out * zs)
    f.arm(side, upper=sub(el, sh), fore=(dx * reach, -0.04, 0.05 * zs), hand=(dx, -0.02, 0.02 * zs), thumb=(0, 1, 0))


def arms_on_chest(f):
    """Lying on the back: elbows on the floor beside the chest, hands resting on the
    chest (the arms stay clear of the small of the back, seen from the side)."""
    for side in "RL":
        zs = 1 if side == "R" else -1
        sh = f.j["shoulder" + side]
        out = 1.0                                  # elbow out to the side, so it rests on the floor by the chest
        el = (sh[0] + math.sqrt(UARM ** 2 - (sh[1] - 0.17) ** 2 - out ** 2), 0.17, sh[2] + out * zs)
        w = add(f.j["chest"], (0.55, 0.7, 0.14 * zs))
        f.arm(side, upper=sub(el, sh), fore=sub(w, el), hand=(0.35, 0.05, -zs), thumb=(-1, 0, 0))


def hook(f, sides="RL", reach=2.8):
    """Knees bent, feet flat on the floor."""
    for side in sides:
        h = f.j["hip" + side]
        f.leg(side, ankle=(h[0] + reach, ANKLE_H, h[2]), pole=(0, 1, 0), foot=(1, 0, 0), sole=(0, -1, 0))


def hands_behind_thigh(f, leg, arms="RL", at=0.72, grip_off=0.36, zoff=None, elbows=0.6):
    """Both hands hold the back of the thigh of `leg`, near the knee."""
    h, k = f.j["hip" + leg], f.j["knee" + leg]
    t = unit(sub(k, h))
    # the back of the thigh (hamstrings): the front of the thigh turns with the
    # hip's bend, so it is the body's right axis crossed with the thigh
    back = unit(M.perp_part(M.cross(t, f.r), t))
    c = add(lerp(h, k, at), mul(back, grip_off))
    for side in arms:
        zs = 1 if side == "R" else -1
        w = add(c, mul(f.r, zs * (0.2 if zoff is None else zoff)))
        f.arm(side, wrist=w, pole=add(mul(f.r, zs), mul(f.s, -elbows)), hand=add(mul(back, -0.6), mul(t, -0.5)), grip="fist",
              thumb=t)
    return f


def prone():
    """Lying face down on the mat, head to the left."""
    f = Figure((0, 0.5), (-1, 0, 0), (0, -1, 0))
    settle(f)
    return f


def legs_straight_prone(f):
    for side in "RL":
        h = f.j["hip" + side]
        f.leg(side, ankle=(h[0] + 3.66, 0.2, h[2]), pole=(0, -1, 0), foot=ang(-14), sole=(0, 1, 0))


def all_fours(front_yaw=0.0):
    """Hands under the shoulders, knees under the hips, back flat, facing +x."""
    sh_y = 0.11 + 0.02 + UARM + FARM          # wrist on the mat, arms straight
    hip_y = 0.23 + THIGH                       # knee on the mat, thigh vertical
    dy = sh_y - hip_y
    f = Figure((0, hip_y), (math.sqrt(TORSO ** 2 - dy ** 2), dy, 0), (0, -1, 0))
    for side in "RL":
        f.arm(side, upper=(0, -1, 0), fore=(0, -1, 0), hand=(1, -0.05, 0), thumb=(0, 0, 1 if side == "L" else -1))
        f.leg(side, thigh=(0, -1, 0), shin=(-1, -0.03, 0), foot=ang(185), sole=(0, 1, 0))
    f.head_to(add(f.j["chest"], (1, 0.3, 0)), face=(0.3, -1, 0))
    return f


def hydrant_poses(droop=35.0):
    """Hands and knees; then the right knee lifted out to the side until the thigh
    is level, the knee still bent.  droop: the lower leg hangs a little (degrees
    about the thigh), as it does, so the bend at the knee shows from behind."""
    figs = []
    for lift in (0.0, 85.0):
        f = all_fours()
        if lift:
            h = f.j["hipR"]
            axis = (1, 0, 0)
            for jn in ("knee", "ankle", "toe"):
                f.j[jn + "R"] = add(h, rot_axis(sub(f.j[jn + "R"], h), axis, -lift))
            f.soles["R"] = rot_axis((0, 1, 0), axis, -lift)
            k = f.j["kneeR"]
            t = unit(sub(k, h))
            for jn in ("ankle", "toe"):
                f.j[jn + "R"] = add(k, rot_axis(sub(f.j[jn + "R"], k), t, droop))
            f.soles["R"] = rot_axis(f.soles["R"], t, droop)
        f.tint["legR"] = MOVE
        figs.append(f)
    return figs


def side_lying(lift):
    """Lying on the right side facing the viewer, head to the left, propped on the
    right elbow under the shoulder; the top (left) leg raised by `lift` degrees."""
    best = None
    for k in range(40):
        th = 20 + k * 0.5                      # trunk angle, rising towards the head
        f = Figure((0, 0.8), ang(180 - th), (0, 0, 1))
        settle(f)
        sR = f.j["shoulderR"]
        drop = sR[1] - 0.17
        if drop >= UARM:
            continue
        fwd = math.sqrt(UARM ** 2 - drop ** 2)
        if best is None or abs(fwd - 0.3) < best[0]:
            best = (abs(fwd - 0.3), th)
    th = best[1]
    f = Figure((0, 0.8), ang(180 - th), (0, 0, 1))
    settle(f)
    sR = f.j["shoulderR"]
    drop = sR[1] - 0.17
    fwd = math.sqrt(max(0.0, UARM ** 2 - drop ** 2))
    f.arm("R", upper=(-fwd, -drop, 0.1), fore=(-0.5, -0.02, 1), hand=(-0.45, -0.02, 1), thumb=(0, 1, 0))
    f.head_to(add(f.j["chest"], ang(180 - th * 0.35)), face=(0, 0.05, 1))
    hR = f.j["hipR"]
    f.leg("R", ankle=(hR[0] + 3.66, 0.15, hR[2]), pole=(0, 0, 1), foot=(0.15, 0, 1), sole=(1, 0, 0))
    hL = f.j["hipL"]
    f.leg("L", ankle=add(hL, mul(ang(-3 + lift), THIGH + SHIN - 0.03)), pole=(0, 0, 1), foot=(0.15, 0, 1), sole=(1, 0, 0))
    f.arm("L", wrist=add(hL, (-0.05, 0.3, 0.42)), pole=(-0.4, 1, 0.3), hand=(0.7, -0.5, 0.3), thumb=(-1, 0, 0))
    f.tint["legR"] = FAR
    f.tint["armR"] = FAR
    return f


def rotation_poses(side=1, arms="T", angle=70.0, head_turn=False):
    """Start (knees bent and together, feet flat) and end (knees lowered to the
    body's side `side`, +1 right, -1 left, by `angle` degrees) of the lying
    rotations.  arms: "T" (out to the sides at shoulder height) or "low" (resting
    on the floor out from the sides, towards the hips).  head_turn: in the end
    position the head turns the other way."""
    figs = []
    for rot in (0.0, angle):
        f = supine(arms=None)
        for sd, zs in (("R", 1), ("L", -1)):
            h = f.j["hip" + sd]
            f.leg(sd, ankle=(h[0] + 2.4, ANKLE_H, 0.25 * zs), pole=(0, 1, -0.15 * zs), foot=(1, 0, 0), sole=(0, -1, 0))
            if arms == "T":
                f.arm(sd, upper=(0, -0.1, zs), fore=(0, -0.02, zs), hand=(0, -0.02, zs), thumb=(-1, 0, 0))
            else:
                c, s_ = math.cos(math.radians(60)), math.sin(math.radians(60))
                f.arm(sd, upper=(c, -0.2, s_ * zs), fore=(c, -0.03, s_ * zs), hand=(c, -0.02, s_ * zs), thumb=(0, 1, 0))
        if rot:
            for sd in "RL":
                h = f.j["hip" + sd]
                piv = P(h[0], h[1], 0)
                for jn in ("knee", "ankle", "toe"):
                    f.j[jn + sd] = add(piv, rot_axis(sub(f.j[jn + sd], piv), (1, 0, 0), rot * side))
                f.soles[sd] = rot_axis((0, -1, 0), (1, 0, 0), rot * side)
            if head_turn:
                f.head_on_floor(face=(0, 0.3, -side))
        figs.append(f)
    return figs


def pigeon_figure():
    """Front (right) shin across the mat in front of the hips, back (left) leg
    straight behind, trunk upright on straight arms, hands either side."""
    hip_y = 0.62
    f = Figure((0, hip_y), ang(82), (1, 0, 0))
    h = f.j["hipR"]
    kn = (h[0] + 1.5, 0.23, h[2] + 0.55)
    th = mul(unit(sub(kn, h)), THIGH)
    sdir = unit((0.15, -0.02, -1))
    f.leg("R", thigh=th, shin=sdir, foot=add(sdir, (0.3, -0.1, 0)), sole=(0.3, -0.3, 0.9))
    hL = f.j["hipL"]
    f.leg("L", ankle=(hL[0] - 3.6, 0.17, hL[2] - 0.05), pole=(0, -1, 0), foot=ang(188), sole=(0, 1, 0))
    for side, zs in (("R", 1), ("L", -1)):
        sh = f.j["shoulder" + side]
        f.arm(side, wrist=(sh[0] + 0.3, 0.12, sh[2] + 0.3 * zs), pole=(-1, 0, 0.4 * zs), hand=(1, -0.05, 0.1 * zs),
              thumb=(0, 0, -zs))
    f.head_to(add(f.j["chest"], ang(80)), face=(1, -0.05, 0))
    f.tint["legR"] = MOVE
    return f


def figure_four_pose(at=0.66):
    """On the back.  The left foot is off the floor: left thigh drawn towards the
    chest, shin about level, both hands behind that thigh.  The right ankle rests
    across the front of the left thigh a little below the knee, the right knee
    turned out to the side: the right thigh, the crossed right shin and the left
    thigh make the '4'."""
    f = supine(arms=None)
    f.leg("L", thigh=ang(126), shin=ang(2), foot=ang(55), sole=(1, -0.2, 0))
    hL, kL = f.j["hipL"], f.j["kneeL"]
    t = unit(sub(kL, hL))
    # the front of the held thigh faces the head (and a little up): the ankle lies on it
    front = unit(M.perp_part((-1, 0.4, 0), t))
    ankle = add(lerp(hL, kL, at), mul(front, 0.34))
    f.leg("R", ankle=ankle, pole=(1, 0, 0.8), foot=(-0.3, 0.6, -1), sole=(0.3, -1, 0))
    # both fists round the back of the left thigh (the side towards the feet); the
    # right arm reaches through the gap between the legs
    hands_behind_thigh(f, "L", at=0.45)
    # painting order (seen from the right and a little from the head end and above):
    # the arms behind the held thigh, the near fist in front of it (in the gap of
    # the '4'), the crossed leg in front of all
    f.order.update({"armL": 0.2, "armR": 0.3, "legL": 0.5, "handR": 0.7, "handL": 0.1, "legR": 1.5})
    f.tint.update({"legL": FAR, "armL": FAR, "legR": MOVE})
    return f


def butterfly_figure(lean=32.0):
    """Sitting, soles together close in front of the pelvis, knees dropped out to
    the sides, hands round the ankles, trunk leaning forward from the hips."""
    f = Figure((0, 0.42), ang(90 - lean), (1, 0, 0))
    settle(f, ("torso",))
    for side, zs in (("R", 1), ("L", -1)):
        # heels drawn in, soles facing each other: feet forward and a little down
        f.leg(side, ankle=(1.2, 0.22, 0.17 * zs), pole=(0.05, 0.12, zs), foot=(0.9, -0.3, -0.04 * zs),
              sole=(0, 0.1, -zs))
    for side, zs in (("R", 1), ("L", -1)):
        a = f.j["ankle" + side]
        f.arm(side, wrist=add(a, (0.05, 0.28, 0.3 * zs)), pole=(-0.2, -0.4, zs), hand=(0.5, -0.7, -0.5 * zs), grip="fist",
              thumb=(1, 0.3, 0))
    f.head_to(add(f.j["chest"], ang(90 - lean * 0.5)), face=(1, -0.3, 0))
    return f


# --------------------------------------------------------------------------
# props drawn in a figure's view
# --------------------------------------------------------------------------
def supine_mat():
    return mat_side(8, W - 8)


def mat_for(figs, mx=0.45, mz=0.45, arms=True):
    """A mat just big enough for the bodies' footprint (world x and z of every
    sphere centre), with a margin: (x0, x1, z0, z1)."""
    xs, zs = [], []
    for f in figs:
        for name, balls in f.spheres().items():
            if not arms and ("arm" in name or "hand" in name):
                continue
            for c, r in balls:
                xs += [c[0] - r, c[0] + r]
                zs += [c[2] - r, c[2] + r]
    return (min(xs) - mx, max(xs) + mx, min(zs) - mz, max(zs) + mz)


def towel_strap(hand, sole, pl):
    """A towel looped over the sole at `sole` and held at `hand` (canvas points)."""
    d = S.v_unit(S.v_sub(sole, hand))
    n = (-d[1], d[0])
    w = 0.17 * pl.U
    over = S.v_add(sole, S.v_mul(d, 2.0))
    pts = [S.v_add(hand, S.v_mul(n, w / 2)), S.v_add(over, S.v_mul(n, w / 2)),
           S.v_add(over, S.v_mul(n, -w / 2)), S.v_add(hand, S.v_mul(n, -w / 2))]
    tail = S.v_sub(hand, S.v_mul(d, 0.3 * pl.U))
    return ('<polygon points="%s" fill="%s" stroke="%s" stroke-width="1.4" stroke-linejoin="round"/>' % (pts_attr(pts), TOWEL, OUTLINE)
            + '<path d="M%s %sL%s %s" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (
                n1(hand[0]), n1(hand[1]), n1(tail[0]), n1(tail[1]), TOWEL, n1(w)))


def band_ring(f, pl):
    """A loop band just above the knees: a dark strip across the front of both legs."""
    pts = []
    for side in "RL":
        k, h = f.j["knee" + side], f.j["hip" + side]
        pts.append(pl.pt(lerp(k, h, 0.14)))
    a, b = pts
    if a[0] > b[0]:
        a, b = b, a
    w = 0.2 * pl.U
    r = 0.27 * pl.U
    return ('<path d="M%s %sL%s %s" stroke="%s" stroke-width="%s" stroke-linecap="round"/>' % (
        n1(a[0] - r), n1(a[1]), n1(b[0] + r), n1(b[1]), BAND, n1(w)))


def wall(x):
    """A wall edge-on at canvas x (the figure's back touches it), with a skirting board."""
    t = 9.0
    return ('<rect x="%s" y="6" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1.6"/>' % (
        n1(x - t), n1(t), n1(FLOOR_Y - 6), WALL, PROP_LINE)
        + '<rect x="%s" y="%s" width="%s" height="14" fill="%s" stroke="%s" stroke-width="1.6"/>' % (
            n1(x - t), n1(FLOOR_Y - 14), n1(t + 3.5), SKIRT, PROP_LINE))


def box_faces(pl, x0, x1, y0, y1, z0, z1):
    """The faces of an axis-aligned box that face the viewer, far to near, as
    canvas polygons."""
    corners = {}
    for ix, x in enumerate((x0, x1)):
        for iy, y in enumerate((y0, y1)):
            for iz, z in enumerate((z0, z1)):
                corners[(ix, iy, iz)] = P(x, y, z)
    faces = []
    toward = pl.view.towards_viewer()
    for axis, normal in ((0, (1, 0, 0)), (1, (0, 1, 0)), (2, (0, 0, 1))):
        for k, sgn in ((0, -1), (1, 1)):
            n = mul(normal, sgn)
            if M.dot(n, toward) <= 1e-6:
                continue
            idx = []
            for a in (0, 1):
                for b in (0, 1):
                    key = [0, 0, 0]
                    key[axis] = k
                    others = [i for i in range(3) if i != axis]
                    key[others[0]] = a
                    key[others[1]] = b if a == 0 else 1 - b
                    idx.append(tuple(key))
            pts3 = [corners[i] for i in idx]
            depth = sum(pl.screen(p)[2] for p in pts3) / 4
            faces.append((depth, [pl.pt(p) for p in pts3]))
    faces.sort(key=lambda t: t[0])
    return [f for _, f in faces]


def prop_box(pl, x0, x1, y0, y1, z0, z1, fill=WOOD):
    out = []
    for q in box_faces(pl, x0, x1, y0, y1, z0, z1):
        q = clip_poly(q)
        if len(q) >= 3:
            out.append('<polygon points="%s" fill="%s" stroke="%s" stroke-width="1.6" stroke-linejoin="round"/>' % (
                pts_attr(q), fill, PROP_LINE))
    return "".join(out)


def chair(pl, x, z, back_z):
    """A sturdy chair standing at (x, z), seat 2 heads high, its back on the side
    of back_z (world z of the back), drawn in the figure's view."""
    s = 0.85                                  # half the seat size
    sgn = 1 if back_z > z else -1
    bz = z + sgn * s
    out = []
    legs = [(x - s, z - s), (x + s, z - s), (x - s, z + s), (x + s, z + s)]
    legs.sort(key=lambda p: pl.screen(P(p[0], 1, p[1]))[2])
    near = []
    for lx, lz in legs:
        el = prop_box(pl, lx - 0.07, lx + 0.07, 0, 1.9, lz - 0.07, lz + 0.07)
        (near if pl.screen(P(lx, 1, lz))[2] > pl.screen(P(x, 1, z))[2] else out).append(el)
    parts = [prop_box(pl, x - s, x + s, 1.9, 2.05, z - s, z + s)]
    back = prop_box(pl, x - s, x + s, 2.05, 3.9, bz - 0.08 * sgn, bz, fill=WOOD)
    if pl.screen(P(x, 3, bz))[2] < pl.screen(P(x, 2, z))[2]:
        parts.insert(0, back)
    else:
        parts.append(back)
    return "".join(out + parts + near)


def counter(pl, c0, c1):
    """A kitchen counter (worktop over a pale cupboard front) beyond the figures,
    running along world z from canvas x c0 to c1."""
    r = math.radians(pl.view.yaw)
    xs = (1.6, 3.6)

    def z_at(cx, x):
        return ((cx - pl.origin[0]) / pl.U - x * math.cos(r)) / math.sin(r)
    zs = sorted(z_at(c, x) for c in (c0, c1) for x in xs)
    top = 4.0
    return (prop_box(pl, xs[0], xs[1], 0.0, top - 0.18, zs[0], zs[-1], fill=CUPBOARD)
            + prop_box(pl, xs[0] - 0.15, xs[1], top - 0.18, top, zs[0], zs[-1], fill=WOOD))


# --------------------------------------------------------------------------
# the pictures (in the order of exercises.yaml)
# --------------------------------------------------------------------------
def hip_flexor_stretch():
    """Side view, facing right.  Near (right) knee down on the mat behind; far
    (left) foot flat in front, the knee over the ankle; hands on the hips, trunk
    tall, hips pushed forward and down."""
    pic = Picture("hip-flexor-stretch", "lying")
    hip_y = 1.31
    kz = 0.23                              # the back knee rests on the mat
    back = math.degrees(math.acos((hip_y - kz) / THIGH))
    f = Figure((0, hip_y), (0.02, 1, 0), (1, 0, 0))
    f.leg("R", thigh=(-math.sin(math.radians(back)), -math.cos(math.radians(back)), 0),
          shin=(-1, -0.02, 0), foot=ang(184), sole=(0, 1, 0))
    hL = f.j["hipL"]
    lean = math.radians(13)                # front shin a little forward: the knee stays behind the toes
    knee_y = ANKLE_H + SHIN * math.cos(lean)
    run = math.sqrt(max(0.0, THIGH ** 2 - (knee_y - hip_y) ** 2))
    ank = (hL[0] + run + SHIN * math.sin(lean), ANKLE_H, hL[2])
    f.leg("L", ankle=ank, pole=(1, 0.3, 0), foot=(1, 0, 0), sole=(0, -1, 0))
    for side, zs in (("R", 1), ("L", -1)):
        h = f.j["hip" + side]
        f.arm(side, wrist=add(h, (0.05, 0.55, 0.35 * zs)), pole=(-1, 0.15, 0.6 * zs), hand=(0.3, -0.9, -0.2 * zs),
              thumb=(-1, 0, 0))
    f.head_to(add(f.j["chest"], (0.05, 1, 0)), face=(1, 0, 0))
    U = pic.fit([f])
    pl = pic.place(f, U=U)
    pic.back += [floor_line(), supine_mat()]
    p = pl.pt(f.j["pelvis"])
    pic.arrows.append(arrow((p[0] - 6, p[1] - 2), (p[0] + 40, p[1] - 2)))
    return pic


ROT_VIEW = View(yaw=-52, pitch=40)      # the rotations: from the feet end and the right side, raised


def rotation_picture(name, arms, head_turn, angle, both):
    """Lying on the back on a mat seen from the feet end and the right side, a
    little above, so the body lies across the mat and the knees, lowered to the
    right, swing sideways towards the viewer.  The start (knees up together) is
    the faint outline, dashed where the body hides it; the arrow follows the
    knees' path (both ways when they roll from side to side)."""
    pic = Picture(name, "lying")
    figs = rotation_poses(1, arms, angle, head_turn)
    mat = mat_for(figs, 0.4, 0.4)
    U = pic.fit([figs[1]], ROT_VIEW, rest=mat, extra=[figs[0]])
    pl = pic.place(figs[1], ROT_VIEW, U=U, rest=mat, align=figs)
    pic.ghost(figs[0], pl, merge=[["thighR", "thighL"], ["shinR", "shinL"], ["footR", "footL"]],
              over=["thighR+thighL", "shinR+shinL"])
    pic.back.append(mat_raised(pl, *mat))
    f0 = figs[0]
    knees = lerp(f0.j["kneeR"], f0.j["kneeL"], 0.5)
    h = f0.j["pelvis"]
    pivot = P(h[0], h[1], 0)
    if both:
        # from the end position, back through the middle, on to the other side
        knees = add(pivot, rot_axis(sub(knees, pivot), (1, 0, 0), angle))
        pic.arrows.append(arc_arrow(pl, pivot, knees, (1, 0, 0), -2 * angle, out=0.45, both=True))
    else:
        pic.arrows.append(arc_arrow(pl, pivot, knees, (1, 0, 0), angle, out=0.45))
    return pic


def double_hip_rotation():
    """Arms out to the sides at shoulder height, knees lowered far to the right,
    the head turned to the left."""
    return rotation_picture("double-hip-rotation", "T", True, 78.0, False)


def butterfly_stretch():
    """Sitting on the mat seen from the front, a little turned and raised: soles
    together, knees out to the sides, hands round the ankles.  The start (sitting
    tall) is the faint outline behind; the arrow leans the trunk forward."""
    pic = Picture("butterfly-stretch", "sitting")
    view = View(yaw=-68, pitch=16)
    f = butterfly_figure(30.0)
    f0 = butterfly_figure(15.0)
    mat = mat_for([f], 0.5, 0.5)
    U = pic.fit([f], view, rest=mat, extra=[f0])
    pl = pic.place(f, view, U=U, rest=mat, align=[f0, f])
    pic.ghost(f0, pl)
    pic.back.append(mat_raised(pl, *mat))
    a = pl.pt(add(f0.j["head"], (-0.1, 0.35, -0.75)))
    b = pl.pt(add(f.j["head"], (0.45, -0.15, -0.85)))
    pic.arrows.append(arrow(a, b, bend=-12))
    return pic


def pigeon_pose():
    """Seen from the side of the bent front leg, a little raised: the front shin
    lies across the mat in front of the hips, the back leg straight behind."""
    pic = Picture("pigeon-pose", "lying")
    view = View(yaw=-24, pitch=22)
    f = pigeon_figure()
    f.tint.pop("legR", None)
    mat = mat_for([f], 0.4, 0.4)
    U = pic.fit([f], view, rest=mat)
    pl = pic.place(f, view, U=U, rest=mat)
    pic.back.append(mat_raised(pl, *mat))
    return pic


def figure_four_stretch():
    """From the side of the crossed (right) leg, a little from the head end and
    above: the right shin lies across the front of the upright left thigh, its foot
    beyond it, the right knee out to the side; both arms reach behind the left
    thigh, the near fist shows in the gap of the '4'.  The crossed leg has the light
    blue tint, the far (held) leg and arm the mid tint; the arrow by the held knee
    points towards the chest."""
    pic = Picture("figure-four-stretch", "lying")
    view = View(yaw=35, pitch=10)
    f = figure_four_pose()
    mat = mat_for([f])
    U = pic.fit([f], view, rest=mat)
    pl = pic.place(f, view, U=U, rest=mat)
    pic.back.append(mat_raised(pl, *mat))
    # the held (left) knee is drawn towards the chest: an arrow beside it, towards the head
    k = pl.pt(f.j["kneeL"])
    pic.arrows.append(arrow((k[0] - 4, k[1] - 20), (k[0] - 50, k[1] + 4), bend=14))
    return pic


def lateral_squat():
    """Two figures from the front: standing wide, toes out; then the weight over
    the bent left knee, hips back and down, right leg straight, chest up, the left
    hand on the back of a sturdy chair."""
    pic = Picture("lateral-squat", "standing")
    view = View(yaw=-72, pitch=6)
    AX = 1.75
    figs = []
    for k in range(2):
        if k == 0:
            hy = math.sqrt((THIGH + SHIN - 0.04) ** 2 - (AX - HIP_HALF) ** 2) + ANKLE_H
            f = Figure((0, hy), (0, 1, 0), (1, 0, 0))
        else:
            pz, px = -1.05, -0.45                  # over the left foot, hips back
            dz = AX - pz - HIP_HALF
            hy = ANKLE_H + math.sqrt((THIGH + SHIN - 0.04) ** 2 - dz ** 2 - px ** 2)
            f = Figure((px, hy, pz), (0.42, 1, 0), (1, 0, 0))
            f.head_to(add(f.j["chest"], (0.35, 1, 0)), face=(1, 0, 0))
        for side, zs in (("R", 1), ("L", -1)):
            f.leg(side, ankle=(0.1, ANKLE_H, AX * zs), pole=(1, 0.1, 0.5 * zs), foot=(1, 0, 0.45 * zs), sole=(0, -1, 0))
        for side, zs in (("R", 1), ("L", -1)):
            if k == 1 and side == "L":
                f.arm("L", wrist=(0.1, 3.98, -2.55), pole=(-0.2, -0.3, -1), hand=(0.5, -0.3, -0.8), grip="fist",
                      thumb=(1, 0, 0))
            else:
                h = f.j["hip" + side]
                f.arm(side, wrist=add(h, (0.1, 0.5, 0.45 * zs)), pole=(-0.3, 0.1, zs), hand=(0.2, -0.9, -0.3 * zs),
                      thumb=(1, 0, 0))
        figs.append(f)
    pls = [pic.place(figs[0], view, cx=64, group="figure-standing-1"),
           pic.place(figs[1], view, cx=196, group="figure-standing-2")]
    pic.back.append(floor_line())
    pic.back.append(chair(pls[1], 0.1, -3.45, -2.6))
    a = pls[1].pt(figs[0].j["head"])
    b = pls[1].pt(figs[1].j["head"])
    pic.arrows.append(arrow((a[0] + 4, a[1] - 10), (b[0] + 16, b[1] - 14), bend=-12))
    return pic


def side_lying_leg_raise():
    pic = Picture("side-lying-leg-raise", "lying")
    figs = [side_lying(0.0), side_lying(32.0)]
    figs[1].tint["legL"] = MOVE
    U = pic.fit([figs[1]], extra=[figs[0]])
    pl = pic.place(figs[1], U=U, align=figs)
    pic.ghost(figs[0], pl)
    pic.back += [floor_line(), supine_mat()]
    a0 = pl.pt(figs[0].j["ankleL"])
    a1 = pl.pt(figs[1].j["ankleL"])
    pic.arrows.append(arrow((a0[0] + 10, a0[1] - 12), (a1[0] + 16, a1[1] + 2), bend=-12))
    return pic


def fire_hydrant():
    """From behind and a little above, a little to the side of the supporting
    leg: the working knee swings out to the side, thigh level, knee bent."""
    pic = Picture("fire-hydrant", "lying")
    view = View(yaw=132, pitch=12)
    figs = hydrant_poses()
    mat = mat_for(figs, 0.35, 0.35)
    U = pic.fit([figs[1]], view, rest=mat, extra=[figs[0]])
    pl = pic.place(figs[1], view, U=U, align=figs, rest=mat)
    pic.ghost(figs[0], pl)
    pic.back.append(mat_raised(pl, *mat))
    k0 = pl.pt(figs[0].j["kneeR"])
    k1 = pl.pt(figs[1].j["kneeR"])
    pic.arrows.append(arrow((k0[0] + 16, k0[1] - 2), (k1[0] + 2, k1[1] + 16), bend=-12))
    return pic


def banded_walk():
    """Two figures from behind, hands resting on a kitchen counter in front of
    them: hip-width with the band just above the knees, knees a little bent;
    then a step to the side, the feet wide."""
    pic = Picture("banded-walk", "standing")
    view = View(yaw=116, pitch=0)
    figs = []
    for k in range(2):
        knee = 0.34
        f = Figure((-0.12, ANKLE_H + THIGH + SHIN - 0.03 - knee), (0.14, 1, 0), (1, 0, 0))
        f.head_to(add(f.j["chest"], (0.1, 1, 0)), face=(1, 0, 0))
        for side, zs in (("R", 1), ("L", -1)):
            az = 0.45 * zs if k == 0 else (0.45 * zs if side == "L" else 1.55)
            f.leg(side, ankle=(0.1, ANKLE_H, az), pole=(1, 0, 0.1 * zs), foot=(1, 0, 0.05 * zs), sole=(0, -1, 0))
            sh = f.j["shoulder" + side]
            f.arm(side, wrist=(1.45, 4.12, sh[2] + 0.1 * zs), pole=(-0.2, -1, 0.5 * zs), hand=(1, -0.05, 0), thumb=(0, 0, -zs))
        figs.append(f)
    pls = [pic.place(figs[0], view, cx=92, group="figure-standing-1"),
           pic.place(figs[1], view, cx=212, group="figure-standing-2")]
    # the counter: one long worktop in front of both figures, across the picture
    a = pls[0]
    pic.back.append(counter(a, -6, W + 6))
    pic.back.append(floor_line())
    for f, pl in zip(figs, pls):
        pic.front.append(band_ring(f, pl))
    k = pls[1].pt(figs[1].j["kneeR"])
    pic.arrows.append(arrow((k[0] - 34, k[1] + 30), (k[0] + 12, k[1] + 30)))
    return pic


def knee_to_chest():
    pic = Picture("knee-to-chest", "lying")
    f0 = supine()
    hook(f0)
    f1 = supine()
    hook(f1, "L")
    f1.leg("R", thigh=ang(118), shin=ang(-22), foot=ang(62))
    # the hands on the back of the thigh, clear of the knee (the cautions: not on top of the knee)
    hands_behind_thigh(f1, "R", at=0.58)
    f1.tint["legR"] = MOVE
    # no start outline: the other leg, bent with the foot flat, is the start position
    U = pic.fit([f1], extra=[f0])
    pl = pic.place(f1, U=U, align=[f0, f1])
    pic.back += [floor_line(), supine_mat()]
    a = pl.pt(f0.j["kneeR"])
    b = pl.pt(f1.j["kneeR"])
    pic.arrows.append(arrow((a[0] + 6, a[1] - 14), (b[0] + 14, b[1] - 8), bend=-16))
    return pic


def double_knee_to_chest():
    pic = Picture("double-knee-to-chest", "lying")
    f1 = supine()
    for side in "RL":
        f1.leg(side, thigh=ang(118), shin=ang(-22), foot=ang(62))
    hands_behind_thigh(f1, "R", arms="R", at=0.6)
    hands_behind_thigh(f1, "L", arms="L", at=0.6)
    U = pic.fit([f1])
    pl = pic.place(f1, U=U)
    pic.back += [floor_line(), supine_mat()]
    k = pl.pt(f1.j["kneeR"])
    a = pl.pt(f1.j["ankleR"])
    pic.arrows.append(arrow((a[0] + 22, a[1] - 20), (k[0] + 10, k[1] - 14), bend=14))
    return pic


def knee_rotations():
    """Arms resting on the floor out from the sides, head still, the knees rolled
    part way to the right; the arrow runs back through the middle to the left."""
    return rotation_picture("knee-rotations", "low", False, 62.0, True)


def bridge():
    pic = Picture("bridge", "lying")
    f0 = supine()
    hook(f0)
    # end: feet and shoulders stay; shoulders, hips and knees in one straight line
    A = f0.j["ankleR"]
    C0 = f0.j["chest"]
    L = TORSO + THIGH
    d = math.hypot(A[0] - C0[0], A[1] - C0[1])
    a = (L * L - SHIN * SHIN + d * d) / (2 * d)
    h = math.sqrt(max(0.0, L * L - a * a))
    ux, uy = (A[0] - C0[0]) / d, (A[1] - C0[1]) / d
    K = (C0[0] + ux * a - uy * h, C0[1] + uy * a + ux * h)
    t = TORSO / L
    Pv = (C0[0] + (K[0] - C0[0]) * t, C0[1] + (K[1] - C0[1]) * t)
    f1 = Figure((Pv[0], Pv[1]), (C0[0] - Pv[0], C0[1] - Pv[1], 0), (0, 1, 0))
    f1.head_on_floor()
    for side in "RL":
        z = f1.j["hip" + side][2]
        f1.leg(side, ankle=(A[0], A[1], z), pole=(0, 1, 0), foot=(1, 0, 0), sole=(0, -1, 0))
        arm_on_floor(f1, side, reach=1.0)
    U = pic.fit([f1], extra=[f0])
    pl = pic.place(f1, U=U, align=[f0, f1])
    pic.ghost(f0, pl)
    pic.back += [floor_line(), supine_mat()]
    b = pl.pt(f1.j["pelvis"])
    g = pl.pt(f0.j["pelvis"])
    pic.arrows.append(arrow((b[0] - 2, g[1] - 14), (b[0] - 2, b[1] - 30)))
    return pic


def hamstring_stretch():
    pic = Picture("hamstring-stretch", "lying")
    f = supine()
    hook(f, "L")
    f.leg("R", thigh=ang(88), shin=ang(88), foot=ang(178), sole=(0, 1, 0))
    f.tint["legR"] = MOVE
    ball = add(f.j["ankleR"], add(mul(unit(sub(f.j["toeR"], f.j["ankleR"])), 0.55), (0, 0.33, 0)))
    for side in "RL":
        zs = 1 if side == "R" else -1
        sh = f.j["shoulder" + side]
        w = add(sh, mul(unit(sub(ball, sh)), 2.2))
        w = (w[0], w[1], 0.36 + 0.25 * zs)
        f.arm(side, wrist=w, pole=(0, -1, 0.3 * zs), hand=unit(sub(ball, w)), grip="fist", thumb=(0, 0, -zs))
    U = pic.fit([f])
    pl = pic.place(f, U=U)
    pic.back += [floor_line(), supine_mat()]
    hand = pl.pt(add(f.j["wristR"], mul(unit(sub(f.j["handR"], f.j["wristR"])), 0.3)))
    s = pl.pt(ball)
    pic.front.append(towel_strap(hand, s, pl))
    return pic


def wall_sit(depth=32.0):
    """Two figures at a wall: standing with the back on the wall and the feet out
    in front; then slid down to a moderate depth (thighs `depth` degrees below
    level, not the deepest allowed: the cautions say to start with a small knee
    bend), knees over the ankles.  The feet stay where they were."""
    pic = Picture("wall-sit", "standing")
    figs = []
    back = 0.45
    d = math.radians(depth)
    ax = back + THIGH * math.cos(d)           # the feet: the knees end up over them
    for k in range(2):
        if k == 0:
            f = Figure((back, ANKLE_H + math.sqrt((THIGH + SHIN - 0.06) ** 2 - (ax - back) ** 2)), (0, 1, 0), (1, 0, 0))
            for side in "RL":
                h = f.j["hip" + side]
                f.leg(side, ankle=(ax, ANKLE_H, h[2]), pole=(1, 0, 0), foot=(1, 0, 0), sole=(0, -1, 0))
        else:
            f = Figure((back, ANKLE_H + SHIN + THIGH * math.sin(d)), (0, 1, 0), (1, 0, 0))
            for side in "RL":
                f.leg(side, thigh=(math.cos(d), -math.sin(d), 0), shin=(0, -1, 0), foot=(1, 0, 0), sole=(0, -1, 0))
        for side in "RL":
            f.arm(side, upper=ang(-90), fore=ang(-82), hand=ang(-82))
        f.head_to(add(f.j["chest"], (0.02, 1, 0)), face=(1, 0, 0))
        figs.append(f)
    wx = (38, 178)
    pls = []
    for k, (f, x) in enumerate(zip(figs, wx)):
        pl = pic.place(f, cx=0, xmid=-x / U_STAND, group="figure-standing-%d" % (k + 1))
        pls.append(pl)
        pic.back.append(wall(x))
    pic.back.append(floor_line())
    a = pls[0].pt(figs[0].j["chest"])
    b = pls[1].pt(figs[1].j["pelvis"])
    pic.arrows.append(arrow((a[0] + 32, a[1] - 4), (b[0] - 40, b[1] - 12), bend=-22))
    return pic


def press_up_extension():
    pic = Picture("press-up-extension", "lying")
    f0 = prone()
    f0.head_on_floor(face=(-0.3, -1, 0), gap=0.02)
    legs_straight_prone(f0)
    for side in "RL":
        zs = 1 if side == "L" else -1
        s = f0.j["shoulder" + side]
        f0.arm(side, wrist=(s[0] + 0.2, 0.11, s[2] + 0.15 * zs), pole=(0.6, 1, 0), hand=(-1, -0.02, 0), thumb=(0, 0, -zs))
    # end: up on the forearms, elbows under the shoulders, hips on the mat
    sh_y = 0.16 + UARM
    f1 = prone()
    pel = f1.j["pelvis"]
    dy = sh_y - pel[1]
    f1 = Figure(pel, (-math.sqrt(TORSO ** 2 - dy ** 2), dy, 0), (0, -1, 0), arch=-0.2)
    f1.head_to(add(f1.j["chest"], (-0.55, 1, 0)), face=(-1, -0.15, 0))
    for side in "RL":
        f1.arm(side, upper=(0, -1, 0), fore=(-1, -0.02, 0), hand=(-1, -0.02, 0), thumb=(0, 1, 0))
    legs_straight_prone(f1)
    U = pic.fit([f1], extra=[f0])
    pl = pic.place(f1, U=U, align=[f0, f1])
    pic.ghost(f0, pl)
    pic.back += [floor_line(), supine_mat()]
    # the chest lifts: an arc over the upper back, up towards the head
    a = pl.pt(add(f1.j["chest"], (1.45, 0.72, 0)))
    b = pl.pt(add(f1.j["chest"], (0.2, 1.5, 0)))
    pic.arrows.append(arrow(a, b, bend=10))
    return pic


def pelvic_tilt():
    """The start, solid: on the back, knees bent, feet flat, the small of the back
    in its normal curve, so a small gap shows between it and the mat (chest and
    buttocks stay down, the belly does not rise with the back).  One arrow in that
    gap points down to the mat: the lower back presses flat; a second, round the
    front of the pelvis, shows it tipping (the groin turns up and towards the
    head).  Nothing points down at the belly: it must not read as pushing the
    belly down.  (The end position, back flat, would hide the gap, so the solid
    figure is the start here.)"""
    pic = Picture("pelvic-tilt", "lying")
    f = Figure((0, 0.5), (-1, 0, 0), (0, 1, 0), arch=0.6)
    f.arch_span = 0.6
    f.arch_keeps_front = 0.7
    settle(f)
    f.head_on_floor()
    hook(f)
    arms_on_chest(f)
    U = pic.fit([f])
    pl = pic.place(f, U=U)
    pic.back += [floor_line(), supine_mat()]
    # the deepest point of the gap: the back of the torso where the hollow is highest
    t = 0.27
    bb = next(l[3] for l in M.TORSO_LEVELS if l[0] >= t)
    a = pl.pt(add(f.spine_point(t), mul(f.f, -bb)))
    pic.arrows.append(arrow((a[0], a[1] + 1), (a[0], FLOOR_Y - MAT_T + 0.5), head=9.0, width=3.6))
    # and the pelvis tips: its front (the groin) turns up and towards the head
    pic.arrows.append(turn_arrow(pl.pt(add(f.j["pelvis"], (0.1, 0.1, 0))), 0.9 * U, 10, 100, head=10.0, width=4.0))
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


if __name__ == "__main__":
    main(sys.argv[1:])
