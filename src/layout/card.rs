//! One exercise card. Standard layout: the number and name and the dose strip across the top;
//! below them the picture on the left, with the clinician's note, the cautions and the video
//! link under it, and the start position and the numbered steps on the right. Whichever of the note, cautions and video fit
//! better on the right go there, so neither column has dead space. Compact layout: the picture
//! on top with the name and dose beside it, the rest below.

use std::sync::Arc;

use crate::fonts::{Weight, PT_TO_MM};
use crate::model::{Exercise, Picture, Rgb};

use super::column::{Drawing, Typesetter};
use super::page::{LinkArea, Mark, NodeId, Rect, Role, Structure, Tag};
use super::wording::{dose_cells, elide_middle, printed_links};
use super::wrap::Span;

const ACCENT_W: f32 = 1.5;
const COLUMN_GAP: f32 = 4.5;

/// The structure of one card, in reading order: name, picture, start, steps, dose, note,
/// cautions, video.
struct Nodes {
    heading: NodeId,
    figure: Option<NodeId>,
    start: Option<NodeId>,
    /// Each step's label and body.
    steps: Vec<(NodeId, NodeId)>,
    dose: NodeId,
    note: Option<NodeId>,
    cautions: Option<NodeId>,
    video: Option<NodeId>,
}

impl Nodes {
    fn new(ts: &Typesetter, e: &Exercise) -> Nodes {
        let sect = ts.node(Structure::ROOT, Role::Sect);
        let heading = ts.node(sect, Role::H2);
        let figure = e.picture.as_ref().map(|_| ts.node_alt(sect, Role::Figure, e.alt.clone()));
        let start = e.position.as_ref().map(|_| ts.node(sect, Role::P));
        let list = ts.node(sect, Role::L);
        let steps = e
            .steps
            .iter()
            .map(|_| {
                let item = ts.node(list, Role::LI);
                (ts.node(item, Role::Lbl), ts.node(item, Role::LBody))
            })
            .collect();
        let dose = ts.node(sect, Role::P);
        let note = e.notes.as_ref().map(|_| ts.node(sect, Role::P));
        let cautions = (!e.cautions.is_empty()).then(|| ts.node(sect, Role::P));
        let video = e.video.as_ref().map(|v| {
            let link = ts.node_alt(sect, Role::Link, format!("{}: {} ({})", ts.labels.video, e.name, v.url));
            let qr = ts.node_alt(link, Role::Figure, format!("QR code: {} ({})", ts.labels.video, v.url));
            let _ = qr;
            link
        });
        Nodes { heading, figure, start, steps, dose, note, cautions, video }
    }

    /// The QR code's figure, the first child of the video link.
    fn video_figure(&self, ts: &Typesetter) -> Option<NodeId> {
        self.video.and_then(|v| ts.structure.borrow().nodes[v].children.first().copied())
    }
}

/// The frame of a card: a light border and the brand-coloured accent bar on the left.
pub(crate) fn card_frame(ts: &Typesetter, x: f32, w: f32, height: f32) -> Drawing {
    let stroke = if ts.h.style.large_print { 0.5 } else { 0.35 };
    let mut d = Drawing::default();
    // The stroke is centred on the path: inset by half so the frame stays inside the block.
    d.push(
        Mark::Box {
            rect: Rect { x: x + stroke / 2.0, y: stroke / 2.0, w: w - stroke, h: height - stroke },
            fill: None,
            stroke: Some((ts.theme.rule, stroke)),
            radius: 2.0,
        },
        Tag::Artifact,
    );
    d.push(
        Mark::Box { rect: Rect { x, y: 0.0, w: ACCENT_W, h: height }, fill: Some(ts.primary), stroke: None, radius: 0.0 },
        Tag::Artifact,
    );
    d
}

/// A standard card (picture beside the steps) at `x`, `w` mm wide: its content (without the
/// frame) and its height.
pub(crate) fn card(ts: &Typesetter, index: usize, e: &Exercise, x: f32, w: f32) -> (Drawing, f32) {
    let nodes = Nodes::new(ts, e);
    // The dose across the whole card or beside the picture, whichever is shorter.
    let across = card_variant(ts, index, e, x, w, &nodes, true);
    let beside = card_variant(ts, index, e, x, w, &nodes, false);
    if beside.1 < across.1 - 0.5 {
        beside
    } else {
        across
    }
}

