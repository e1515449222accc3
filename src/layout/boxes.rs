//! The boxed parts of a handout: the clinician's notes, the safety note and "When to seek help"
//! with the numbers to call.

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::{Rgb, SeekHelp};

use super::column::{Drawing, Typesetter};
use super::flow::{Block, Kind};
use super::page::{Mark, NodeId, Rect, RegionKind, Role, Structure, Tag};
use super::style::ALERT;
use super::wrap::Span;

/// The clinician's notes: a framed paragraph with its label inline, only as tall as its lines.
pub(crate) fn notes(ts: &Typesetter, text: &str) -> Block {
    let node = ts.node(Structure::ROOT, Role::P);
    let pad = 3.0;
    let w = ts.content_w;
    let mut col = ts.column(ts.sizes.margin + pad + 1.5, w - 2.0 * pad - 1.5, pad, Tag::Node(node));
    let label = format!("{}: ", ts.labels.notes_heading.trim_end_matches(':'));
    col.paragraph(&[Span { weight: Weight::Bold, text: &label }, Span { weight: Weight::Regular, text }], ts.sizes.body, Rgb::TEXT);
    let height = col.y + pad - 0.8;
    let mut d = Drawing::default();
    // The frame's stroke is centred on its path: inset it by half so it stays in the margins.
    d.push(
        Mark::Box {
            rect: Rect { x: ts.sizes.margin + 0.175, y: 0.175, w: w - 0.35, h: height - 0.35 },
            fill: None,
            stroke: Some((ts.theme.rule, 0.35)),
            radius: 2.0,
        },
        Tag::Artifact,
    );
    d.push(
        Mark::Box { rect: Rect { x: ts.sizes.margin, y: 0.0, w: 1.5, h: height }, fill: Some(ts.primary), stroke: None, radius: 0.0 },
        Tag::Artifact,
    );
    d.append(col.into_drawing());
    Block::single(RegionKind::Notes, ts.sizes.margin, w, height, d, ts.sizes.gap, Kind::Other)
}

/// "Exercise safely": a heading and a paragraph.
pub(crate) fn safety(ts: &Typesetter, text: &str, x: f32, w: f32) -> Block {
    let sect = ts.node(Structure::ROOT, Role::Sect);
    let heading = ts.node(sect, Role::H2);
    let body = ts.node(sect, Role::P);
    let mut col = ts.column(x, w, 0.5, Tag::Node(heading));
    col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.safety_heading }], ts.sizes.heading, ts.primary);
    col.gap(0.8);
    col.tag = Tag::Node(body);
    col.paragraph(&[Span { weight: Weight::Regular, text }], ts.sizes.body, Rgb::TEXT);
    let height = col.y;
    Block::single(RegionKind::Safety, x, w, height, col.into_drawing(), ts.sizes.gap, Kind::Closing)
}

