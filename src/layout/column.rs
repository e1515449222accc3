//! Setting text: the `Typesetter` measures runs and wraps paragraphs into a `TextColumn`
//! that fills from top to bottom.

use crate::fonts::{FontSet, Weight, PT_TO_MM};
use crate::i18n::Labels;
use crate::model::{Handout, Rgb};

use super::page::{Mark, TextRun};
use super::style::{Sizes, Theme};
use super::wrap::{wrap, Span};

/// What laying out one handout needs: the handout, its fonts, type sizes, colours and labels.
pub(crate) struct Typesetter<'a> {
    pub h: &'a Handout,
    pub fonts: &'a FontSet,
    pub sizes: Sizes,
    pub theme: Theme,
    pub labels: &'a Labels,
    pub primary: Rgb,
    /// Width inside the margins, mm.
    pub content_w: f32,
}

impl Typesetter<'_> {
    pub fn line_height(&self, size: f32) -> f32 {
        size * self.sizes.line * PT_TO_MM
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

    pub fn column(&self, x: f32, width: f32, y: f32) -> TextColumn<'_> {
        TextColumn { ts: self, x, width, y, marks: Vec::new() }
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

/// A column being filled from top to bottom.
pub(crate) struct TextColumn<'c> {
    pub ts: &'c Typesetter<'c>,
    pub x: f32,
    pub width: f32,
    pub y: f32,
    pub marks: Vec<Mark>,
}

impl TextColumn<'_> {
    pub fn paragraph(&mut self, spans: &[Span], size: f32, color: Rgb) {
        self.paragraph_indented(spans, size, color, None);
    }

    /// A paragraph with an optional marker ("1.", "•") hung in the left indent.
    pub fn paragraph_indented(&mut self, spans: &[Span], size: f32, color: Rgb, marker: Option<(&str, Weight, f32)>) {
        let indent = marker.map_or(0.0, |m| m.2);
        let lh = self.ts.line_height(size);
        let ascent = self.ts.fonts.regular.ascender * size * PT_TO_MM;
        let lines = wrap(self.ts.fonts, size, spans, self.width - indent);
        for (i, line) in lines.into_iter().enumerate() {
            let baseline = self.y + ascent;
            if i == 0 {
                if let Some((m, weight, _)) = marker {
                    self.marks.push(Mark::Text(self.ts.run(self.x, baseline, size, weight, color, m.to_string())));
                }
            }
            let mut x = self.x + indent;
            for (weight, text) in line {
                let r = self.ts.run(x, baseline, size, weight, color, text);
                x += r.width;
                self.marks.push(Mark::Text(r));
            }
            self.y += lh;
        }
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }
}