#[allow(clippy::too_many_arguments)]
fn card_variant(ts: &Typesetter, index: usize, e: &Exercise, x: f32, w: f32, nodes: &Nodes, dose_across: bool) -> (Drawing, f32) {
    let pad = ts.sizes.card_pad;
    let inner_x = x + ACCENT_W + pad;
    let inner_w = w - ACCENT_W - 2.0 * pad;
    let pic_w = if e.picture.is_some() { ts.sizes.picture_width.min(inner_w * 0.45) } else { 0.0 };
    let gap = if e.picture.is_some() { COLUMN_GAP } else { 0.0 };
    let (text_x, text_w) = (inner_x + pic_w + gap, inner_w - pic_w - gap);

    let mut main = Drawing::default();
    let (top, y) = if dose_across {
        // The number, the name and the dose across the card; the picture beside the steps.
        let top = heading(ts, index, e, inner_x, inner_w, pad, nodes.heading, &mut main);
        let top = dose_strip(ts, e, inner_x, inner_w, top + 1.5, nodes.dose, &mut main) + 2.5;
        (top, start_and_steps(ts, e, text_x, text_w, top, nodes, &mut main))
    } else {
        // The picture from the top, the number, name and dose beside it above the steps.
        let y = heading(ts, index, e, text_x, text_w, pad, nodes.heading, &mut main);
        let y = dose_strip(ts, e, text_x, text_w, y + 1.5, nodes.dose, &mut main) + 2.0;
        (pad, start_and_steps(ts, e, text_x, text_w, y, nodes, &mut main))
    };

    let mut left_y = top;
    if let (Some(p), Some(fig)) = (&e.picture, nodes.figure) {
        left_y += picture(ts, p, inner_x, top, pic_w, fig, &mut main) + 2.5;
    }
    // The note, the cautions and the video go under the picture, under the steps, or across
    // the card below both, whichever makes the card shortest (under the picture when it is all
    // the same). Three places for each of at most three extras: at most 27 trials.
    let extras = extras(ts, e, nodes);
    let place_count = if e.picture.is_some() { 3usize } else { 1 };
    // How tall each extra is in each place, typeset once: an extra's height does not depend
    // on where it starts.
    let mut scratch = Drawing::default();
    // Without a picture there is one place, under the steps.
    let mut height = |extra: &Extra, width: f32, used: bool| if used { extra.draw(ts, inner_x, width, 0.0, &mut scratch) } else { 0.0 };
    let beside = place_count > 1;
    let heights: Vec<[f32; 3]> =
        extras.iter().map(|x| [height(x, pic_w, beside), height(x, text_w, true), height(x, inner_w, beside)]).collect();
    let trials = place_count.pow(extras.len() as u32);
    let mut best: Option<(f32, usize)> = None;
    for trial in 0..trials {
        let places = places_of(trial, extras.len(), place_count);
        let (_, height) = arrange(&heights, &places, left_y, y + 1.0);
        if best.is_none_or(|(h, _)| height < h - 0.5) {
            best = Some((height, trial));
        }
    }
    let places = places_of(best.map_or(0, |(_, t)| t), extras.len(), place_count);
    let (tops, bottom) = arrange(&heights, &places, left_y, y + 1.0);
    for ((extra, place), top) in extras.iter().zip(&places).zip(tops) {
        let (x, w) = match place {
            Place::UnderPicture => (inner_x, pic_w),
            Place::UnderSteps => (text_x, text_w),
            Place::Across => (inner_x, inner_w),
        };
        extra.draw(ts, x, w, top, &mut main);
    }
    let bottom = bottom.max(y).max(left_y - 2.5);
    (main, bottom + pad)
}

/// Where an extra goes on a standard card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    UnderPicture,
    UnderSteps,
    Across,
}

/// The places of `n` extras for trial number `trial` (base `count`; one place: under the steps).
fn places_of(trial: usize, n: usize, count: usize) -> Vec<Place> {
    let mut t = trial;
    (0..n)
        .map(|_| {
            let p = if count == 1 { Place::UnderSteps } else { [Place::UnderPicture, Place::UnderSteps, Place::Across][t % count] };
            t /= count.max(1);
            p
        })
        .collect()
}

