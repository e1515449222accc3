//! One exercise card: number badge and name, picture, start position, numbered steps, dosage,
//! the clinician's note, cautions and the video QR code.

use std::sync::Arc;

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::{Exercise, Picture, Rgb};

use super::column::{TextColumn, Typesetter};
use super::page::{Mark, Rect};
use super::wording::{dosage_line, short_link};
use super::wrap::Span;

const CARD_PAD: f32 = 4.0;
const ACCENT_W: f32 = 1.5;

/// The frame of a card: a light border and the brand-coloured accent bar on the left.
pub(crate) fn card_frame(ts: &Typesetter, x: f32, w: f32, height: f32) -> Vec<Mark> {
    let stroke = if ts.h.style.large_print { 0.5 } else { 0.35 };
    vec![
        // The stroke is centred on the path: inset by half so the frame stays inside the block.
        Mark::Box {
            rect: Rect { x: x + stroke / 2.0, y: stroke / 2.0, w: w - stroke, h: height - stroke },
            fill: None,
            stroke: Some((ts.theme.rule, stroke)),
            radius: 2.0,
        },
        Mark::Box { rect: Rect { x, y: 0.0, w: ACCENT_W, h: height }, fill: Some(ts.primary), stroke: None, radius: 0.0 },
    ]
}

