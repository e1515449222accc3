//! Render: positioned pages → PDF bytes. The only module that knows printpdf.
//!
//! Fonts are subset here to the characters the handout uses; the document is then finished
//! with lopdf: a subset tag on font names, document language, "show the title" preference,
//! no false PDF/X claim, and an /ID derived from the content, so the same input gives the
//! same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use printpdf::{
    Color, CurTransMat, DictItem, ExternalStream, ExternalXObject, FontId, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Point, Polygon, PolygonRing, Pt, Px, TextItem, TextMatrix, WindingOrder,
    XObject, XObjectId, XObjectTransform,
};

use crate::error::{Error, Result};
use crate::fonts::{Face, FontSet, Weight};
use crate::handout::{Handout, Rgb};
use crate::layout::{Item, Page, Rect};
use crate::picture::{Encoding, PathOp, Picture, RasterImage, VectorArt};

const MM_TO_PT: f32 = 72.0 / 25.4;

/// What goes into the PDF's metadata besides the handout itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Creation date as seconds since 1970, used when the handout has no date of its own
    /// (from `SOURCE_DATE_EPOCH`). Never the clock.
    pub fallback_epoch: Option<i64>,
    pub producer: String,
}

/// Renders laid-out pages to a complete PDF file in memory.
pub fn render(h: &Handout, pages: &[Page], meta: &Meta) -> Result<Vec<u8>> {
    let fonts = &h.brand.fonts;
    let mut doc = PdfDocument::new(&h.title);

    // Fonts: one subset per weight, holding exactly the characters used.
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                used.entry(t.weight).or_default().extend(t.text.chars().filter(|c| !c.is_whitespace()));
                used.entry(t.weight).or_default().insert(' ');
            }
        }
    }
    let mut subset_names = Vec::new();
    for (weight, chars) in &used {
        let face = fonts.face(*weight);
        let bytes = face.subset(chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| Error::failure(format!("cannot read back the subset of font {}", face.name)))?;
        parsed.font_name = Some(face.name.clone());
        doc.resources.fonts.map.insert(font_id(*weight), PdfFont::new(parsed));
        subset_names.push((face.name.clone(), subset_tag(chars, *weight)));
    }

    // Raster pictures become image XObjects, each stored once however often it appears.
    let mut images: Vec<(*const RasterImage, XObjectId)> = Vec::new();
    for page in pages {
        for item in &page.items {
            if let Item::Picture { picture, .. } = item {
                if let Picture::Raster(r) = picture.as_ref() {
                    if !images.iter().any(|(p, _)| std::ptr::eq(*p, r)) {
                        let id = XObjectId(format!("Im{}", images.len() + 1));
                        doc.resources.xobjects.map.insert(id.clone(), XObject::External(image_xobject(r)));
                        images.push((r as *const _, id));
                    }
                }
            }
        }
    }

    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            let ops = page_ops(page, fonts, &|r: &RasterImage| images.iter().find(|(p, _)| std::ptr::eq(*p, r)).map(|(_, id)| id.clone()));
            PdfPage::new(printpdf::Mm(page.width), printpdf::Mm(page.height), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);

    let date = h.date.map(|d| d.days_since_epoch() * 86_400 + 12 * 3600).or(meta.fallback_epoch);
    let info = &mut doc.metadata.info;
    info.document_title = h.title.clone();
    info.author = h.brand.name.clone().or_else(|| h.clinician.clone()).unwrap_or_default();
    let labels = h.language.labels();
    info.subject = match &h.patient {
        Some(p) => labels.subject.replace("{patient}", p),
        None => labels.subject_no_patient.clone(),
    };
    info.creator = "handout".to_string();
    info.producer = meta.producer.clone();
    if let Some(secs) = date {
        let t = printpdf::DateTime::from_unix_timestamp(secs).map_err(|_| Error::input("the creation date is out of range"))?;
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }

    let opts = printpdf::PdfSaveOptions { optimize: true, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    finish(&mut lo, &subset_names, date.is_some(), &h.language.code);
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| Error::failure(format!("cannot write the PDF: {e}")))?;
    stamp_id(&mut bytes);
    Ok(bytes)
}

fn font_id(weight: Weight) -> FontId {
    FontId(match weight {
        Weight::Regular => "F1".into(),
        Weight::Bold => "F2".into(),
    })
}

/// Six capital letters derived from the subset's content (ISO 32000-1, 9.6.4).
fn subset_tag(chars: &BTreeSet<char>, weight: Weight) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    chars.hash(&mut hasher);
    weight.hash(&mut hasher);
    let mut n = hasher.finish();
    (0..6)
        .map(|_| {
            let c = (b'A' + (n % 26) as u8) as char;
            n /= 26;
            c
        })
        .collect()
}

const ID_PLACEHOLDER: &[u8; 32] = b"HANDOUTIDPLACEHOLDER000000000000";