/// Where each extra starts, and the bottom of the card's content, with the extras `heights`
/// tall under the picture, under the steps and across (see `card_variant`) in `places`; the
/// columns end at `left` and `right`, and extras across start below both.
fn arrange(heights: &[[f32; 3]], places: &[Place], left: f32, right: f32) -> (Vec<f32>, f32) {
    let (mut l, mut r) = (left, right);
    let mut tops = vec![0.0; heights.len()];
    for ((h, place), top) in heights.iter().zip(places).zip(&mut tops) {
        match place {
            Place::UnderPicture => (*top, l) = (l, l + h[0] + 2.0),
            Place::UnderSteps => (*top, r) = (r, r + h[1] + 2.0),
            Place::Across => {}
        }
    }
    let mut across = l.max(r);
    for ((h, place), top) in heights.iter().zip(places).zip(&mut tops) {
        if *place == Place::Across {
            (*top, across) = (across, across + h[2] + 2.0);
        }
    }
    (tops, across - 2.0)
}

/// A compact card (two to a row): the picture on top with the number, name and dose beside
/// it, then the start, the steps, and the note, cautions and video across the card.
pub(crate) fn compact_card(ts: &Typesetter, index: usize, e: &Exercise, x: f32, w: f32) -> (Drawing, f32) {
    let nodes = Nodes::new(ts, e);
    let pad = ts.sizes.card_pad;
    let inner_x = x + ACCENT_W + pad;
    let inner_w = w - ACCENT_W - 2.0 * pad;
    let mut d = Drawing::default();
    let pic_w = ts.sizes.picture_width.min(inner_w);
    let (beside_x, beside_w) = (inner_x + pic_w + 3.0, inner_w - pic_w - 3.0);
    // With a picture, the number, name and dose go beside it; without (or with no room beside
    // it), across the top.
    let (below, dose_x, dose_w, dose_y) = match (&e.picture, nodes.figure) {
        (Some(p), Some(fig)) if beside_w >= 24.0 => {
            let below = pad + picture(ts, p, inner_x, pad, pic_w, fig, &mut d);
            let name_bottom = heading(ts, index, e, beside_x, beside_w, pad, nodes.heading, &mut d);
            (below, beside_x, beside_w, name_bottom + 1.5)
        }
        (pic, figure) => {
            let mut y = heading(ts, index, e, inner_x, inner_w, pad, nodes.heading, &mut d) + 1.5;
            if let (Some(p), Some(fig)) = (pic, figure) {
                y += picture(ts, p, inner_x, y, pic_w, fig, &mut d) + 1.5;
            }
            (y, inner_x, inner_w, y)
        }
    };
    let dose_bottom = dose_lines(ts, e, dose_x, dose_w, dose_y, nodes.dose, &mut d);
    let mut y = start_and_steps(ts, e, inner_x, inner_w, below.max(dose_bottom) + 2.0, &nodes, &mut d);
    for extra in extras(ts, e, &nodes) {
        y = extra.draw(ts, inner_x, inner_w, y + 1.5, &mut d);
    }
    (d, y + pad)
}

/// The dose as "label value" lines (compact cards, beside the picture).
fn dose_lines(ts: &Typesetter, e: &Exercise, x: f32, w: f32, y: f32, node: NodeId, d: &mut Drawing) -> f32 {
    let mut col = ts.column(x, w, y, Tag::Node(node));
    for cell in dose_cells(&e.dosage, e.limbs, ts.labels) {
        let label = format!("{} ", cell.label);
        col.paragraph(
            &[Span { weight: Weight::Bold, text: &label }, Span { weight: Weight::Regular, text: &cell.value }],
            ts.sizes.body,
            Rgb::TEXT,
        );
    }
    let y = col.y;
    d.append(col.into_drawing());
    y
}