/// One exercise card's content (without its frame) and its height. `stacked` puts the picture
/// above the text (compact layout); otherwise mark sits to the left of the steps.
pub(crate) fn card(ts: &Typesetter, index: usize, e: &Exercise, x: f32, w: f32, stacked: bool) -> (Vec<Mark>, f32) {
    let sizes = &ts.sizes;
    let l = ts.labels;
    let inner_x = x + ACCENT_W + CARD_PAD;
    let inner_w = w - ACCENT_W - 2.0 * CARD_PAD;
    let mut marks = Vec::new();

    // Compact cards put the picture top left, with the name and starting position beside mark.
    let side_picture = stacked && e.picture.is_some();
    let pw_side = inner_w.min(sizes.picture_width);
    let (head_x, head_w) = if side_picture { (inner_x + pw_side + 3.0, inner_w - pw_side - 3.0) } else { (inner_x, inner_w) };

    // Number badge and name.
    let badge_r = sizes.card_name * 0.28;
    let name_size = sizes.card_name;
    let mut name_col = ts.column(head_x + 2.0 * badge_r + 3.0, head_w - 2.0 * badge_r - 3.0, CARD_PAD);
    name_col.paragraph(&[Span { weight: Weight::Bold, text: &e.name }], name_size, Rgb::TEXT);
    let first_baseline = CARD_PAD + ts.fonts.bold.ascender * name_size * PT_TO_MM;
    let cap_mid = first_baseline - 0.35 * name_size * PT_TO_MM;
    marks.push(Mark::Circle { center: (head_x + badge_r, cap_mid), radius: badge_r, fill: ts.primary });
    let num = (index + 1).to_string();
    let num_size = name_size * 0.8;
    let num_w = ts.fonts.bold.width_mm(&num, num_size);
    marks.push(Mark::Text(ts.run(
        head_x + badge_r - num_w / 2.0,
        cap_mid + 0.36 * num_size * PT_TO_MM,
        num_size,
        Weight::Bold,
        Rgb::WHITE,
        num,
    )));
    let body_top = name_col.y.max(cap_mid + badge_r) + 2.5;
    marks.extend(name_col.marks);

    let start_line = |col: &mut TextColumn, pos: &str| {
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.start) }, Span { weight: Weight::Regular, text: pos }],
            sizes.body,
            ts.theme.muted,
        );
        col.gap(1.0);
    };

    // The picture: left of the steps, or (compact) top left beside the name.
    let picture_frame = |p: &Arc<Picture>, frame: Rect, marks: &mut Vec<Mark>| {
        marks.push(Mark::Box { rect: frame, fill: None, stroke: Some((ts.theme.rule, 0.3)), radius: 1.5 });
        let inset = 1.0;
        let (aw, ah) = (frame.w - 2.0 * inset, frame.h - 2.0 * inset);
        let (dw, dh) = if p.aspect() > aw / ah { (aw, aw / p.aspect()) } else { (ah * p.aspect(), ah) };
        marks.push(Mark::Picture {
            rect: Rect { x: frame.x + (frame.w - dw) / 2.0, y: frame.y + (frame.h - dh) / 2.0, w: dw, h: dh },
            picture: p.clone(),
        });
    };
    let mut start_done = false;
    let (text_x, text_w, text_top, pic_bottom) = match &e.picture {
        Some(p) if side_picture => {
            let ph = pw_side / 1.5;
            picture_frame(p, Rect { x: inner_x, y: CARD_PAD, w: pw_side, h: ph }, &mut marks);
            let mut head = ts.column(head_x, head_w, body_top);
            if let Some(pos) = &e.position {
                start_line(&mut head, pos);
                start_done = true;
            }
            let top = head.y.max(CARD_PAD + ph + 2.5);
            marks.extend(head.marks);
            (inner_x, inner_w, top, CARD_PAD + ph)
        }
        Some(p) => {
            let pw = sizes.picture_width;
            let ph = pw / 1.5;
            picture_frame(p, Rect { x: inner_x, y: body_top, w: pw, h: ph }, &mut marks);
            (inner_x + pw + 5.0, inner_w - pw - 5.0, body_top, body_top + ph)
        }
        None => (inner_x, inner_w, body_top, body_top),
    };

    let mut col = ts.column(text_x, text_w, text_top);
    if let (Some(pos), false) = (&e.position, start_done) {
        start_line(&mut col, pos);
    }
    let marker_w = ts.fonts.bold.width_mm("10.", sizes.body) + 1.5;
    for (i, step) in e.steps.iter().enumerate() {
        let m = format!("{}.", i + 1);
        col.paragraph_indented(&[Span { weight: Weight::Regular, text: step }], sizes.body, Rgb::TEXT, Some((&m, Weight::Bold, marker_w)));
        col.gap(0.8);
    }
    marks.extend(col.marks);

    // Below the picture and steps, across the whole card: dosage, clinician's note, cautions, video.
    let mut col = ts.column(inner_x, inner_w, col.y.max(pic_bottom) + 2.5);
    let dose = dosage_line(&e.dosage, l);
    if !dose.is_empty() {
        let top = col.y;
        let pill_pad = 1.8;
        col.y += pill_pad;
        col.x += 3.0;
        col.width -= 6.0;
        col.paragraph(&[Span { weight: Weight::Bold, text: &dose }], sizes.dosage, Rgb::TEXT);
        col.x -= 3.0;
        col.width += 6.0;
        col.y += pill_pad - 1.0;
        let fill = if ts.h.style.large_print { ts.primary.tint(0.85) } else { ts.primary.tint(0.88) };
        col.marks.insert(
            0,
            Mark::Box { rect: Rect { x: inner_x, y: top, w: inner_w, h: col.y - top }, fill: Some(fill), stroke: None, radius: 1.5 },
        );
        col.gap(1.8);
    }
    if let Some(n) = &e.notes {
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.your_clinician) }, Span { weight: Weight::Regular, text: n }],
            sizes.body,
            Rgb::TEXT,
        );
        col.gap(0.8);
    }
    if !e.cautions.is_empty() {
        let joined = e.cautions.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" ");
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &format!("{} ", l.take_care) }, Span { weight: Weight::Regular, text: &joined }],
            sizes.body,
            ts.theme.muted,
        );
        col.gap(0.8);
    }
    if let Some(video) = &e.video {
        let side = sizes.qr;
        let top = col.y;
        marks.push(Mark::Qr { rect: Rect { x: inner_x - 1.0, y: top, w: side, h: side }, qr: video.qr.clone() });
        let mut label = ts.column(inner_x + side + 1.0, inner_w - side - 1.0, top + side / 2.0 - ts.line_height(sizes.body));
        label.paragraph(&[Span { weight: Weight::Bold, text: &l.video }], sizes.body, Rgb::TEXT);
        let link = short_link(&video.url);
        label.paragraph(&[Span { weight: Weight::Regular, text: &link }], sizes.body, ts.theme.muted);
        marks.extend(label.marks);
        col.y = top + side;
    }
    marks.extend(col.marks);
    (marks, col.y + CARD_PAD - 1.0)
}
