//! The page-1 header: the brand band (logo, clinic name and contact details, the booking QR
//! code), the title, and a one-line strip with the patient, date and clinician.

use crate::fonts::Weight;
use crate::model::Rgb;

use super::column::{Drawing, Typesetter};
use super::flow::{Block, Kind};
use super::page::{LinkArea, Mark, NodeId, Rect, RegionKind, Role, Structure, Tag};
use super::wording::{date, printed_link, short_link};
use super::wrap::Span;

pub(crate) fn header(ts: &Typesetter) -> Block {
    let h = ts.h;
    let brand = &h.brand;
    let content_w = ts.content_w;
    let mut d = Drawing::default();
    // Reading order: the title, the patient strip, then the clinic and its booking link.
    let title_node = ts.node(Structure::ROOT, Role::H1);
    let strip_node = ts.node(Structure::ROOT, Role::P);
    let mut y = 0.0;

    if brand.name.is_some() || brand.logo.is_some() {
        let clinic = ts.node(Structure::ROOT, Role::P);
        let band_h = ts.sizes.logo_height.max(ts.sizes.qr);
        let mut text_x = ts.sizes.margin;
        if let Some(logo) = &brand.logo {
            let lh = ts.sizes.logo_height;
            let w = (lh * logo.aspect()).min(45.0);
            let hgt = w / logo.aspect();
            // Beside the clinic's name the logo is decoration: a screen reader would only read
            // the name twice. Alone, it is the clinic's name.
            let tag = match &brand.name {
                Some(_) => Tag::Artifact,
                None => Tag::Node(ts.node_alt(clinic, Role::Figure, String::new())),
            };
            d.push(Mark::Picture { rect: Rect { x: ts.sizes.margin, y: (band_h - hgt) / 2.0, w, h: hgt }, picture: logo.clone() }, tag);
            text_x += w + 4.0;
        }
        let mut right = 0.0;
        if let Some(booking) = &brand.booking {
            let side = ts.sizes.qr;
            let qr_x = ts.sizes.margin + content_w - side;
            let link = ts.node_alt(Structure::ROOT, Role::Link, format!("{}: {}", ts.labels.book_next_visit, booking.url));
            let figure = ts.node_alt(link, Role::Figure, format!("QR code: {} ({})", ts.labels.book_next_visit, booking.url));
            let qr_rect = Rect { x: qr_x, y: (band_h - side) / 2.0, w: side, h: side };
            d.push(Mark::Qr { rect: qr_rect, qr: booking.qr.clone() }, Tag::Node(figure));
            d.links.push(LinkArea { rect: qr_rect, url: booking.url.clone(), node: link });
            let size = ts.sizes.small;
            let label = &ts.labels.book_next_visit;
            let shown = printed_link(&booking.url, 40);
            // As wide as the label, or the link when that keeps it on one line; a longer link
            // wraps under the label (two lines at most).
            let link_w = ts.width(Weight::Regular, size, &shown);
            let label_w = ts.width(Weight::Bold, size, label).max(if link_w <= 55.0 { link_w } else { 0.0 }).clamp(30.0, 55.0);
            let link_lines = super::wrap::wrap(ts.fonts, size, &[Span { weight: Weight::Regular, text: &shown }], label_w).len().min(2);
            let text_h = (1 + link_lines) as f32 * ts.line_height(size);
            let mut col = ts.column(qr_x - label_w - 2.0, label_w, ((band_h - text_h) / 2.0).max(0.0), Tag::Node(link));
            let top = col.y;
            col.paragraph(&[Span { weight: Weight::Bold, text: label }], size, brand.primary);
            col.paragraph(&[Span { weight: Weight::Regular, text: &shown }], size, ts.theme.muted);
            d.links.push(LinkArea { rect: Rect { x: col.x, y: top, w: label_w, h: col.y - top }, url: booking.url.clone(), node: link });
            d.append(col.into_drawing());
            right = side + label_w + 5.0;
        }
        let text_w = ts.sizes.margin + content_w - right - text_x;
        let mut col = ts.column(text_x, text_w, 0.0, Tag::Node(clinic));
        if let Some(name) = &brand.name {
            col.paragraph(&[Span { weight: Weight::Bold, text: name }], ts.sizes.clinic_name, brand.primary);
        }
        let mut contact = Drawing::default();
        let bottom = contact_lines(ts, text_x, text_w, col.y, clinic, &mut contact);
        col.y = bottom;
        if let Some(address) = &brand.address {
            col.paragraph(&[Span { weight: Weight::Regular, text: address }], ts.sizes.small, Rgb::TEXT);
        }
        let text_h = col.y;
        // Centre the clinic's text in the band when it is shorter.
        let shift = ((band_h - text_h) / 2.0).max(0.0);
        d.append(col.into_drawing().shifted(shift));
        d.append(contact.shifted(shift));
        y = band_h.max(text_h) + 2.0;
        d.push(
            Mark::Box { rect: Rect { x: ts.sizes.margin, y, w: content_w, h: 0.8 }, fill: Some(brand.primary), stroke: None, radius: 0.0 },
            Tag::Artifact,
        );
        y += 0.8 + 3.0;
    }

    let mut col = ts.column(ts.sizes.margin, content_w, y, Tag::Node(title_node));
    col.paragraph(&[Span { weight: Weight::Bold, text: &h.title }], ts.sizes.title, Rgb::TEXT);
    y = col.y + 1.5;
    d.append(col.into_drawing());

    // Patient, date, clinician on one line (wrapping only when they cannot fit).
    let l = ts.labels;
    let fields: Vec<(&str, String)> =
        [(&l.patient, h.patient.clone()), (&l.date, h.date.map(|dt| date(l, dt))), (&l.clinician, h.clinician.clone())]
            .into_iter()
            .filter_map(|(label, v)| v.map(|v| (label.as_str(), v)))
            .collect();
    if !fields.is_empty() {
        let size = ts.sizes.body;
        let (pad_x, pad_y) = (3.0, 1.6);
        let lh = ts.line_height(size);
        let (mut x, mut line_y) = (ts.sizes.margin + pad_x, y + pad_y);
        let mut strip = Drawing::default();
        let line_w = content_w - 2.0 * pad_x;
        // Whether the last field was longer than a line (and `line_y` is already below it).
        let mut past_last_line = false;
        for (label, value) in &fields {
            let label = format!("{label} ");
            let w = ts.width(Weight::Regular, size, &label) + ts.width(Weight::Bold, size, value);
            if x > ts.sizes.margin + pad_x && x + w > ts.sizes.margin + pad_x + line_w {
                x = ts.sizes.margin + pad_x;
                line_y += lh;
            }
            let mut col = ts.column(x, ts.sizes.margin + pad_x + line_w - x, line_y, Tag::Node(strip_node));
            col.paragraph(&[Span { weight: Weight::Regular, text: &label }, Span { weight: Weight::Bold, text: value }], size, Rgb::TEXT);
            if col.y - line_y > lh + 0.01 {
                // A value longer than the line: the next field starts on a line of its own.
                line_y = col.y;
                x = ts.sizes.margin + pad_x + line_w + 1.0;
                past_last_line = true;
            } else {
                x += w + 7.0;
                past_last_line = false;
            }
            strip.append(col.into_drawing());
        }
        // `line_y` is the top of the last line used.
        if past_last_line {
            line_y -= lh;
        }
        let strip_h = line_y + lh + pad_y - 0.6 - y;
        d.push(
            Mark::Box {
                rect: Rect { x: ts.sizes.margin, y, w: content_w, h: strip_h },
                fill: Some(brand.primary.tint(0.9)),
                stroke: None,
                radius: 1.5,
            },
            Tag::Artifact,
        );
        d.append(strip);
        y += strip_h;
    }
    Block::single(RegionKind::Header, ts.sizes.margin, content_w, y, d, ts.sizes.gap, Kind::Other)
}

