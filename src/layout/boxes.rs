//! The boxed parts of a handout: the clinician's notes, the safety note and "When to seek help".

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::{Rgb, SeekHelp};

use super::column::Typesetter;
use super::flow::Block;
use super::page::{Mark, Rect, RegionKind};
use super::style::{ALERT, MARGIN};
use super::wrap::Span;

pub(crate) fn notes(ts: &Typesetter, text: &str) -> Block {
    let pad = 4.0;
    let w = ts.content_w;
    let mut col = ts.column(MARGIN + pad + 1.5, w - 2.0 * pad - 1.5, pad);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.notes_heading }], ts.sizes.body + 1.0, ts.primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], ts.sizes.body, Rgb::TEXT);
    let height = col.y + pad - 1.0;
    let mut marks = vec![
        // The frame's stroke is centred on its path: inset mark by half so mark stays in the margins.
        Mark::Box {
            rect: Rect { x: MARGIN + 0.175, y: 0.175, w: w - 0.35, h: height - 0.35 },
            fill: None,
            stroke: Some((ts.theme.rule, 0.35)),
            radius: 2.0,
        },
        Mark::Box { rect: Rect { x: MARGIN, y: 0.0, w: 1.5, h: height }, fill: Some(ts.primary), stroke: None, radius: 0.0 },
    ];
    marks.extend(col.marks);
    Block::single(RegionKind::Notes, MARGIN, w, height, marks, 5.0)
}

pub(crate) fn safety(ts: &Typesetter, text: &str) -> Block {
    let mut col = ts.column(MARGIN, ts.content_w, 1.0);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.safety_heading }], ts.sizes.heading, ts.primary);
    col.gap(1.0);
    col.paragraph(&[Span { weight: Weight::Regular, text }], ts.sizes.body, Rgb::TEXT);
    Block::single(RegionKind::Safety, MARGIN, ts.content_w, col.y, col.marks, 5.0)
}

pub(crate) fn seek_help(ts: &Typesetter, s: &SeekHelp) -> Block {
    let pad = 5.0;
    let border = 0.9;
    let heading_size = ts.sizes.heading + 1.5;
    let icon = heading_size * 0.55;
    let w = ts.content_w;
    let mut marks = Vec::new();
    let mut col = ts.column(MARGIN + pad + icon + 3.0, w - 2.0 * pad - icon - 3.0, pad);
    col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.seek_help_heading }], heading_size, ALERT);
    let cap_top = pad + (ts.fonts.bold.ascender - 0.72) * heading_size * PT_TO_MM;
    // Warning icon: a triangle with an exclamation mark, readable in grayscale.
    let (cx, top) = (MARGIN + pad + icon / 2.0, cap_top - icon * 0.12);
    marks.push(Mark::Polygon {
        points: vec![(cx, top), (cx + icon / 2.0, top + icon * 0.88), (cx - icon / 2.0, top + icon * 0.88)],
        fill: ALERT,
    });
    marks.push(Mark::Box {
        rect: Rect { x: cx - icon * 0.055, y: top + icon * 0.3, w: icon * 0.11, h: icon * 0.33 },
        fill: Some(Rgb::WHITE),
        stroke: None,
        radius: 0.3,
    });
    marks.push(Mark::Circle { center: (cx, top + icon * 0.74), radius: icon * 0.07, fill: Rgb::WHITE });
    col.gap(1.5);
    col.x = MARGIN + pad;
    col.width = w - 2.0 * pad;
    if let Some(intro) = &s.intro {
        col.paragraph(&[Span { weight: Weight::Bold, text: intro }], ts.sizes.body, Rgb::TEXT);
        col.gap(1.5);
    }
    let bullet_w = ts.sizes.body * 0.45;
    for sign in &s.signs {
        let mut text = sign.trim().to_string();
        if let Some(first) = text.chars().next() {
            text = first.to_uppercase().collect::<String>() + &text[first.len_utf8()..];
        }
        col.paragraph_indented(
            &[Span { weight: Weight::Regular, text: &text }],
            ts.sizes.body,
            Rgb::TEXT,
            Some(("\u{2022}", Weight::Bold, bullet_w)),
        );
        col.gap(0.8);
    }
    let height = col.y + pad - 1.0;
    let mut all = vec![Mark::Box {
        rect: Rect { x: MARGIN + border / 2.0, y: border / 2.0, w: w - border, h: height - border },
        fill: Some(ALERT.tint(0.94)),
        stroke: Some((ALERT, border)),
        radius: 2.5,
    }];
    all.extend(marks);
    all.extend(col.marks);
    Block::single(RegionKind::SeekHelp, MARGIN, w, height, all, 6.0)
}