/// Post-processing printpdf cannot do itself.
fn finish(doc: &mut lopdf::Document, subset_names: &[(String, String)], has_date: bool, lang: &str) {
    use lopdf::Object;
    doc.version = "1.7".to_string();
    // Subset tags on every font name, so readers and preflight know the fonts are subsets.
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            for key in [&b"BaseFont"[..], b"FontName"] {
                if let Ok(Object::Name(name)) = dict.get(key) {
                    let name = String::from_utf8_lossy(name).into_owned();
                    if let Some((_, tag)) = subset_names.iter().find(|(n, _)| *n == name) {
                        dict.set(key, Object::Name(format!("{tag}+{name}").into_bytes()));
                    }
                }
            }
        }
    }
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_id) {
            // printpdf writes an empty /GTS_PDFXVersion, which readers take as a PDF/X claim.
            for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Keywords", b"Trapped"] {
                info.remove(key);
            }
            if !has_date {
                info.remove(b"CreationDate");
                info.remove(b"ModDate");
            }
        }
    }
    if let Ok(root_id) = doc.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root_id) {
            catalog.set("Lang", Object::string_literal(lang));
            catalog.set("ViewerPreferences", lopdf::dictionary! { "DisplayDocTitle" => true });
        }
    }
    let id = Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder /ID with a hash of the file, keeping every byte offset.
fn stamp_id(bytes: &mut [u8]) {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let a = hasher.finish();
    a.hash(&mut hasher);
    let b = hasher.finish();
    let id: Vec<u8> = format!("{a:016X}{b:016X}").into_bytes();
    // The placeholder is written as hex, so search for its hex form.
    let needle: Vec<u8> = ID_PLACEHOLDER.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
    let replacement: Vec<u8> = id.iter().flat_map(|b| format!("{b:02X}").into_bytes()).collect();
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        if bytes[i..i + needle.len()] == needle[..] {
            bytes[i..i + needle.len()].copy_from_slice(&replacement);
            i += needle.len();
        } else {
            i += 1;
        }
    }
}

fn image_xobject(r: &RasterImage) -> ExternalXObject {
    let mut dict = BTreeMap::new();
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(i64::from(r.width)));
    dict.insert("Height".to_string(), DictItem::Int(i64::from(r.height)));
    dict.insert("ColorSpace".to_string(), name(if r.gray { "DeviceGray" } else { "DeviceRGB" }));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert(
        "Filter".to_string(),
        name(match r.encoding {
            Encoding::Jpeg => "DCTDecode",
            Encoding::Flate => "FlateDecode",
        }),
    );
    if let Some(alpha) = &r.alpha {
        let mut sdict = BTreeMap::new();
        sdict.insert("Type".to_string(), name("XObject"));
        sdict.insert("Subtype".to_string(), name("Image"));
        sdict.insert("Width".to_string(), DictItem::Int(i64::from(r.width)));
        sdict.insert("Height".to_string(), DictItem::Int(i64::from(r.height)));
        sdict.insert("ColorSpace".to_string(), name("DeviceGray"));
        sdict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
        sdict.insert("Filter".to_string(), name("FlateDecode"));
        dict.insert(
            "SMask".to_string(),
            DictItem::Stream { stream: ExternalStream { dict: sdict, content: alpha.clone(), compress: false } },
        );
    }
    ExternalXObject {
        stream: ExternalStream { dict, content: r.data.clone(), compress: false },
        width: Some(Px(r.width as usize)),
        height: Some(Px(r.height as usize)),
        dpi: None,
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: f32::from(c.0) / 255.0, g: f32::from(c.1) / 255.0, b: f32::from(c.2) / 255.0, icc_profile: None })
}

fn pt(v: f32) -> Pt {
    Pt(v * MM_TO_PT)
}