/// The clinic's phone, email and website on one line (more if they do not fit), the email and
/// website as links. Returns the y below.
fn contact_lines(ts: &Typesetter, x0: f32, w: f32, y: f32, node: NodeId, d: &mut Drawing) -> f32 {
    let brand = &ts.h.brand;
    let size = ts.sizes.small;
    let lh = ts.line_height(size);
    let pieces: Vec<(String, Option<String>)> = [
        brand.phone.clone().map(|p| (p, None)),
        brand.email.clone().map(|e| (e.clone(), Some(format!("mailto:{e}")))),
        brand.website.clone().map(|w| (short_link(&w), Some(w))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if pieces.is_empty() {
        return y;
    }
    let sep = "  \u{00B7}  ";
    let sep_w = ts.width(Weight::Regular, size, sep);
    let (mut x, mut line_y) = (x0, y);
    for (i, (text, url)) in pieces.iter().enumerate() {
        let tw = ts.width(Weight::Regular, size, text);
        if i > 0 {
            if x + sep_w + tw > x0 + w {
                x = x0;
                line_y += lh;
            } else {
                let run = ts.run(x, line_y + ts.ascent(Weight::Regular, size), size, Weight::Regular, Rgb::TEXT, sep.to_string());
                d.push(Mark::Text(run), Tag::Artifact);
                x += sep_w;
            }
        }
        let shown = ts.fit_line(Weight::Regular, size, text, w);
        let run = ts.run(x, line_y + ts.ascent(Weight::Regular, size), size, Weight::Regular, Rgb::TEXT, shown);
        let rect = run.bounds();
        match url {
            Some(url) => {
                let link = ts.node_alt(node, Role::Link, format!("{text} ({url})"));
                d.push(Mark::Text(run), Tag::Node(link));
                d.links.push(LinkArea { rect, url: url.clone(), node: link });
            }
            None => d.push(Mark::Text(run), Tag::Node(node)),
        }
        x += tw;
    }
    line_y + lh
}
