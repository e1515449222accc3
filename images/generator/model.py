"""The one body: 3-D skeleton, segment lengths, body volumes and the camera.

Everything here is in head units (1 = the height of the head, chin to crown).
World axes: x to the right, y up (the floor or mat top is y = 0), z towards the
viewer of the plain side view.  Standard library only.
"""
import math

# --------------------------------------------------------------------------
# Proportions (ILLUSTRATIONS.md), head units
# --------------------------------------------------------------------------
NECK, TORSO = 0.4, 2.6              # chin to shoulder line; shoulder line to hip joint
UARM, FARM, HAND = 1.4, 1.2, 0.75   # upper arm, forearm, wrist to fingertip
THIGH, SHIN, FOOT = 1.9, 1.8, 1.1   # thigh, shin, heel to toe
SH_HALF = 0.78                      # shoulder joint to spine
HIP_HALF = 0.36                     # hip joint to pelvis centre
HEAD_R = 0.5                        # head centre to crown / to chin

# Foot: the ankle sits this high over the sole; the heel reaches back, the toe forward
ANKLE_H = 0.33
HEEL_BACK = 0.23
TOE_FWD = FOOT - HEEL_BACK          # ankle to toe tip

# Volumes (radii, head units).  Each limb segment is the hull of spheres along
# its axis: (fraction along the segment, radius, offset towards the segment's
# "back" in head units).  The back of the thigh and shin is the side away from
# the toes; of the arm, the side away from the thumb.
THIGH_BALLS = [(0.0, 0.40, 0.0), (0.38, 0.36, 0.0), (1.0, 0.23, 0.0)]
SHIN_BALLS = [(0.0, 0.23, 0.0), (0.28, 0.225, 0.06), (1.0, 0.135, 0.0)]
UARM_BALLS = [(0.0, 0.23, 0.0), (0.45, 0.2, 0.0), (1.0, 0.16, 0.0)]
FARM_BALLS = [(0.0, 0.16, 0.0), (0.3, 0.16, 0.0), (1.0, 0.11, 0.0)]
NECK_R = 0.24

# Torso cross-sections along the spine: t (0 = hip joints, 1 = shoulder joints),
# half width to the side, reach to the front and to the back of the spine line.
TORSO_LEVELS = [
    (-0.15, 0.42, 0.20, 0.30),
    (-0.07, 0.70, 0.36, 0.50),
    (0.04, 0.75, 0.44, 0.46),
    (0.18, 0.69, 0.47, 0.36),
    (0.34, 0.62, 0.47, 0.33),
    (0.50, 0.63, 0.52, 0.38),
    (0.67, 0.64, 0.58, 0.42),
    (0.83, 0.65, 0.56, 0.43),
    (0.95, 0.70, 0.45, 0.42),
    (1.02, 0.74, 0.36, 0.38),
    (1.07, 0.62, 0.30, 0.32),
    (1.11, 0.40, 0.24, 0.26),
    (1.14, 0.24, 0.2, 0.22),
]


# --------------------------------------------------------------------------
# Vectors (3-D tuples)
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


def lerp(a, b, t):
    return add(a, mul(sub(b, a), t))


def P(x, y, z=0.0):
    return (float(x), float(y), float(z))


def ang(deg, z=0.0):
    """Unit direction at `deg` degrees in the x-y plane (0 = +x, 90 = up), tilted by z."""
    r = math.radians(deg)
    return unit((math.cos(r), math.sin(r), z))


def perp_part(v, axis):
    """v without its component along unit `axis`."""
    return sub(v, mul(axis, dot(v, axis)))


def rot_axis(v, axis, deg):
    """Rodrigues rotation of v about `axis` (right-handed, degrees)."""
    k = unit(axis)
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return add(add(mul(v, c), mul(cross(k, v), s)), mul(k, dot(k, v) * (1 - c)))


def ik(root, target, a, b, pole):
    """Two-bone chain root-(a)-mid-(b)-end reaching for target, bending towards
    `pole` (a direction).  Lengths are exact; an unreachable target is
    approached along the same line.  Returns (mid, end)."""
    d_vec = sub(target, root)
    d = norm(d_vec)
    u = unit(d_vec)
    d = max(abs(a - b) + 1e-6, min(a + b - 1e-6, d))
    v = unit(perp_part(pole, u))
    x = (a * a - b * b + d * d) / (2 * d)
    h = math.sqrt(max(0.0, a * a - x * x))
    mid = add(add(root, mul(u, x)), mul(v, h))
    end = add(mid, mul(unit(sub(add(root, mul(u, d)), mid)), b))
    return mid, end


