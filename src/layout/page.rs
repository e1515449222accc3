//! What layout hands to render: pages of positioned marks, in millimetres from the top-left
//! corner of the page, and the document's metadata. Regions say what part of the page holds
//! what (for geometry checks and tests).

use std::sync::Arc;

use crate::fonts::{FontSet, Weight};
use crate::model::{Picture, Qr, Rgb};

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

/// What a mark is, for the tagged PDF: part of the handout's content (a node of the structure
/// tree), or decoration (rules, frames, tints), or pagination (the footer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Decoration: rules, card frames and accents, tinted backgrounds, icons.
    Artifact,
    /// What repeats on every page: the footer and its page number.
    Pagination,
    /// Content, belonging to this structure node.
    Node(NodeId),
}

/// A node of the structure tree, by its index in `Structure::nodes`.
pub type NodeId = usize;

/// The standard structure types a handout uses (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    Sect,
    H1,
    H2,
    P,
    /// A list, its items, their labels ("1.", "•") and bodies.
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Table,
    TR,
    /// A header cell; `column` says whether it heads a column (else a row).
    TH {
        column: bool,
    },
    TD,
    Link,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// In reading order.
    pub children: Vec<NodeId>,
    /// The alternative text of a figure, or the description of a link.
    pub alt: Option<String>,
}

/// The logical structure of the handout, in reading order: node 0 is the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure { nodes: vec![Node { role: Role::Document, parent: None, children: Vec::new(), alt: None }] }
    }
}

impl Structure {
    pub const ROOT: NodeId = 0;

    /// Adds a node of `role` as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node { role, parent: Some(parent), children: Vec::new(), alt: None });
        self.nodes[parent].children.push(id);
        id
    }

    /// Adds a node with an alternative text (a figure, a link).
    pub fn add_with_alt(&mut self, parent: NodeId, role: Role, alt: String) -> NodeId {
        let id = self.add(parent, role);
        self.nodes[id].alt = Some(alt);
        id
    }
}

/// A clickable area: a link annotation to `url`, for the structure node `node` (a `Link`).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    pub rect: Rect,
    pub url: String,
    pub node: NodeId,
}

impl LinkArea {
    pub fn shifted(mut self, dx: f32, dy: f32) -> LinkArea {
        self.rect.x += dx;
        self.rect.y += dy;
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
    /// The margin on every side, mm.
    pub margin: f32,
    pub marks: Vec<Mark>,
    /// One tag per mark: what the mark is.
    pub tags: Vec<Tag>,
    pub links: Vec<LinkArea>,
    pub regions: Vec<Region>,
}

impl Page {
    pub fn new(width: f32, height: f32, margin: f32) -> Page {
        Page { width, height, margin, marks: Vec::new(), tags: Vec::new(), links: Vec::new(), regions: Vec::new() }
    }

    /// The area inside the margins, where everything must be.
    pub fn printable(&self) -> Rect {
        Rect { x: self.margin, y: self.margin, w: self.width - 2.0 * self.margin, h: self.height - 2.0 * self.margin }
    }

    pub fn push(&mut self, mark: Mark, tag: Tag) {
        self.marks.push(mark);
        self.tags.push(tag);
    }

    /// The lowest point of anything on the page but the footer.
    pub fn content_bottom(&self) -> f32 {
        self.regions.iter().filter(|r| r.kind != RegionKind::Footer).map(|r| r.rect.bottom()).fold(self.margin, f32::max)
    }
}

/// A laid-out handout: its pages, its structure, and what the PDF says about itself.
#[derive(Debug, Clone)]
pub struct Document {
    pub pages: Vec<Page>,
    pub structure: Structure,
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
    /// What layout could not do as asked (a clinic footer too long for the page).
    pub warnings: Vec<crate::error::Warning>,
    /// The prescription the handout was made from, to embed in the PDF.
    pub attachment: Option<String>,
}