/// Converts one laid-out page into PDF drawing operations.
fn page_ops(page: &Page, fonts: &FontSet, image_id: &dyn Fn(&RasterImage) -> Option<XObjectId>) -> Vec<Op> {
    let h = page.height;
    let point = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(h - y) }, bezier: false };
    let mut ops = Vec::new();
    let mut in_text = false;
    let mut current_font: Option<(Weight, f32)> = None;
    let mut current_fill: Option<Rgb> = None;
    for item in &page.items {
        if in_text && !matches!(item, Item::Text(_)) {
            ops.push(Op::EndTextSection);
            in_text = false;
            current_font = None;
        }
        match item {
            Item::Text(t) => {
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
            Item::Box { rect, fill, stroke, radius } => {
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
            Item::Line { from, to, color: c, width } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Butt });
                ops.push(Op::DrawLine {
                    line: printpdf::Line { points: vec![point(from.0, from.1), point(to.0, to.1)], is_closed: false },
                });
            }
            Item::Polygon { points, fill } => {
                if current_fill != Some(*fill) {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    current_fill = Some(*fill);
                }
                let ring = PolygonRing { points: points.iter().map(|p| point(p.0, p.1)).collect() };
                ops.push(Op::DrawPolygon {
                    polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
                });
            }
            Item::Circle { center, radius, fill } => {
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
            Item::Qr { rect, qr } => {
                // Dark modules as horizontal runs; the quiet zone is the white around them.
                let module = rect.w / qr.span() as f32;
                let origin = (rect.x + module * crate::qr::QUIET_ZONE as f32, rect.y + module * crate::qr::QUIET_ZONE as f32);
                if current_fill != Some(Rgb::BLACK) {
                    ops.push(Op::SetFillColor { col: color(Rgb::BLACK) });
                    current_fill = Some(Rgb::BLACK);
                }
                let rings = qr
                    .runs()
                    .into_iter()
                    .map(|(row, col, len)| {
                        let r = Rect {
                            x: origin.0 + col as f32 * module,
                            y: origin.1 + row as f32 * module,
                            w: len as f32 * module,
                            h: module,
                        };
                        PolygonRing { points: rounded_rect(r, 0.0, &point) }
                    })
                    .collect();
                ops.push(Op::DrawPolygon { polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero } });
            }
            Item::Picture { rect, picture } => match picture.as_ref() {
                Picture::Vector(v) => {
                    ops.push(Op::SaveGraphicsState);
                    vector_ops(v, *rect, h, &mut ops);
                    ops.push(Op::RestoreGraphicsState);
                    current_fill = None;
                }
                Picture::Raster(r) => {
                    if let Some(id) = image_id(r) {
                        ops.push(Op::UseXobject {
                            id,
                            transform: XObjectTransform {
                                translate_x: Some(pt(rect.x)),
                                translate_y: Some(pt(h - rect.bottom())),
                                scale_x: Some(pt(rect.w).0),
                                scale_y: Some(pt(rect.h).0),
                                no_auto_scale: true,
                                ..XObjectTransform::default()
                            },
                        });
                    }
                }
            },
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    let _ = CurTransMat::Identity;
    ops
}

/// Characters the font lacks are printed as `?` (resolve refuses such text, so this is a guard).
fn printable(face: &Face, text: &str) -> String {
    text.chars().map(|c| if face.has(c) { c } else { '?' }).collect()
}

/// A rectangle with rounded corners as points with Bézier handles (radius 0: sharp corners).
fn rounded_rect(r: Rect, radius: f32, point: &dyn Fn(f32, f32) -> LinePoint) -> Vec<LinePoint> {
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

/// Draws vector art scaled into `rect` (mm, page top-left origin).
fn vector_ops(v: &VectorArt, rect: Rect, page_h: f32, ops: &mut Vec<Op>) {
    let scale = (rect.w / v.width).min(rect.h / v.height);
    let map = |x: f32, y: f32| Point { x: pt(rect.x + x * scale), y: pt(page_h - (rect.y + y * scale)) };
    for shape in &v.shapes {
        // Split the path into subpaths at each move.
        let mut subpaths: Vec<(Vec<LinePoint>, bool)> = Vec::new();
        for op in &shape.path {
            match *op {
                PathOp::Move(x, y) => subpaths.push((vec![LinePoint { p: map(x, y), bezier: false }], false)),
                PathOp::Line(x, y) => {
                    if let Some((pts, _)) = subpaths.last_mut() {
                        pts.push(LinePoint { p: map(x, y), bezier: false });
                    }
                }
                PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                    if let Some((pts, _)) = subpaths.last_mut() {
                        pts.push(LinePoint { p: map(x1, y1), bezier: true });
                        pts.push(LinePoint { p: map(x2, y2), bezier: true });
                        pts.push(LinePoint { p: map(x, y), bezier: false });
                    }
                }
                PathOp::Close => {
                    if let Some((_, closed)) = subpaths.last_mut() {
                        *closed = true;
                    }
                }
            }
        }
        if let Some(fill) = shape.fill {
            ops.push(Op::SetFillColor { col: color(fill) });
            let rings = subpaths.iter().map(|(pts, _)| PolygonRing { points: pts.clone() }).collect();
            let winding_order = if shape.even_odd { WindingOrder::EvenOdd } else { WindingOrder::NonZero };
            ops.push(Op::DrawPolygon { polygon: Polygon { rings, mode: PaintMode::Fill, winding_order } });
        }
        if let Some(s) = shape.stroke {
            ops.push(Op::SetOutlineColor { col: color(s.color) });
            ops.push(Op::SetOutlineThickness { pt: pt(s.width * scale) });
            ops.push(Op::SetLineCapStyle { cap: if s.round_cap { LineCapStyle::Round } else { LineCapStyle::Butt } });
            ops.push(Op::SetLineJoinStyle { join: if s.round_join { LineJoinStyle::Round } else { LineJoinStyle::Miter } });
            for (points, closed) in subpaths {
                ops.push(Op::DrawLine { line: printpdf::Line { points, is_closed: closed } });
            }
        }
    }
}
