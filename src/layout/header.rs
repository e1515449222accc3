//! The page-1 header (clinic, title, patient strip) and the running header of later pages.

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::Rgb;

use super::column::Typesetter;
use super::flow::Block;
use super::page::{Mark, Page, Rect, RegionKind};
use super::style::MARGIN;
use super::wording::{date, short_link};
use super::wrap::Span;

pub(crate) fn running_header_height(ts: &Typesetter) -> f32 {
    ts.line_height(ts.sizes.small) + 5.0
}

/// Pages after the first carry the title and patient, so a loose page is still identifiable.
pub(crate) fn running_header(page: &mut Page, ts: &Typesetter) {
    let h = ts.h;
    let mut text = h.title.clone();
    if let Some(p) = &h.patient {
        text = format!("{text} \u{2014} {p}");
    }
    let baseline = MARGIN + ts.fonts.regular.ascender * ts.sizes.small * PT_TO_MM;
    let line = ts.fit_line(Weight::Regular, ts.sizes.small, &text, ts.content_w);
    page.marks.push(Mark::Text(ts.run(MARGIN, baseline, ts.sizes.small, Weight::Regular, ts.theme.muted, line)));
    let rule_y = MARGIN + ts.line_height(ts.sizes.small) + 1.5;
    page.marks.push(Mark::Line { from: (MARGIN, rule_y), to: (MARGIN + ts.content_w, rule_y), color: ts.theme.rule, width: 0.3 });
}

pub(crate) fn header(ts: &Typesetter) -> Block {
    let h = ts.h;
    let brand = &h.brand;
    let content_w = ts.content_w;
    let mut marks = Vec::new();
    let mut y = 0.0;

    // Clinic block: logo, name and contact, and a booking QR code. Absent for the neutral brand.
    let contact: Vec<String> =
        [brand.phone.clone(), brand.email.clone(), brand.website.as_deref().map(short_link)].into_iter().flatten().collect();
    // Large print: the clinic's phone and address at body size, for the patient who needs them most.
    let large = h.style.large_print;
    let contact_size = if large { ts.sizes.body } else { 10.5 };
    if brand.name.is_some() || brand.logo.is_some() {
        let logo_h = 18.0;
        let mut text_x = 0.0;
        if let Some(logo) = &brand.logo {
            let w = (logo_h * logo.aspect()).min(45.0);
            let hgt = w / logo.aspect();
            marks.push(Mark::Picture { rect: Rect { x: MARGIN, y: (logo_h - hgt) / 2.0, w, h: hgt }, picture: logo.clone() });
            text_x = w + 5.0;
        }
        let mut right = 0.0;
        let mut block_h = logo_h;
        if let Some(booking) = &brand.booking {
            let side = ts.sizes.qr;
            let qr_x = MARGIN + content_w - side;
            marks.push(Mark::Qr { rect: Rect { x: qr_x, y: 0.0, w: side, h: side }, qr: booking.qr.clone() });
            let label = &ts.labels.book_next_visit;
            let size = contact_size;
            let label_w = ts.fonts.bold.width_mm(label, size).min(45.0);
            let mut col = ts.column(qr_x - label_w - 1.0, label_w, side / 2.0 - ts.line_height(size) * 0.5);
            col.paragraph(&[Span { weight: Weight::Bold, text: label }], size, brand.primary);
            marks.extend(col.marks);
            right = side + label_w + 4.0;
            block_h = block_h.max(side);
        }
        let mut col = ts.column(MARGIN + text_x, content_w - text_x - right, 0.5);
        if let Some(name) = &brand.name {
            col.paragraph(&[Span { weight: Weight::Bold, text: name }], if large { 19.0 } else { 15.0 }, brand.primary);
        }
        if !contact.is_empty() {
            let line = contact.join("  \u{00B7}  ");
            col.paragraph(&[Span { weight: Weight::Regular, text: &line }], contact_size, ts.theme.muted);
        }
        if let Some(address) = &brand.address {
            col.paragraph(&[Span { weight: Weight::Regular, text: address }], contact_size, ts.theme.muted);
        }
        block_h = block_h.max(col.y);
        marks.extend(col.marks);
        y = block_h + 3.0;
        marks.push(Mark::Box { rect: Rect { x: MARGIN, y, w: content_w, h: 1.2 }, fill: Some(brand.primary), stroke: None, radius: 0.0 });
        y += 1.2 + 6.0;
    }

    // Title.
    let mut col = ts.column(MARGIN, content_w, y);
    col.paragraph(&[Span { weight: Weight::Bold, text: &h.title }], ts.sizes.title, Rgb::TEXT);
    col.gap(2.5);
    marks.extend(col.marks);
    y = col.y;

    // Patient, date, clinician: labelled columns in a tinted strip.
    let l = ts.labels;
    let fields: Vec<(&str, String)> =
        [(&l.patient, h.patient.clone()), (&l.date, h.date.map(|d| date(l, d))), (&l.clinician, h.clinician.clone())]
            .into_iter()
            .filter_map(|(label, v)| v.map(|v| (label.as_str(), v)))
            .collect();
    if !fields.is_empty() {
        let pad = 3.5;
        let col_w = (content_w - 2.0 * pad) / fields.len() as f32;
        let mut bottom: f32 = 0.0;
        let mut cols = Vec::new();
        let (label_size, value_size) = if ts.h.style.large_print { (ts.sizes.body, ts.sizes.body + 1.0) } else { (10.5, 12.5) };
        for (i, (label, value)) in fields.iter().enumerate() {
            let mut c = ts.column(MARGIN + pad + i as f32 * col_w, col_w - 3.0, y + pad);
            c.paragraph(&[Span { weight: Weight::Regular, text: label }], label_size, ts.theme.muted);
            c.paragraph(&[Span { weight: Weight::Bold, text: value }], value_size, Rgb::TEXT);
            bottom = bottom.max(c.y);
            cols.push(c.marks);
        }
        let strip_h = bottom - y + pad - 1.0;
        marks.push(Mark::Box {
            rect: Rect { x: MARGIN, y, w: content_w, h: strip_h },
            fill: Some(brand.primary.tint(0.9)),
            stroke: None,
            radius: 2.0,
        });
        marks.extend(cols.into_iter().flatten());
        y += strip_h;
    }
    Block::single(RegionKind::Header, MARGIN, content_w, y, marks, 6.0)
}