# --------------------------------------------------------------------------
# Camera
# --------------------------------------------------------------------------
class View:
    """Orthographic camera.  yaw turns the world about the vertical axis
    (positive: +x towards -z), then pitch raises the camera (positive: looking
    down, near points drop on screen).  The plain side view is View()."""

    def __init__(self, yaw=0.0, pitch=0.0):
        self.yaw, self.pitch = yaw, pitch
        r = math.radians(yaw)
        self._cy, self._sy = math.cos(r), math.sin(r)
        r = math.radians(pitch)
        self._cp, self._sp = math.cos(r), math.sin(r)

    def project(self, p):
        """World point -> (x right, y up, depth towards the viewer), head units."""
        x = p[0] * self._cy + p[2] * self._sy
        z = -p[0] * self._sy + p[2] * self._cy
        y = p[1]
        return (x, y * self._cp - z * self._sp, z * self._cp + y * self._sp)

    def towards_viewer(self):
        """World direction pointing at the camera."""
        # inverse of project applied to (0, 0, 1)
        y = self._sp
        z = self._cp
        return (-z * self._sy, y, z * self._cy)


SIDE = View()

LIMBS = {
    "leg": ("hip", "knee", "ankle", "toe"),
    "arm": ("shoulder", "elbow", "wrist", "hand"),
}


