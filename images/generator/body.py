"""Turn one posed Figure, seen through one View, into outlined body shapes.

Each body part is one closed outline: limb segments, hands, feet, neck and head
are hulls of the projected spheres of model.Figure.spheres(); the torso is a
loft of elliptic cross-sections (chest, waist, pelvis) projected into the view.
Parts are painted far to near.  Where a part grows out of another (a thigh out
of the pelvis, a shin out of the thigh, the head and torso out of the neck), the
stretch of its outline that lies inside the other near the joint is left out,
so the two read as one body with no seam.

Standard library only.
"""
import math

import os

import model as M
import shapes as S

DEBUG = bool(os.environ.get("DRAW_DEBUG"))
DEBUG_COLS = ["#FFB3B3", "#B3FFB3", "#B3B3FF", "#FFFFB3", "#FFB3FF", "#B3FFFF", "#FFD9B3", "#D9B3FF", "#B3FFD9"]


class Part:
    def __init__(self, name, pieces, fill, depth, block):
        self.name = name
        self.pieces = pieces
        self.fill = fill
        self.depth = depth
        self.block = block          # limb (or "trunk") this part belongs to
        self.hide = []              # (other part name, disk centre, disk radius) or (name, None, None)
        self.poly = None
        self.stroke = True

    def polygon(self):
        if self.poly is None:
            self.poly = S.sample(self.pieces, 1.0)
        return self.poly


class Placed:
    """A figure with its view, origin (canvas position of world (0, 0, 0)) and scale."""

    def __init__(self, fig, view, origin, scale):
        self.fig, self.view, self.origin, self.U = fig, view, origin, scale

    def screen(self, p):
        x, y, d = self.view.project(p)
        return (self.origin[0] + x * self.U, self.origin[1] - y * self.U, d)

    def pt(self, p):
        s = self.screen(p)
        return (s[0], s[1])

    def dir2(self, v):
        """Canvas direction (not normalised) of world direction v."""
        x, y, _ = self.view.project(v)
        return (x * self.U, -y * self.U)



