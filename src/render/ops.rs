//! One laid-out page → PDF drawing operations (printpdf `Op`s).

use printpdf::{
    Color, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, TextItem, TextMatrix,
    WindingOrder, XObjectId, XObjectTransform,
};

use crate::fonts::{Face, FontSet, Weight};
use crate::layout::{Mark, Page, Rect};
use crate::model::{Picture, Qr, Rgb};

use super::fonts::font_id;
use super::MM_TO_PT;

pub(crate) fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: f32::from(c.0) / 255.0, g: f32::from(c.1) / 255.0, b: f32::from(c.2) / 255.0, icc_profile: None })
}

pub(crate) fn pt(v: f32) -> Pt {
    Pt(v * MM_TO_PT)
}

/// Converts one laid-out page into PDF drawing operations.
pub(crate) fn page_ops(
    page: &Page,
    fonts: &FontSet,
    xobject_id: &dyn Fn(&Picture) -> Option<XObjectId>,
    qr_id: &dyn Fn(&Qr) -> Option<XObjectId>,
) -> Vec<Op> {
    let h = page.height;
    let point = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(h - y) }, bezier: false };
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut current_font: Option<(Weight, f32)> = None;
    let mut current_fill: Option<Rgb> = None;
    for mark in &page.marks {
        if in_text && !matches!(mark, Mark::Text(_)) {
            ops.push(Op::EndTextSection);
            in_text = false;
            current_font = None;
        }
        match mark {
            Mark::Text(t) => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                if current_font != Some((t.weight, t.size)) {
                    ops.push(Op::SetFont { font: PdfFontHandle::External(font_id(t.weight)), size: Pt(t.size) });
                    current_font = Some((t.weight, t.size));
                }
                if current_fill != Some(t.color) {
                    ops.push(Op::SetFillColor { col: color(t.color) });
                    current_fill = Some(t.color);
                }
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(pt(t.x), pt(h - t.baseline)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(printable(fonts.face(t.weight), &t.text))] });
            }
            Mark::Box { rect, fill, stroke, radius } => {
                let ring = PolygonRing { points: rounded_rect(*rect, *radius, &point) };
                if let Some(f) = fill {
                    if current_fill != Some(*f) {
                        ops.push(Op::SetFillColor { col: color(*f) });
                        current_fill = Some(*f);
                    }
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon { rings: vec![ring.clone()], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
                    });
                }
                if let Some((c, w)) = stroke {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: pt(*w) });
                    ops.push(Op::SetLineJoinStyle { join: LineJoinStyle::Round });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon { rings: vec![ring], mode: PaintMode::Stroke, winding_order: WindingOrder::NonZero },
                    });
                }
            }
            Mark::Line { from, to, color: c, width } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Butt });
                ops.push(Op::DrawLine {
                    line: printpdf::Line { points: vec![point(from.0, from.1), point(to.0, to.1)], is_closed: false },
                });
            }
            Mark::Polygon { points, fill } => {
                if current_fill != Some(*fill) {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    current_fill = Some(*fill);
                }
                let ring = PolygonRing { points: points.iter().map(|p| point(p.0, p.1)).collect() };
                ops.push(Op::DrawPolygon {
                    polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
                });
            }
            Mark::Circle { center, radius, fill } => {
                if current_fill != Some(*fill) {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    current_fill = Some(*fill);
                }
                let r = *radius;
                let rect = Rect { x: center.0 - r, y: center.1 - r, w: 2.0 * r, h: 2.0 * r };
                let ring = PolygonRing { points: rounded_rect(rect, r, &point) };
                ops.push(Op::DrawPolygon {
                    polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
                });
            }
            Mark::Qr { rect, qr } => {
                if let Some(id) = qr_id(qr) {
                    let module = rect.w / qr.span() as f32;
                    let side = module * qr.span() as f32;
                    ops.push(Op::UseXobject {
                        id,
                        transform: XObjectTransform {
                            translate_x: Some(pt(rect.x)),
                            translate_y: Some(pt(h - (rect.y + side))),
                            scale_x: Some(pt(module).0),
                            scale_y: Some(pt(module).0),
                            no_auto_scale: true,
                            ..XObjectTransform::default()
                        },
                    });
                }
            }
            Mark::Picture { rect, picture } => {
                // Raster pictures fill `rect` (a unit square scaled); vector forms keep their
                // aspect ratio, top left at the rect's top left.
                let (h_pt, scale) = match picture.as_ref() {
                    Picture::Raster(_) => (rect.h, (pt(rect.w).0, pt(rect.h).0)),
                    Picture::Vector(v) => {
                        let s = (rect.w / v.width).min(rect.h / v.height);
                        (v.height * s, (pt(s).0, pt(s).0))
                    }
                };
                if let Some(id) = xobject_id(picture) {
                    ops.push(Op::UseXobject {
                        id,
                        transform: XObjectTransform {
                            translate_x: Some(pt(rect.x)),
                            translate_y: Some(pt(h - (rect.y + h_pt))),
                            scale_x: Some(scale.0),
                            scale_y: Some(scale.1),
                            no_auto_scale: true,
                            ..XObjectTransform::default()
                        },
                    });
                }
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}

/// Characters the font lacks are printed as `?` (resolve refuses such text, so this is a guard).
pub(crate) fn printable(face: &Face, text: &str) -> String {
    text.chars().map(|c| if face.has(c) { c } else { '?' }).collect()
}

/// A rectangle with rounded corners as points with Bézier handles (radius 0: sharp corners).
pub(crate) fn rounded_rect(r: Rect, radius: f32, point: &dyn Fn(f32, f32) -> LinePoint) -> Vec<LinePoint> {
    let rad = radius.min(r.w / 2.0).min(r.h / 2.0).max(0.0);
    if rad <= 0.0 {
        return vec![point(r.x, r.y), point(r.right(), r.y), point(r.right(), r.bottom()), point(r.x, r.bottom())];
    }
    let k = 0.552_284_8 * rad;
    let handle = |x: f32, y: f32| LinePoint { bezier: true, ..point(x, y) };
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    vec![
        point(x0 + rad, y0),
        point(x1 - rad, y0),
        handle(x1 - rad + k, y0),
        handle(x1, y0 + rad - k),
        point(x1, y0 + rad),
        point(x1, y1 - rad),
        handle(x1, y1 - rad + k),
        handle(x1 - rad + k, y1),
        point(x1 - rad, y1),
        point(x0 + rad, y1),
        handle(x0 + rad - k, y1),
        handle(x0, y1 - rad + k),
        point(x0, y1 - rad),
        point(x0, y0 + rad),
        handle(x0, y0 + rad - k),
        handle(x0 + rad - k, y0),
        point(x0 + rad, y0),
    ]
}
