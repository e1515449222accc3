//! One laid-out page → PDF drawing operations (printpdf `Op`s).

use printpdf::{
    Color, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, TextItem, TextMatrix,
    WindingOrder, XObjectId, XObjectTransform,
};

use crate::fonts::{Face, FontSet, Weight};
use crate::layout::{Mark, NodeId, Page, Rect, Tag};
use crate::model::{Picture, Qr, Rgb};

use super::fonts::font_id;
use super::MM_TO_PT;

pub(crate) fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: f32::from(c.0) / 255.0, g: f32::from(c.1) / 255.0, b: f32::from(c.2) / 255.0, icc_profile: None })
}

pub(crate) fn pt(v: f32) -> Pt {
    Pt(v * MM_TO_PT)
}

/// Converts one laid-out page into PDF drawing operations. Every mark is in a marked-content
/// sequence: content as `/<Role> <</MCID n>>` (`mcids[n]` is its structure node, `role` names
/// its type), decoration as `/Artifact`, the footer as a pagination artifact. Consecutive marks
/// with one tag share a sequence; sequences never cross a text object's BT/ET.
pub(crate) fn page_ops(
    page: &Page,
    fonts: &FontSet,
    xobject_id: &dyn Fn(&Picture) -> Option<XObjectId>,
    qr_id: &dyn Fn(&Qr) -> Option<XObjectId>,
    role: &dyn Fn(NodeId) -> &'static str,
    mcids: &mut Vec<NodeId>,
) -> Vec<Op> {
    let h = page.height;
    let point = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(h - y) }, bezier: false };
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut current_font: Option<(Weight, f32)> = None;
    let mut current_fill: Option<Rgb> = None;
    let mut open: Option<Tag> = None;
    let untagged = vec![Tag::Artifact; page.marks.len()];
    let tags = if page.tags.len() == page.marks.len() { &page.tags } else { &untagged };
    let spaced = word_spaces(&page.marks, tags);
    for ((mark, tag), spaced) in page.marks.iter().zip(tags).zip(spaced) {
        if open != Some(*tag) {
            if in_text {
                ops.push(Op::EndTextSection);
                in_text = false;
                current_font = None;
            }
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            ops.push(match tag {
                Tag::Node(node) => {
                    let mut props = std::collections::BTreeMap::new();
                    props.insert("MCID".to_string(), printpdf::DictItem::Int(mcids.len() as i64));
                    mcids.push(*node);
                    Op::BeginMarkedContentWithProperties {
                        tag: role(*node).to_string(),
                        properties: printpdf::DictItem::Dict { map: props },
                    }
                }
                Tag::Pagination => {
                    let mut props = std::collections::BTreeMap::new();
                    props.insert("Type".to_string(), printpdf::DictItem::Name(b"Pagination".to_vec()));
                    props.insert("Subtype".to_string(), printpdf::DictItem::Name(b"Footer".to_vec()));
                    Op::BeginMarkedContentWithProperties {
                        tag: "Artifact".to_string(),
                        properties: printpdf::DictItem::Dict { map: props },
                    }
                }
                Tag::Artifact => Op::BeginMarkedContent { tag: "Artifact".to_string() },
            });
            open = Some(*tag);
        }
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
                let mut text = printable(fonts.face(t.weight), &t.text);
                if spaced {
                    text.push(' ');
                }
                ops.push(Op::ShowText { items: vec![TextItem::Text(text)] });
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
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    ops
}

/// For each mark, whether its text is followed by a space that is not drawn: a line of a
/// paragraph that goes on in the next text run of the same structure element, or a label before
/// its value. Readers that follow the structure tree (screen readers, `pdfinfo -struct-text`)
/// join an element's runs as they are, so without it "under" + "your shoulder" would read as
/// "underyour shoulder". A line broken after a hyphen or a slash (in a URL) is joined as is.
fn word_spaces(marks: &[Mark], tags: &[Tag]) -> Vec<bool> {
    let mut spaced = vec![false; marks.len()];
    let mut next_text: Option<usize> = None;
    for i in (0..marks.len()).rev() {
        if let Mark::Text(t) = &marks[i] {
            let next = next_text.filter(|j| tags[*j] == tags[i] && matches!(tags[i], Tag::Node(_)));
            spaced[i] = next.is_some_and(|j| {
                let Mark::Text(n) = &marks[j] else { return false };
                !joined(&t.text, &n.text)
            });
            next_text = Some(i);
        }
    }
    spaced
}

