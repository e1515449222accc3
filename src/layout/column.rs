//! Setting text: the `Typesetter` measures runs and wraps paragraphs into a `TextColumn`
//! that fills from top to bottom. A `Drawing` is marks with their tags and links, laid out
//! from y = 0 and moved into place as one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::fonts::{FontSet, Weight, PT_TO_MM};
use crate::i18n::Labels;
use crate::model::{Handout, Rgb};

use super::page::{LinkArea, Mark, NodeId, Role, Structure, Tag, TextRun};
use super::style::{Sizes, Theme};
use super::wrap::{wrap, Span};

/// What laying out one handout needs: the handout, its fonts, type sizes, colours and labels,
/// and the structure tree being built in reading order.
pub(crate) struct Typesetter<'a> {
    pub h: &'a Handout,
    pub fonts: &'a FontSet,
    pub sizes: Sizes,
    pub theme: Theme,
    pub labels: &'a Labels,
    pub primary: Rgb,
    /// Width inside the margins, mm.
    pub content_w: f32,
    pub structure: RefCell<Structure>,
    /// Paragraphs already wrapped: a card is measured in several arrangements, and most of
    /// its paragraphs come out at the same widths in each.
    pub wrapped: RefCell<HashMap<WrapKey, Rc<Lines>>>,
}

/// Wrapped lines, each a list of (weight, text) runs.
pub(crate) type Lines = Vec<Vec<(Weight, String)>>;

/// A paragraph's spans, type size and width (as bits).
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct WrapKey(Vec<(Weight, String)>, u32, u32);

impl Typesetter<'_> {
    pub fn line_height(&self, size: f32) -> f32 {
        size * self.sizes.line * PT_TO_MM
    }

    pub fn ascent(&self, weight: Weight, size: f32) -> f32 {
        self.fonts.face(weight).ascender * size * PT_TO_MM
    }

    pub fn width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        self.fonts.face(weight).width_mm(text, size)
    }

    pub fn run(&self, x: f32, baseline: f32, size: f32, weight: Weight, color: Rgb, text: String) -> TextRun {
        let face = self.fonts.face(weight);
        TextRun {
            x,
            baseline,
            size,
            weight,
            color,
            width: face.width_mm(&text, size),
            ascent: face.ascender * size * PT_TO_MM,
            descent: -face.descender * size * PT_TO_MM,
            text,
        }
    }

    /// `spans` at `size` wrapped to `width` mm (see `wrap`), from the ones already wrapped.
    pub fn wrap(&self, size: f32, spans: &[Span], width: f32) -> Rc<Lines> {
        let key = WrapKey(spans.iter().map(|s| (s.weight, s.text.to_string())).collect(), size.to_bits(), width.to_bits());
        if let Some(lines) = self.wrapped.borrow().get(&key) {
            return lines.clone();
        }
        let lines = Rc::new(wrap(self.fonts, size, spans, width));
        self.wrapped.borrow_mut().insert(key, lines.clone());
        lines
    }

    pub fn column(&self, x: f32, width: f32, y: f32, tag: Tag) -> TextColumn<'_> {
        TextColumn { ts: self, x, width, y, drawing: Drawing::default(), tag }
    }

    /// A new structure node of `role` under `parent`.
    pub fn node(&self, parent: NodeId, role: Role) -> NodeId {
        self.structure.borrow_mut().add(parent, role)
    }

    /// A new structure node with an alternative text (a figure, a link).
    pub fn node_alt(&self, parent: NodeId, role: Role, alt: String) -> NodeId {
        self.structure.borrow_mut().add_with_alt(parent, role, alt)
    }

    /// Shortens `text` with an ellipsis until it fits `width` (for one-line labels only).
    pub fn fit_line(&self, weight: Weight, size: f32, text: &str, width: f32) -> String {
        let face = self.fonts.face(weight);
        if face.width_mm(text, size) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
            if face.width_mm(&s, size) <= width {
                return s;
            }
        }
        String::new()
    }
}

/// Marks with their tags, and link areas, in one coordinate system.
#[derive(Debug, Default, Clone)]
pub(crate) struct Drawing {
    pub marks: Vec<Mark>,
    pub tags: Vec<Tag>,
    pub links: Vec<LinkArea>,
}

impl Drawing {
    pub fn push(&mut self, mark: Mark, tag: Tag) {
        self.marks.push(mark);
        self.tags.push(tag);
    }

    pub fn append(&mut self, other: Drawing) {
        self.marks.extend(other.marks);
        self.tags.extend(other.tags);
        self.links.extend(other.links);
    }

    /// Everything moved down by `dy`.
    pub fn shifted(self, dy: f32) -> Drawing {
        self.moved(0.0, dy)
    }

    /// Everything moved right by `dx` and down by `dy`.
    pub fn moved(self, dx: f32, dy: f32) -> Drawing {
        Drawing {
            marks: self.marks.into_iter().map(|m| m.shifted(dx, dy)).collect(),
            tags: self.tags,
            links: self.links.into_iter().map(|l| l.shifted(dx, dy)).collect(),
        }
    }
}

/// A column being filled from top to bottom; its text is tagged `tag`.
pub(crate) struct TextColumn<'c> {
    pub ts: &'c Typesetter<'c>,
    pub x: f32,
    pub width: f32,
    pub y: f32,
    pub drawing: Drawing,
    pub tag: Tag,
}

impl TextColumn<'_> {
    pub fn paragraph(&mut self, spans: &[Span], size: f32, color: Rgb) {
        self.paragraph_indented(spans, size, color, None);
    }

    /// A paragraph with an optional marker ("1.", "•") hung in the left indent; the marker is
    /// tagged `marker_tag` (a list label), the text `self.tag`.
    pub fn paragraph_indented(&mut self, spans: &[Span], size: f32, color: Rgb, marker: Option<(&str, Weight, f32, Tag)>) {
        let indent = marker.map_or(0.0, |m| m.2);
        let lh = self.ts.line_height(size);
        let ascent = self.ts.fonts.regular.ascender * size * PT_TO_MM;
        let lines = self.ts.wrap(size, spans, self.width - indent);
        for (i, line) in lines.iter().enumerate() {
            let baseline = self.y + ascent;
            if i == 0 {
                if let Some((m, weight, _, tag)) = marker {
                    self.drawing.push(Mark::Text(self.ts.run(self.x, baseline, size, weight, color, m.to_string())), tag);
                }
            }
            let mut x = self.x + indent;
            for (weight, text) in line {
                let r = self.ts.run(x, baseline, size, *weight, color, text.clone());
                x += r.width;
                self.drawing.push(Mark::Text(r), self.tag);
            }
            self.y += lh;
        }
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    /// The column's marks, tags and links.
    pub fn into_drawing(self) -> Drawing {
        self.drawing
    }
}