/// The number badge and the name; returns the y below them.
#[allow(clippy::too_many_arguments)]
fn heading(ts: &Typesetter, index: usize, e: &Exercise, x: f32, w: f32, y: f32, node: NodeId, d: &mut Drawing) -> f32 {
    let size = ts.sizes.card_name;
    let badge_r = size * 0.28;
    let mut name = ts.column(x + 2.0 * badge_r + 2.5, w - 2.0 * badge_r - 2.5, y, Tag::Node(node));
    name.paragraph(&[Span { weight: Weight::Bold, text: &e.name }], size, Rgb::TEXT);
    let first_baseline = y + ts.ascent(Weight::Bold, size);
    let cap_mid = first_baseline - 0.35 * size * PT_TO_MM;
    d.push(Mark::Circle { center: (x + badge_r, cap_mid), radius: badge_r, fill: ts.primary }, Tag::Artifact);
    let num = (index + 1).to_string();
    let num_size = size * 0.8;
    let num_w = ts.width(Weight::Bold, num_size, &num);
    d.push(
        Mark::Text(ts.run(x + badge_r - num_w / 2.0, cap_mid + 0.36 * num_size * PT_TO_MM, num_size, Weight::Bold, Rgb::WHITE, num)),
        Tag::Node(node),
    );
    let bottom = name.y.max(cap_mid + badge_r);
    d.append(name.into_drawing());
    bottom
}

/// The picture, fitted into a box `w` wide (3:2); returns its height.
fn picture(ts: &Typesetter, p: &Arc<Picture>, x: f32, y: f32, w: f32, node: NodeId, d: &mut Drawing) -> f32 {
    let _ = ts;
    let boxed_h = w / 1.5;
    let (dw, dh) = if p.aspect() > 1.5 { (w, w / p.aspect()) } else { (boxed_h * p.aspect(), boxed_h) };
    d.push(Mark::Picture { rect: Rect { x: x + (w - dw) / 2.0, y, w: dw, h: dh }, picture: p.clone() }, Tag::Node(node));
    dh
}

/// The dose as a tinted strip of labelled cells (label above value), wrapping to more rows
/// when they do not fit across. Returns the y below it; nothing when there is no dose.
fn dose_strip(ts: &Typesetter, e: &Exercise, x: f32, w: f32, y: f32, node: NodeId, d: &mut Drawing) -> f32 {
    let cells = dose_cells(&e.dosage, e.limbs, ts.labels);
    if cells.is_empty() {
        return y - 2.0;
    }
    let (label_size, value_size) = (ts.sizes.small, ts.sizes.dose_value);
    let (pad_x, pad_y, cell_gap) = (2.5, 1.4, 4.0);
    let row_h = ts.line_height(label_size) + ts.line_height(value_size);
    let mut strip = Drawing::default();
    let (mut cx, mut cy) = (x + pad_x, y + pad_y);
    for cell in &cells {
        let cw = ts.width(Weight::Bold, label_size, &cell.label).max(ts.width(Weight::Bold, value_size, &cell.value));
        let cw = cw.min(w - 2.0 * pad_x);
        if cx > x + pad_x && cx + cw > x + w - pad_x {
            cx = x + pad_x;
            cy += row_h + 1.0;
        }
        let mut col = ts.column(cx, cw, cy, Tag::Node(node));
        col.paragraph(&[Span { weight: Weight::Bold, text: &cell.label }], label_size, ts.primary);
        col.paragraph(&[Span { weight: Weight::Bold, text: &cell.value }], value_size, Rgb::TEXT);
        cy = cy.max(col.y - row_h);
        strip.append(col.into_drawing());
        cx += cw + cell_gap;
    }
    let bottom = cy + row_h + pad_y - 0.5;
    let fill = ts.primary.tint(if ts.h.style.large_print { 0.85 } else { 0.88 });
    d.push(Mark::Box { rect: Rect { x, y, w, h: bottom - y }, fill: Some(fill), stroke: None, radius: 1.5 }, Tag::Artifact);
    d.append(strip);
    bottom
}

/// "Start: ..." and the numbered steps; returns the y below them.
fn start_and_steps(ts: &Typesetter, e: &Exercise, x: f32, w: f32, y: f32, nodes: &Nodes, d: &mut Drawing) -> f32 {
    let body = ts.sizes.body;
    let mut y = y;
    if let (Some(pos), Some(node)) = (&e.position, nodes.start) {
        let mut col = ts.column(x, w, y, Tag::Node(node));
        let label = format!("{} ", ts.labels.start);
        col.paragraph(&[Span { weight: Weight::Bold, text: &label }, Span { weight: Weight::Regular, text: pos }], body, Rgb::TEXT);
        y = col.y + 1.0;
        d.append(col.into_drawing());
    }
    let marker_w = ts.width(Weight::Bold, body, "10.") + 1.5;
    for (i, (step, (label, text))) in e.steps.iter().zip(&nodes.steps).enumerate() {
        let (label, text) = (*label, *text);
        let mut col = ts.column(x, w, y, Tag::Node(text));
        let m = format!("{}.", i + 1);
        col.paragraph_indented(
            &[Span { weight: Weight::Regular, text: step }],
            body,
            Rgb::TEXT,
            Some((&m, Weight::Bold, marker_w, Tag::Node(label))),
        );
        y = col.y + 0.8;
        d.append(col.into_drawing());
    }
    y - 0.8
}