/// Whether `line` and the `next` run read as one word: a line broken after a hyphen, or a
/// web address broken after a slash or a dot ("riverside-physio." + "example/book").
fn joined(line: &str, next: &str) -> bool {
    if line.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace) || line.ends_with('/') {
        return true;
    }
    if line.ends_with('-') {
        return !line.ends_with(" -");
    }
    let one_word = !line.trim_end().contains(char::is_whitespace);
    line.ends_with('.') && one_word && next.starts_with(|c: char| c.is_lowercase())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::TextRun;

    fn run(text: &str, x: f32, baseline: f32, weight: Weight, color: Rgb) -> Mark {
        Mark::Text(TextRun { x, baseline, size: 12.0, weight, color, text: text.into(), width: 10.0, ascent: 3.0, descent: 1.0 })
    }

    fn names(ops: &[Op]) -> Vec<&'static str> {
        ops.iter()
            .map(|op| match op {
                Op::StartTextSection => "BT",
                Op::EndTextSection => "ET",
                Op::SetFont { .. } => "Tf",
                Op::SetFillColor { .. } => "rg",
                Op::SetOutlineColor { .. } => "RG",
                Op::SetOutlineThickness { .. } => "w",
                Op::SetLineJoinStyle { .. } => "j",
                Op::SetLineCapStyle { .. } => "J",
                Op::SetTextMatrix { .. } => "Tm",
                Op::ShowText { .. } => "Tj",
                Op::DrawPolygon { .. } => "polygon",
                Op::DrawLine { .. } => "line",
                Op::UseXobject { .. } => "Do",
                Op::BeginMarkedContent { .. } => "BMC",
                Op::BeginMarkedContentWithProperties { .. } => "BDC",
                Op::EndMarkedContent => "EMC",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn text_runs_share_one_text_section_and_set_font_and_colour_only_when_they_change() {
        let fonts = FontSet::builtin();
        let page = Page {
            width: 210.0,
            height: 297.0,
            margin: 15.0,
            marks: vec![
                run("One", 15.0, 20.0, Weight::Bold, Rgb::TEXT),
                run("two", 30.0, 20.0, Weight::Bold, Rgb::TEXT),
                run("three", 15.0, 30.0, Weight::Regular, Rgb::TEXT),
                Mark::Box {
                    rect: Rect { x: 15.0, y: 40.0, w: 20.0, h: 10.0 },
                    fill: Some(Rgb::WHITE),
                    stroke: Some((Rgb::BLACK, 0.5)),
                    radius: 0.0,
                },
                run("four", 15.0, 60.0, Weight::Regular, Rgb::WHITE),
            ],
            tags: Vec::new(),
            links: Vec::new(),
            regions: Vec::new(),
        };
        let mut mcids = Vec::new();
        let ops = page_ops(&page, &fonts, &|_| None, &|_| None, &|_| "P", &mut mcids);
        assert_eq!(
            names(&ops),
            [
                "BMC", // untagged marks are artifacts
                "BT", "Tf", "rg", "Tm", "Tj", "Tm", "Tj", "Tf", "Tm", "Tj", "ET", // the text
                "rg", "polygon", "RG", "w", "j", "polygon", // the box: fill, then outline
                "BT", "Tf", "Tm", "Tj", "ET", // white text: the fill is already white
                "EMC",
            ]
        );
        assert!(mcids.is_empty());
        // Millimetres from the top become points from the bottom.
        let Op::SetTextMatrix { matrix: TextMatrix::Translate(x, y) } = &ops[4] else { panic!("{:?}", ops[4]) };
        assert!((x.0 - 15.0 * MM_TO_PT).abs() < 1e-3 && (y.0 - (297.0 - 20.0) * MM_TO_PT).abs() < 1e-3, "{x:?} {y:?}");
    }

    #[test]
    fn each_run_of_marks_with_one_tag_is_one_marked_sequence_outside_text_objects() {
        let fonts = FontSet::builtin();
        let frame =
            Mark::Box { rect: Rect { x: 10.0, y: 10.0, w: 50.0, h: 50.0 }, fill: None, stroke: Some((Rgb::BLACK, 0.3)), radius: 2.0 };
        let page = Page {
            width: 210.0,
            height: 297.0,
            margin: 15.0,
            marks: vec![
                frame,
                run("Title", 15.0, 20.0, Weight::Bold, Rgb::TEXT),
                run("One", 15.0, 30.0, Weight::Regular, Rgb::TEXT),
                run("line", 15.0, 35.0, Weight::Regular, Rgb::TEXT),
                run("Page 1 of 1", 15.0, 290.0, Weight::Regular, Rgb::TEXT),
            ],
            tags: vec![Tag::Artifact, Tag::Node(3), Tag::Node(7), Tag::Node(7), Tag::Pagination],
            links: Vec::new(),
            regions: Vec::new(),
        };
        let mut mcids = Vec::new();
        let roles = |n: NodeId| if n == 3 { "H1" } else { "P" };
        let ops = page_ops(&page, &fonts, &|_| None, &|_| None, &roles, &mut mcids);
        assert_eq!(
            names(&ops),
            [
                "BMC", "RG", "w", "j", "polygon", "EMC", // the frame: an artifact
                "BDC", "BT", "Tf", "rg", "Tm", "Tj", "ET", "EMC", // the heading: MCID 0
                "BDC", "BT", "Tf", "Tm", "Tj", "Tm", "Tj", "ET", "EMC", // two lines of one paragraph: MCID 1
                "BDC", "BT", "Tf", "Tm", "Tj", "ET", "EMC", // the page number
            ]
        );
        assert_eq!(mcids, [3, 7]);
        let bdc: Vec<(String, String)> = ops
            .iter()
            .filter_map(|op| match op {
                Op::BeginMarkedContentWithProperties { tag, properties } => Some((tag.clone(), format!("{properties:?}"))),
                _ => None,
            })
            .collect();
        assert_eq!(bdc[0].0, "H1");
        assert!(bdc[0].1.contains("MCID") && bdc[0].1.contains("Int(0)"), "{}", bdc[0].1);
        assert_eq!(bdc[1].0, "P");
        assert!(bdc[1].1.contains("Int(1)"), "{}", bdc[1].1);
        assert_eq!(bdc[2].0, "Artifact");
        assert!(
            bdc[2].1.contains(&format!("{:?}", b"Pagination".to_vec())) && bdc[2].1.contains(&format!("{:?}", b"Footer".to_vec())),
            "{}",
            bdc[2].1
        );
    }

    #[test]
    fn characters_the_font_lacks_print_as_question_marks() {
        let fonts = FontSet::builtin();
        assert_eq!(printable(&fonts.regular, "Zoë 😀"), "Zoë ?");
    }

    #[test]
    fn rounded_rectangles_have_bezier_corners_and_sharp_ones_four_points() {
        let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        let r = Rect { x: 0.0, y: 0.0, w: 10.0, h: 6.0 };
        assert_eq!(rounded_rect(r, 0.0, &point).len(), 4);
        let round = rounded_rect(r, 2.0, &point);
        assert_eq!(round.len(), 17);
        assert_eq!(round.iter().filter(|p| p.bezier).count(), 8);
        // A radius larger than half the short side is clamped to it.
        assert_eq!(rounded_rect(r, 50.0, &point)[0].p.x.0, 3.0);
    }
}