# --------------------------------------------------------------------------
# torso
# --------------------------------------------------------------------------
def torso_outline(pl):
    fig = pl.fig
    levels = M.TORSO_LEVELS
    left, right, ends = [], [], []
    pts2 = []
    for (t, a, bf, bb) in levels:
        pts2.append(pl.pt(fig.spine_point(t)))
    spine_len = S.v_len(S.v_sub(pts2[-1], pts2[0]))
    r3 = fig.r
    ellipses = []
    keep = getattr(fig, "arch_keeps_front", 0.0)
    for i, (t, a, bf, bb) in enumerate(levels):
        sp = fig.spine_point(t)
        bf -= keep * fig.arch_offset(t)
        t0 = levels[max(0, i - 1)][0]
        t1 = levels[min(len(levels) - 1, i + 1)][0]
        tang = M.unit(M.sub(fig.spine_point(t1), fig.spine_point(t0)))
        f3 = M.unit(M.cross(tang, r3))
        b = (bf + bb) / 2
        c3 = M.add(sp, M.mul(f3, (bf - bb) / 2))
        c2 = pl.pt(c3)
        R2 = pl.dir2(r3)
        F2 = pl.dir2(f3)
        ellipses.append((c2, a, b, R2, F2))
        if spine_len < 0.9 * pl.U:
            continue
        d2 = S.v_sub(pl.pt(fig.spine_point(t1)), pl.pt(fig.spine_point(t0)))
        u = S.v_unit(d2)
        n = (-u[1], u[0])
        th = math.atan2(b * (F2[0] * n[0] + F2[1] * n[1]), a * (R2[0] * n[0] + R2[1] * n[1]))

        def at(th_, c2=c2, a=a, b=b, R2=R2, F2=F2):
            return (c2[0] + a * math.cos(th_) * R2[0] + b * math.sin(th_) * F2[0],
                    c2[1] + a * math.cos(th_) * R2[1] + b * math.sin(th_) * F2[1])
        left.append(at(th))
        right.append(at(th + math.pi))
        ends.append((th, at, u))
    if spine_len < 0.9 * pl.U:
        # looking along the spine: the outline is the hull of the cross-sections
        pts = []
        for c2, a, b, R2, F2 in ellipses:
            for k in range(48):
                th = S.TAU * k / 48
                pts.append((c2[0] + a * math.cos(th) * R2[0] + b * math.sin(th) * F2[0],
                            c2[1] + a * math.cos(th) * R2[1] + b * math.sin(th) * F2[1], 0))
        hull = S._convex_hull([(round(p[0], 6), round(p[1], 6), 0) for p in pts])
        dense = [(p[0], p[1]) for p in hull]
        return S.smooth_path(dense, closed=True, tol=0.3)

    def cap(th, at, u, outward):
        # half ellipse from the left support point to the right one, bulging along `outward`
        a0, a1 = th, th + math.pi
        mid = at((a0 + a1) / 2)
        cen = S.v_lerp(at(a0), at(a1), 0.5)
        if (mid[0] - cen[0]) * outward[0] + (mid[1] - cen[1]) * outward[1] < 0:
            a1 = th - math.pi
        return [at(a0 + (a1 - a0) * k / 12) for k in range(1, 12)]

    top = cap(ends[-1][0], ends[-1][1], ends[-1][2], ends[-1][2])
    bot = cap(ends[0][0], ends[0][1], ends[0][2], S.v_mul(ends[0][2], -1))
    # left side bottom->top, top cap (left->right), right side top->bottom, bottom cap (right->left)
    top_pts = top
    bot_pts = list(reversed(bot))
    # the caps run from the left support point to the right: make sure of the order
    if S.v_len(S.v_sub(top_pts[0], left[-1])) > S.v_len(S.v_sub(top_pts[-1], left[-1])):
        top_pts = list(reversed(top_pts))
    if S.v_len(S.v_sub(bot_pts[0], right[0])) > S.v_len(S.v_sub(bot_pts[-1], right[0])):
        bot_pts = list(reversed(bot_pts))
    ring = left + top_pts + list(reversed(right)) + bot_pts
    # densify by Catmull-Rom so the fit has something smooth to follow
    dense = []
    n = len(ring)
    for i in range(n):
        p0, p1, p2, p3 = ring[i - 1], ring[i], ring[(i + 1) % n], ring[(i + 2) % n]
        for k in range(6):
            s = k / 6
            s2, s3 = s * s, s * s * s
            dense.append(tuple(0.5 * ((2 * p1[c]) + (-p0[c] + p2[c]) * s + (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * s2
                                      + (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * s3) for c in range(2)))
    return S.smooth_path(dense, closed=True, tol=0.3)


# --------------------------------------------------------------------------
# hair
# --------------------------------------------------------------------------
def hair_outline(pl):
    """Hair: the skull's disk minus a 'face' disk set towards the face and chin.

    In profile that leaves a cap over the back and top of the head with a curved
    hairline; from the front a band over the forehead; from behind nearly the
    whole head.  Both edges are circle arcs."""
    fig = pl.fig
    (c3, r) = fig.head_spheres()[0]
    w = M.dot(fig.face, pl.view.towards_viewer())      # 1: face towards us, -1: away
    back = max(0.0, -w)
    off_up = -0.2 - 0.38 * back
    R = 0.5 - 0.16 * back
    fc3 = M.add(M.add(c3, M.mul(fig.face, 0.42 * (1 - back))), M.mul(fig.head_up, off_up))
    c = pl.pt(c3)
    f = pl.pt(fc3)
    r *= pl.U * 0.99
    R *= pl.U
    d = S.v_len(S.v_sub(f, c))
    if d >= r + R:
        return [("A", c, r, 0.0, math.pi), ("A", c, r, math.pi, S.TAU)]
    if d + r <= R:
        return None
    if d + R <= r:
        return None                     # would be a ring: no hair drawn
    # intersection points of the two circles
    a = (r * r - R * R + d * d) / (2 * d)
    h = math.sqrt(max(0.0, r * r - a * a))
    u = S.v_unit(S.v_sub(f, c))
    m = S.v_add(c, S.v_mul(u, a))
    p1 = (m[0] - u[1] * h, m[1] + u[0] * h)
    p2 = (m[0] + u[1] * h, m[1] - u[0] * h)
    # skull arc away from the face centre, then face arc back inside the skull
    t1 = math.atan2(p1[1] - c[1], p1[0] - c[0])
    t2 = math.atan2(p2[1] - c[1], p2[0] - c[0])
    away = math.atan2(-u[1], -u[0])
    # go from t1 to t2 through `away`
    sweep = (t2 - t1) % S.TAU
    if ((away - t1) % S.TAU) > sweep:
        sweep -= S.TAU
    s1 = math.atan2(p2[1] - f[1], p2[0] - f[0])
    s2 = math.atan2(p1[1] - f[1], p1[0] - f[0])
    toward = math.atan2(c[1] - f[1], c[0] - f[0])
    sw2 = (s2 - s1) % S.TAU
    if ((toward - s1) % S.TAU) > sw2:
        sw2 -= S.TAU
    return [("A", c, r, t1, t1 + sweep), ("A", f, R, s1, s1 + sw2)]


# --------------------------------------------------------------------------
# the figure
# --------------------------------------------------------------------------
def build_parts(pl, style, near_override=None):
    """All parts of a placed figure, in painting order."""
    fig = pl.fig
    j = fig.j
    sph = fig.spheres()
    U = pl.U

    def circles(name):
        return [(pl.pt(c), r * U) for c, r in sph[name]]

    def depth_of(points):
        return sum(pl.screen(p)[2] for p in points) / len(points)

    # near and far limbs: compare each limb with its partner on the other side
    # (the roots decide: a wide stance seen from the front keeps both legs light)
    far = set()
    for limb in ("leg", "arm"):
        root = M.LIMBS[limb][0]
        span = 2 * (M.HIP_HALF if limb == "leg" else M.SH_HALF)
        turn = (depth_of([j[root + "R"]]) - depth_of([j[root + "L"]])) / span
        # more than 30 degrees off a front or back view: the far side gets the tint
        if turn > 0.5:
            far.add(limb + "L")
        elif turn < -0.5:
            far.add(limb + "R")
    if near_override is not None:
        far = {n for n in ("legR", "legL", "armR", "armL") if n.endswith(near_override)}
    trunk_depth = depth_of([j["pelvis"], j["chest"]])

    parts = []
    blocks = {}
    for side in "RL":
        for limb, segs in (("leg", ("thigh", "shin", "foot")), ("arm", ("upperarm", "forearm", "hand"))):
            name = limb + side
            fill = style["far"] if name in far else style["near"]
            fill = fig.tint.get(name, fill)
            joints = [j[n + side] for n in M.LIMBS[limb]]
            d = depth_of(joints)
            if name in fig.order:
                d = trunk_depth + fig.order[name]
            blocks[name] = d + 0.05
            for sname in segs:
                pc = S.circle_hull(circles(sname + side))
                pname = sname + side
                if pname in fig.order:
                    # one segment painted on its own (a crossed shin behind the other
                    # thigh while its own thigh is in front)
                    blocks[pname] = trunk_depth + fig.order[pname]
                    parts.append(Part(pname, pc, fill, blocks[pname], pname))
                else:
                    parts.append(Part(pname, pc, fill, d, name))
    blocks["trunk"] = trunk_depth
    tfill = fig.tint.get("trunk", style["near"])
    parts.append(Part("neck", S.circle_hull(circles("neck")), tfill, trunk_depth, "trunk"))
    parts.append(Part("torso", torso_outline(pl), tfill, trunk_depth, "trunk"))
    parts.append(Part("head", S.circle_hull(circles("head")), tfill, trunk_depth, "trunk"))
    hair = hair_outline(pl)
    if hair:
        parts.append(Part("hair", hair, style["hair"], trunk_depth, "trunk"))

    # painting order: blocks by depth, fixed order inside a block
    inner = {"thigh": 0, "shin": 1, "foot": 2, "upperarm": 0, "forearm": 1, "hand": 2,
             "neck": 0, "torso": 1, "head": 2, "hair": 3}
    order = sorted(blocks, key=lambda b: (round(blocks[b], 4), b))
    if "order_blocks" in fig.order:
        order = fig.order["order_blocks"](order)
    rank = {b: i for i, b in enumerate(order)}
    parts.sort(key=lambda p: (rank[p.block], inner[p.name.rstrip("RL")] if p.name not in inner else inner[p.name]))

    # seams: a part's outline is left out where it lies inside the part it grows from
    after_trunk = {b for b in order if rank[b] > rank["trunk"]}
    for p in parts:
        n = p.name
        side = n[-1]
        base = n.rstrip("RL")
        if base == "shin":
            p.hide.append(("thigh" + side, pl.pt(j["knee" + side]), 0.55 * U))
        elif base == "foot":
            p.hide.append(("shin" + side, pl.pt(j["ankle" + side]), 0.45 * U))
        elif base == "forearm":
            p.hide.append(("upperarm" + side, pl.pt(j["elbow" + side]), 0.4 * U))
        elif base == "hand":
            p.hide.append(("forearm" + side, pl.pt(j["wrist" + side]), 0.3 * U))
        elif base == "thigh" and p.block in after_trunk:
            p.hide.append(("torso", pl.pt(j["hip" + side]), 0.8 * U))
        elif base == "upperarm" and p.block in after_trunk:
            p.hide.append(("torso", pl.pt(j["shoulder" + side]), 0.42 * U))
        elif n in ("torso", "head"):
            p.hide.append(("neck", None, None))
    for extra in getattr(fig, "extra_hide", []):
        for p in parts:
            if p.name == extra[0]:
                p.hide.append(extra[1:])
    return parts


def render_parts(parts, style, ghost=False, skip_like=None):
    """SVG elements for the parts.  ghost: outline-only style; skip_like: parts of
    the solid figure, ghost parts that coincide with them are left out."""
    by_name = {p.name: p for p in parts}
    out = []
    for p in parts:
        if ghost and p.name == "hair":
            continue
        if skip_like is not None and p.name in skip_like:
            other = skip_like[p.name]
            a, b = p.polygon(), other.polygon()
            if _same(a, b):
                continue
        regions = []
        for name, c, r in p.hide:
            if name in by_name:
                regions.append(S.Region(by_name[name].polygon(), inset=0.0, disk=(c, r) if c is not None else None))
        runs = S.outline_runs(p.pieces, regions)
        fill = "#FFFFFF" if ghost else p.fill
        if DEBUG:
            fill = DEBUG_COLS[hash(p.name) % len(DEBUG_COLS)]
        if runs is None:
            out.append('<path fill="%s" d="%s"/>' % (fill, S.path_data([p.pieces], True)))
        elif len(runs) == 0:
            out.append('<path fill="%s" stroke="none" d="%s"/>' % (fill, S.path_data([p.pieces], True)))
        elif len(runs) == 1 and _chord_ok(runs[0], p, [by_name[n] for n, _, _ in p.hide if n in by_name], ghost):
            out.append('<path fill="%s" d="%s"/>' % (fill, S.path_data(runs, False)))
        else:
            out.append('<path fill="%s" stroke="none" d="%s"/>' % (fill, S.path_data([p.pieces], True)))
            out.append('<path fill="none" d="%s"/>' % S.path_data(runs, False))
    return out


def _same(a, b, tol=0.9):
    if len(a) != len(b):
        # compare each point of a with the nearest of b, coarsely
        pass
    step_a = max(1, len(a) // 60)
    step_b = max(1, len(b) // 200)
    bb = b[::step_b]
    for q in a[::step_a]:
        if min((q[0] - r[0]) ** 2 + (q[1] - r[1]) ** 2 for r in bb) > tol * tol * 4:
            return False
    aa = a[::max(1, len(a) // 200)]
    for q in b[::max(1, len(b) // 60)]:
        if min((q[0] - r[0]) ** 2 + (q[1] - r[1]) ** 2 for r in aa) > tol * tol * 4:
            return False
    return True


def _chord_ok(run, part, hosts, ghost):
    """An open outline is filled as if closed by a straight chord.  That is only
    right when the chord runs inside the part it grows from (which has the same
    fill), so the strip between chord and left-out outline shows the same colour."""
    if not ghost and any(h.fill != part.fill for h in hosts):
        return False
    a = S.piece_start(run[0])
    b = S.piece_end(run[-1])
    regs = [S.Region(h.polygon(), inset=0.0) for h in hosts]
    for k in range(0, 9):
        q = S.v_lerp(a, b, k / 8)
        if k in (0, 8):
            continue
        if not any(r.contains(q) for r in regs):
            return False
    return True