/// What may go under the picture or under the steps.
enum Extra<'e> {
    /// A bold label and a paragraph: the clinician's note, the cautions.
    Labelled {
        label: String,
        text: String,
        node: NodeId,
    },
    Video {
        url: &'e str,
        qr: Arc<crate::model::Qr>,
        link: NodeId,
        figure: NodeId,
    },
}

fn extras<'e>(ts: &Typesetter, e: &'e Exercise, nodes: &Nodes) -> Vec<Extra<'e>> {
    let mut out = Vec::new();
    if let (Some(n), Some(node)) = (&e.notes, nodes.note) {
        out.push(Extra::Labelled { label: ts.labels.your_clinician.clone(), text: n.clone(), node });
    }
    if let Some(node) = nodes.cautions {
        let joined = e.cautions.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" ");
        out.push(Extra::Labelled { label: ts.labels.take_care.clone(), text: joined, node });
    }
    if let (Some(v), Some(link), Some(figure)) = (&e.video, nodes.video, nodes.video_figure(ts)) {
        out.push(Extra::Video { url: &v.url, qr: v.qr.clone(), link, figure });
    }
    out
}

impl Extra<'_> {
    /// Draws at (`x`, `y`), `w` wide; returns the y below.
    fn draw(&self, ts: &Typesetter, x: f32, w: f32, y: f32, d: &mut Drawing) -> f32 {
        match self {
            Extra::Labelled { label, text, node } => {
                let mut col = ts.column(x, w, y, Tag::Node(*node));
                let label = format!("{label} ");
                col.paragraph(
                    &[Span { weight: Weight::Bold, text: &label }, Span { weight: Weight::Regular, text }],
                    ts.sizes.body,
                    Rgb::TEXT,
                );
                let bottom = col.y;
                d.append(col.into_drawing());
                bottom
            }
            Extra::Video { url, qr, link, figure } => {
                let side = ts.sizes.qr.min(w * 0.45);
                let qr_rect = Rect { x: x - 1.0, y, w: side, h: side };
                d.push(Mark::Qr { rect: qr_rect, qr: qr.clone() }, Tag::Node(*figure));
                d.links.push(LinkArea { rect: qr_rect, url: url.to_string(), node: *link });
                let (tx, tw) = (x + side + 1.0, w - side - 1.0);
                let size = ts.sizes.small;
                // The link in short, on at most three lines: whole path segments elided first,
                // then characters from the middle.
                let lines_of = |text: &str| ts.wrap(size, &[Span { weight: Weight::Regular, text }], tw).len();
                let forms = printed_links(url);
                let shown = forms.iter().find(|f| lines_of(f) <= 3).cloned().unwrap_or_else(|| {
                    let mut max = forms.last().map_or(40, |f| f.chars().count());
                    loop {
                        let shown = elide_middle(forms.last().map_or(url, |f| f.as_str()), max);
                        if lines_of(&shown) <= 3 || max <= 12 {
                            break shown;
                        }
                        max -= 3;
                    }
                });
                let label_h = ts.line_height(ts.sizes.body);
                let text_h = label_h + lines_of(&shown) as f32 * ts.line_height(size);
                let mut col = ts.column(tx, tw, y + ((side - text_h) / 2.0).max(0.0), Tag::Node(*link));
                col.paragraph(&[Span { weight: Weight::Bold, text: &ts.labels.video }], ts.sizes.body, Rgb::TEXT);
                col.paragraph(&[Span { weight: Weight::Regular, text: &shown }], size, ts.theme.muted);
                let text_rect = Rect { x: tx, y: col.y - text_h, w: tw, h: col.y - (col.y - text_h) };
                d.links.push(LinkArea { rect: text_rect, url: url.to_string(), node: *link });
                let bottom = col.y.max(y + side);
                d.append(col.into_drawing());
                bottom
            }
        }
    }
}