/// "When to seek help": a boxed list of warning signs (in two columns when that is shorter),
/// and the numbers to call: the clinic's phone and the emergency number.
pub(crate) fn seek_help(ts: &Typesetter, s: &SeekHelp, x: f32, w: f32) -> Block {
    let sect = ts.node(Structure::ROOT, Role::Sect);
    let heading_node = ts.node(sect, Role::H2);
    let intro_node = s.intro.as_ref().map(|_| ts.node(sect, Role::P));
    let list = ts.node(sect, Role::L);
    let items: Vec<(NodeId, NodeId)> = s
        .signs
        .iter()
        .map(|_| {
            let item = ts.node(list, Role::LI);
            (ts.node(item, Role::Lbl), ts.node(item, Role::LBody))
        })
        .collect();
    let call_node = ts.node(sect, Role::P);

    let pad = 4.0;
    let border = 0.9;
    let heading_size = ts.sizes.heading + 1.0;
    let icon = heading_size * 0.55;
    let inner_x = x + pad;
    let inner_w = w - 2.0 * pad;
    let mut d = Drawing::default();
    let mut col = ts.column(inner_x + icon + 3.0, inner_w - icon - 3.0, pad, Tag::Node(heading_node));
    col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.seek_help_heading }], heading_size, ALERT);
    let cap_top = pad + (ts.fonts.bold.ascender - 0.72) * heading_size * PT_TO_MM;
    warning_icon(inner_x + icon / 2.0, cap_top - icon * 0.12, icon, &mut d);
    col.gap(1.2);
    col.x = inner_x;
    col.width = inner_w;
    if let (Some(intro), Some(node)) = (&s.intro, intro_node) {
        col.tag = Tag::Node(node);
        col.paragraph(&[Span { weight: Weight::Bold, text: intro }], ts.sizes.body, Rgb::TEXT);
        col.gap(1.2);
    }
    let top = col.y;
    d.append(col.into_drawing());

    // The signs: one column, or two when that is clearly shorter.
    let signs: Vec<String> = s.signs.iter().map(|sign| capitalised(sign.trim())).collect();
    let one = signs_column(ts, &signs, &items, inner_x, inner_w, top);
    let col_gap = 6.0;
    let half = (inner_w - col_gap) / 2.0;
    let split = if half >= 60.0 && signs.len() >= 4 {
        // Balance the two columns by height: the first `k` signs on the left.
        (1..signs.len())
            .map(|k| {
                let left = signs_column(ts, &signs[..k], &items[..k], inner_x, half, top);
                let right = signs_column(ts, &signs[k..], &items[k..], inner_x + half + col_gap, half, top);
                (left.1.max(right.1), k, left, right)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    } else {
        None
    };
    let bottom = match split {
        Some((bottom, _, left, right)) if bottom < one.1 - 3.0 => {
            d.append(left.0);
            d.append(right.0);
            bottom
        }
        _ => {
            d.append(one.0);
            one.1
        }
    };

    // The numbers to call.
    let l = ts.labels;
    let brand = &ts.h.brand;
    let emergency = brand.emergency.clone().unwrap_or_else(|| l.emergency_default.clone());
    let mut col = ts.column(inner_x, inner_w, bottom + 1.0, Tag::Node(call_node));
    let mut spans: Vec<(Weight, String)> = Vec::new();
    if let Some(phone) = &brand.phone {
        spans.push((Weight::Bold, format!("{} ", l.call_clinic)));
        spans.push((Weight::Regular, format!("{}. ", phone.replace(' ', "\u{a0}"))));
    }
    spans.push((Weight::Bold, format!("{} ", l.emergency_call)));
    spans.push((Weight::Regular, format!("{emergency}.")));
    let spans: Vec<Span> = spans.iter().map(|(weight, text)| Span { weight: *weight, text }).collect();
    col.paragraph(&spans, ts.sizes.body, Rgb::TEXT);
    let height = col.y + pad - 1.0;
    d.append(col.into_drawing());

    let mut all = Drawing::default();
    all.push(
        Mark::Box {
            rect: Rect { x: x + border / 2.0, y: border / 2.0, w: w - border, h: height - border },
            fill: Some(ALERT.tint(0.94)),
            stroke: Some((ALERT, border)),
            radius: 2.5,
        },
        Tag::Artifact,
    );
    all.append(d);
    Block::single(RegionKind::SeekHelp, x, w, height, all, ts.sizes.gap, Kind::Closing)
}

/// A list of signs with bullets at (`x`, `y`), `w` wide: the drawing and the y below it.
fn signs_column(ts: &Typesetter, signs: &[String], nodes: &[(NodeId, NodeId)], x: f32, w: f32, y: f32) -> (Drawing, f32) {
    let size = ts.sizes.body;
    let bullet_w = size * 0.45;
    let mut d = Drawing::default();
    let mut y = y;
    for (sign, (label, body)) in signs.iter().zip(nodes) {
        let mut col = ts.column(x, w, y, Tag::Node(*body));
        col.paragraph_indented(
            &[Span { weight: Weight::Regular, text: sign }],
            size,
            Rgb::TEXT,
            Some(("\u{2022}", Weight::Bold, bullet_w, Tag::Node(*label))),
        );
        y = col.y + 0.7;
        d.append(col.into_drawing());
    }
    (d, y - 0.7)
}

/// A triangle with an exclamation mark, readable in grayscale.
fn warning_icon(cx: f32, top: f32, icon: f32, d: &mut Drawing) {
    d.push(
        Mark::Polygon { points: vec![(cx, top), (cx + icon / 2.0, top + icon * 0.88), (cx - icon / 2.0, top + icon * 0.88)], fill: ALERT },
        Tag::Artifact,
    );
    d.push(
        Mark::Box {
            rect: Rect { x: cx - icon * 0.055, y: top + icon * 0.3, w: icon * 0.11, h: icon * 0.33 },
            fill: Some(Rgb::WHITE),
            stroke: None,
            radius: 0.3,
        },
        Tag::Artifact,
    );
    d.push(Mark::Circle { center: (cx, top + icon * 0.74), radius: icon * 0.07, fill: Rgb::WHITE }, Tag::Artifact);
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