class Figure:
    """One pose of the one body.  Sides are the body's own R(ight) and L(eft).

    pelvis: point midway between the hip joints; spine: direction from there to
    the point midway between the shoulder joints; front: the way the chest faces.
    arch: lumbar curve in head units (positive: the small of the back moves to
    the front, as in a hollow back); it bends the torso, not the joints.
    arch_span (attribute, default 1): the curve runs from the hips to this
    fraction of the torso (0.6: only the lower back hollows, chest and pelvis
    stay on the floor).  arch_keeps_front (attribute, default 0): the share of
    the arch the front of the body does not follow (1: only the back moves, the
    belly stays where it was).
    """

    def __init__(self, pelvis, spine, front, arch=0.0, pelvis_tilt=0.0):
        s = unit(spine)
        f = unit(perp_part(front, s))
        r = cross(f, s)                      # body's right = forward x up
        self.s, self.f, self.r = s, f, r
        self.arch = arch
        self.pelvis_tilt = pelvis_tilt       # degrees; positive tucks the tailbone under
        j = self.j = {}
        j["pelvis"] = P(*pelvis)
        j["chest"] = add(j["pelvis"], mul(s, TORSO))
        for side, k in (("R", 1), ("L", -1)):
            j["hip" + side] = add(j["pelvis"], mul(r, k * HIP_HALF))
            j["shoulder" + side] = add(j["chest"], mul(r, k * SH_HALF))
        self.hands = {"R": "open", "L": "open"}
        self.thumbs = {}
        self.soles = {}
        self.tint = {}                       # limb name -> fill colour override
        self.order = {}                      # part name -> depth override (head units)
        self.neck(s)
        # a neutral default for every limb, so every joint exists
        for side in "RL":
            self.leg(side, thigh=mul(s, -1), shin=mul(s, -1), foot=f)
            self.arm(side, upper=mul(s, -1), fore=mul(s, -1), hand=mul(s, -1), thumb=f)

    # ---- head -----------------------------------------------------------
    def neck(self, direction, face=None):
        d = unit(direction)
        self.head_up = d
        self.j["head"] = add(self.j["chest"], mul(d, NECK + HEAD_R + 0.02))
        if face is None:
            face = self.f
        self.face = unit(perp_part(face, d))
        return self

    def head_to(self, target, face=None):
        """Point the neck so the head centre is as near `target` as the neck allows."""
        return self.neck(sub(P(*target), self.j["chest"]), face)

    def head_on_floor(self, face=None, gap=0.0):
        """Lying figures: the back of the head resting on the floor (y = 0).

        The head sphere touches the floor; the neck follows the body."""
        c = self.j["chest"]
        L = NECK + HEAD_R + 0.02
        along = unit((self.s[0], 0.0, self.s[2]))
        hy = 0.5
        for _ in range(3):
            dy = hy - c[1]
            dx = math.sqrt(max(0.0, L * L - dy * dy))
            self.neck(add(mul(along, dx), (0, dy, 0)), face)
            sk, r = self.head_spheres()[0]
            hy += (r + 0.01 + gap) - sk[1]
        return self

    # ---- limbs ----------------------------------------------------------
    def _chain(self, kind, side, dirs=None, target=None, pole=None, end=None):
        names = LIMBS[kind]
        lens = (THIGH, SHIN) if kind == "leg" else (UARM, FARM)
        tip = TOE_FWD if kind == "leg" else HAND
        root = self.j[names[0] + side]
        if target is not None:
            mid, e = ik(root, P(*target), lens[0], lens[1], pole)
            self.j[names[1] + side], self.j[names[2] + side] = mid, e
            d3 = end
        else:
            p = root
            for n, d, ln in zip(names[1:3], dirs[:2], lens):
                p = add(p, mul(unit(d), ln))
                self.j[n + side] = p
            d3 = dirs[2]
        self.j[names[3] + side] = add(self.j[names[2] + side], mul(unit(d3), tip))
        return self

    def leg(self, side, thigh=None, shin=None, foot=None, ankle=None, pole=None, sole=None):
        """Either directions for thigh, shin and foot, or an ankle target with a
        pole (the way the knee points) and the foot direction.  `sole`: the way
        the sole faces (default: away from the knee, square to the foot)."""
        if sole is not None:
            self.soles[side] = unit(sole)
        if ankle is not None:
            return self._chain("leg", side, target=ankle, pole=pole, end=foot)
        return self._chain("leg", side, dirs=(thigh, shin, foot))

    def arm(self, side, upper=None, fore=None, hand=None, wrist=None, pole=None, grip="open", thumb=None):
        """Either directions for upper arm, forearm and hand, or a wrist target,
        pole (the way the elbow points) and hand direction.  grip: 'open' (a flat
        mitten) or 'fist' (closed around a thigh, towel or band)."""
        self.hands[side] = grip
        if thumb is not None:
            self.thumbs[side] = unit(thumb)
        if wrist is not None:
            return self._chain("arm", side, target=wrist, pole=pole, end=hand)
        return self._chain("arm", side, dirs=(upper, fore, hand))

    def shift(self, d):
        """Move the whole body (all joints) by d."""
        for k in self.j:
            self.j[k] = add(self.j[k], d)
        return self

    # ---- derived geometry -------------------------------------------------
    def sole_dir(self, side):
        """Unit vector from the ankle towards the sole, square to the foot."""
        j = self.j
        fwd = unit(sub(j["toe" + side], j["ankle" + side]))
        if side in self.soles:
            n = perp_part(self.soles[side], fwd)
        else:
            n = perp_part(sub(j["ankle" + side], j["knee" + side]), fwd)
            if norm(n) < 0.2:
                n = perp_part((0, -1, 0), fwd)
        return unit(n)

    def thumb_dir(self, side):
        """Unit vector across the hand towards the thumb."""
        j = self.j
        d = unit(sub(j["hand" + side], j["wrist" + side]))
        t = self.thumbs.get(side)
        if t is None:
            # default: palm towards the body's midline, thumb to the front of the forearm
            fore = unit(sub(j["wrist" + side], j["elbow" + side]))
            t = perp_part(self.f, fore)
            if norm(t) < 0.2:
                t = perp_part(self.s, fore)
        t = perp_part(t, d)
        if norm(t) < 1e-6:
            t = perp_part(self.r, d)
        return unit(t)

    def spine_point(self, t):
        """Point on the (possibly arched) spine line, t in head-torso fractions."""
        j = self.j
        base = add(j["pelvis"], mul(self.s, TORSO * t))
        d = self.arch_offset(t)
        if d:
            base = add(base, mul(self.f, d))
        return base

    def arch_offset(self, t):
        """How far the arch moves the spine line to the front at t (head units)."""
        span = getattr(self, "arch_span", 1.0)
        if not self.arch or not 0.0 < t < span:
            return 0.0
        # the hollow is deepest about a third of the way up the curved stretch
        return self.arch * math.sin(math.pi * ((t / span) ** 0.7))

    def spheres(self):
        """The body's volumes as named lists of spheres (centre, radius):
        each entry is drawn as one shape, the hull of its spheres."""
        j = self.j
        out = {}

        def along(a, b, balls, back):
            pa, pb = j[a], j[b]
            axis = sub(pb, pa)
            res = []
            for t, rad, off in balls:
                c = add(pa, mul(axis, t))
                if off and back is not None:
                    c = add(c, mul(back, off))
                res.append((c, rad))
            return res

        for side in "RL":
            # back of the leg: away from the toes
            toe = unit(sub(j["toe" + side], j["ankle" + side]))
            shin_axis = unit(sub(j["ankle" + side], j["knee" + side]))
            back = perp_part(mul(toe, -1), shin_axis)
            back = unit(back) if norm(back) > 0.3 else None
            out["thigh" + side] = along("hip" + side, "knee" + side, THIGH_BALLS, None)
            out["shin" + side] = along("knee" + side, "ankle" + side, SHIN_BALLS, back)
            out["foot" + side] = self.foot_spheres(side)
            out["upperarm" + side] = along("shoulder" + side, "elbow" + side, UARM_BALLS, None)
            out["forearm" + side] = along("elbow" + side, "wrist" + side, FARM_BALLS, None)
            out["hand" + side] = self.hand_spheres(side)
        out["neck"] = [(add(j["chest"], mul(self.s, 0.05)), NECK_R),
                       (add(j["chest"], mul(self.head_up, NECK + 0.15)), NECK_R * 0.95)]
        out["head"] = self.head_spheres()
        return out

    def foot_spheres(self, side):
        j = self.j
        a = j["ankle" + side]
        fwd = unit(sub(j["toe" + side], a))
        down = self.sole_dir(side)
        lat = unit(cross(fwd, down))
        h = ANKLE_H
        res = [(a, 0.15)]
        res.append((add(add(a, mul(fwd, -(HEEL_BACK - 0.15))), mul(down, h - 0.15)), 0.15))
        for k in (-1, 1):
            c = add(add(add(a, mul(fwd, 0.56)), mul(down, h - 0.12)), mul(lat, 0.09 * k))
            res.append((c, 0.12))
        res.append((add(add(a, mul(fwd, TOE_FWD - 0.08)), mul(down, h - 0.08)), 0.08))
        return res

    def hand_spheres(self, side):
        j = self.j
        w = j["wrist" + side]
        d = unit(sub(j["hand" + side], w))
        t = self.thumb_dir(side)
        if self.hands[side] == "fist":
            return [(w, 0.11), (add(w, mul(d, 0.26)), 0.17), (add(add(w, mul(d, 0.2)), mul(t, 0.12)), 0.1)]
        return [(w, 0.11),
                (add(add(w, mul(d, 0.34)), mul(t, 0.03)), 0.15),
                (add(w, mul(d, HAND - 0.13)), 0.13),
                (add(add(w, mul(d, 0.22)), mul(t, 0.16)), 0.07)]

    def head_spheres(self):
        """Skull first; then brow, nose, chin and jaw: in profile they give the
        face its outline, seen from the front they stay inside the skull."""
        c = self.j["head"]
        up, fw = self.head_up, self.face
        lat = unit(cross(fw, up))

        def at(u, f, l=0.0):
            return add(add(add(c, mul(up, u)), mul(fw, f)), mul(lat, l))
        res = [(at(0.07, -0.06), 0.43), (at(0.12, 0.2), 0.22), (at(-0.04, 0.44), 0.05)]
        for k in (-1, 1):
            res.append((at(-0.36, 0.24, 0.1 * k), 0.12))
            res.append((at(-0.24, -0.05, 0.2 * k), 0.15))
        return res




def _check(self, name=None):
    """Anatomy warnings: knees bend backwards, elbows forwards."""
    j, bad = self.j, []
    for side in "RL":
        t = unit(sub(j["knee" + side], j["hip" + side]))
        s = unit(sub(j["ankle" + side], j["knee" + side]))
        f = unit(sub(j["toe" + side], j["ankle" + side]))
        n, m = cross(t, s), cross(s, f)
        if norm(n) > 0.15 and norm(m) > 0.15 and dot(n, m) > 0:
            bad.append("knee" + side + " bends the wrong way")
        kneeang = math.degrees(math.acos(max(-1, min(1, dot(t, s)))))
        if kneeang > 165:
            bad.append("knee" + side + " over-flexed")
        u = unit(sub(j["elbow" + side], j["shoulder" + side]))
        fo = unit(sub(j["wrist" + side], j["elbow" + side]))
        bend = sub(fo, mul(u, dot(fo, u)))
        if norm(bend) > 0.5 and dot(unit(bend), self.f) < -0.6 and dot(unit(bend), self.s) < 0.3:
            bad.append("elbow" + side + " bends the wrong way")
    return bad


Figure.check = _check
