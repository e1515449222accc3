//! What layout hands to render: pages of positioned marks, in millimetres from the top-left
//! corner of the page, and the document's metadata. Regions say what part of the page holds
//! what (for geometry checks and tests).

use std::sync::Arc;

use crate::fonts::{FontSet, Weight};
use crate::model::{Picture, Qr, Rgb};

use super::style::MARGIN;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn overlaps(&self, o: &Rect) -> bool {
        const EPS: f32 = 0.01;
        self.x < o.right() - EPS && o.x < self.right() - EPS && self.y < o.bottom() - EPS && o.y < self.bottom() - EPS
    }
    pub fn contains(&self, o: &Rect) -> bool {
        const EPS: f32 = 0.01;
        o.x >= self.x - EPS && o.y >= self.y - EPS && o.right() <= self.right() + EPS && o.bottom() <= self.bottom() + EPS
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
    pub text: String,
    /// Measured width in mm.
    pub width: f32,
    /// Ascender and descender in mm (descender positive, below the baseline).
    pub ascent: f32,
    pub descent: f32,
}

impl TextRun {
    pub fn bounds(&self) -> Rect {
        Rect { x: self.x, y: self.baseline - self.ascent, w: self.width, h: self.ascent + self.descent }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text(TextRun),
    Box {
        rect: Rect,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        radius: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        color: Rgb,
        width: f32,
    },
    /// A closed polygon (icons).
    Polygon {
        points: Vec<(f32, f32)>,
        fill: Rgb,
    },
    Circle {
        center: (f32, f32),
        radius: f32,
        fill: Rgb,
    },
    Picture {
        rect: Rect,
        picture: Arc<Picture>,
    },
    /// A QR code; `rect` includes the quiet zone.
    Qr {
        rect: Rect,
        qr: Arc<Qr>,
    },
}

impl Mark {
    pub fn bounds(&self) -> Rect {
        match self {
            Mark::Text(t) => t.bounds(),
            Mark::Box { rect, stroke, .. } => {
                let s = stroke.map_or(0.0, |(_, w)| w / 2.0);
                Rect { x: rect.x - s, y: rect.y - s, w: rect.w + 2.0 * s, h: rect.h + 2.0 * s }
            }
            Mark::Line { from, to, width, .. } => {
                let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
                let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
                // Lines have butt caps: the stroke reaches half its width to either side of
                // the line, not beyond its ends.
                let len = (x1 - x0).hypot(y1 - y0).max(f32::EPSILON);
                let (sx, sy) = ((y1 - y0) / len * width / 2.0, (x1 - x0) / len * width / 2.0);
                Rect { x: x0 - sx, y: y0 - sy, w: x1 - x0 + 2.0 * sx, h: y1 - y0 + 2.0 * sy }
            }
            Mark::Polygon { points, .. } => {
                let xs = points.iter().map(|p| p.0);
                let ys = points.iter().map(|p| p.1);
                let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(f32::MIN, f32::max));
                let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(f32::MIN, f32::max));
                Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
            }
            Mark::Circle { center, radius, .. } => Rect { x: center.0 - radius, y: center.1 - radius, w: 2.0 * radius, h: 2.0 * radius },
            Mark::Picture { rect, .. } | Mark::Qr { rect, .. } => *rect,
        }
    }

    pub fn shifted(mut self, dx: f32, dy: f32) -> Mark {
        match &mut self {
            Mark::Text(t) => {
                t.x += dx;
                t.baseline += dy;
            }
            Mark::Box { rect, .. } | Mark::Picture { rect, .. } | Mark::Qr { rect, .. } => {
                rect.x += dx;
                rect.y += dy;
            }
            Mark::Line { from, to, .. } => {
                *from = (from.0 + dx, from.1 + dy);
                *to = (to.0 + dx, to.1 + dy);
            }
            Mark::Polygon { points, .. } => points.iter_mut().for_each(|p| *p = (p.0 + dx, p.1 + dy)),
            Mark::Circle { center, .. } => *center = (center.0 + dx, center.1 + dy),
        }
        self
    }
}

/// What a region of the page holds, for geometry checks and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionKind {
    Header,
    Notes,
    Card(usize),
    Safety,
    SeekHelp,
    Log,
    Footer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub kind: RegionKind,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
    pub regions: Vec<Region>,
}

impl Page {
    /// The area inside the margins, where everything must be.
    pub fn printable(&self) -> Rect {
        Rect { x: MARGIN, y: MARGIN, w: self.width - 2.0 * MARGIN, h: self.height - 2.0 * MARGIN }
    }
}

/// A laid-out handout: its pages and what the PDF says about itself.
#[derive(Debug, Clone)]
pub struct Document {
    pub pages: Vec<Page>,
    pub title: String,
    /// The clinic, or the clinician when there is no clinic.
    pub author: String,
    pub subject: String,
    /// ISO 639-1 code of the text.
    pub language: String,
    /// Seconds since 1970: noon on the handout's date, if it has one.
    pub created: Option<i64>,
    /// The fonts the text runs are measured in (render embeds subsets of them).
    pub fonts: Arc<FontSet>,
}
