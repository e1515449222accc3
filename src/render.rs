//! Render: positioned pages → PDF bytes. The only module that knows printpdf.
//!
//! Fonts are subset here to the characters the handout uses; the document is then finished
//! with lopdf: a subset tag on font names, document language, "show the title" preference,
//! no false PDF/X claim, and an /ID derived from the content, so the same input gives the
//! same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, Point, Polygon, PolygonRing, Pt, Px, TextItem, TextMatrix, WindingOrder, XObject,
    XObjectId, XObjectTransform,
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
        doc.resources.fonts.map.insert(font_id(*weight), PdfFont::new(subset(face, chars)?));
        subset_names.push((face.name.clone(), subset_tag(chars, *weight)));
    }

    // Pictures become XObjects, each stored once however often it appears: raster pictures as
    // images, vector pictures as forms (drawn and compressed once per process, see `FORMS`).
    let mut images: Vec<(*const RasterImage, XObjectId)> = Vec::new();
    let mut forms: Vec<(*const VectorArt, XObjectId)> = Vec::new();
    let mut qrs: Vec<(*const crate::qr::Qr, XObjectId)> = Vec::new();
    for page in pages {
        for item in &page.items {
            if let Item::Qr { qr, .. } = item {
                if !qrs.iter().any(|(p, _)| std::ptr::eq(*p, qr.as_ref())) {
                    let id = XObjectId(format!("Qr{}", qrs.len() + 1));
                    doc.resources.xobjects.map.insert(id.clone(), XObject::External(qr_xobject(qr)));
                    qrs.push((qr.as_ref() as *const _, id));
                }
            }
            if let Item::Picture { picture, .. } = item {
                match picture.as_ref() {
                    Picture::Raster(r) if !images.iter().any(|(p, _)| std::ptr::eq(*p, r)) => {
                        let id = XObjectId(format!("Im{}", images.len() + 1));
                        doc.resources.xobjects.map.insert(id.clone(), XObject::External(image_xobject(r)));
                        images.push((r as *const _, id));
                    }
                    Picture::Vector(v) if !forms.iter().any(|(p, _)| std::ptr::eq(*p, v)) => {
                        let id = XObjectId(format!("Fm{}", forms.len() + 1));
                        doc.resources.xobjects.map.insert(id.clone(), XObject::External(form_xobject(v)));
                        forms.push((v as *const _, id));
                    }
                    _ => {}
                }
            }
        }
    }
    let xobject_id = |picture: &Picture| match picture {
        Picture::Raster(r) => images.iter().find(|(p, _)| std::ptr::eq(*p, r)).map(|(_, id)| id.clone()),
        Picture::Vector(v) => forms.iter().find(|(p, _)| std::ptr::eq(*p, v)).map(|(_, id)| id.clone()),
    };

    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            let qr_id = |qr: &crate::qr::Qr| qrs.iter().find(|(p, _)| std::ptr::eq(*p, qr)).map(|(_, id)| id.clone());
            let ops = page_ops(page, fonts, &xobject_id, &qr_id);
            // Exact point sizes (612 x 792 for Letter, not 792.0001): readers round a page's
            // pixel height differently, and a stray fraction shifts whole lines by a pixel.
            let size = |mm: f32| Pt((mm * MM_TO_PT * 1000.0).round() / 1000.0);
            let mut pdf_page = PdfPage::new(printpdf::Mm(page.width), printpdf::Mm(page.height), ops);
            let media = printpdf::Rect::from_wh(size(page.width), size(page.height));
            pdf_page.media_box = media.clone();
            pdf_page.trim_box = media.clone();
            pdf_page.crop_box = media;
            pdf_page
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
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| Error::failure(format!("cannot write the PDF: {e}")))?;
    stamp_id(&mut bytes);
    Ok(bytes)
}

/// Font subsets by face and characters. Handouts from one prescription mostly share their
/// characters (only names differ), so a batch subsets each face a few times, not per handout.
/// Bounded like `FORMS`.
type SubsetCache = Vec<((std::sync::Arc<[u8]>, BTreeSet<char>), ParsedFont)>;
static SUBSETS: std::sync::Mutex<SubsetCache> = std::sync::Mutex::new(Vec::new());
const MAX_CACHED_SUBSETS: usize = 64;

/// `face` cut down to `chars`, read back for printpdf.
fn subset(face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    // The face's bytes are shared (`Arc`); the entry holds a clone, so while it exists no other
    // font can take their address.
    let hit = |(bytes, set): &(std::sync::Arc<[u8]>, BTreeSet<char>)| std::sync::Arc::ptr_eq(bytes, &face.bytes) && set == chars;
    if let Some((_, parsed)) = SUBSETS.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(k, _)| hit(k)) {
        return Ok(parsed.clone());
    }
    let key = (face.bytes.clone(), chars.clone());
    let bytes = face.subset(chars)?;
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| Error::failure(format!("cannot read back the subset of font {}", face.name)))?;
    parsed.font_name = Some(face.name.clone());
    let mut cache = SUBSETS.lock().unwrap_or_else(|p| p.into_inner());
    if cache.len() >= MAX_CACHED_SUBSETS {
        cache.remove(0);
    }
    cache.push((key, parsed.clone()));
    Ok(parsed)
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
fn page_ops(
    page: &Page,
    fonts: &FontSet,
    xobject_id: &dyn Fn(&Picture) -> Option<XObjectId>,
    qr_id: &dyn Fn(&crate::qr::Qr) -> Option<XObjectId>,
) -> Vec<Op> {
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
            Item::Picture { rect, picture } => {
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

/// What a form XObject draws: a vector picture, or a QR code.
#[derive(Debug, Clone, PartialEq)]
enum FormSource {
    Art(VectorArt),
    Qr(crate::qr::Qr),
}

/// Forms drawn as PDF operators and compressed, keyed by a hash of what they draw. Pictures
/// and QR codes do not depend on the patient, so a batch draws each once. Bounded: a process
/// that meets more distinct forms than this starts over.
type FormCache = std::collections::HashMap<u64, (FormSource, std::sync::Arc<Vec<u8>>)>;
static FORMS: std::sync::Mutex<Option<FormCache>> = std::sync::Mutex::new(None);
const MAX_CACHED_FORMS: usize = 512;

/// A vector picture as a form XObject in its own units (y up), BBox `0 0 width height`.
fn form_xobject(v: &VectorArt) -> ExternalXObject {
    let content =
        cached_form(art_hash(v), &|f| matches!(f, FormSource::Art(a) if a == v), &|| (FormSource::Art(v.clone()), form_content(v)));
    form(content, v.width, v.height)
}

/// A QR code as a form XObject in module units, quiet zone included (BBox `0 0 span span`).
fn qr_xobject(qr: &crate::qr::Qr) -> ExternalXObject {
    let key = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        qr.width.hash(&mut hasher);
        qr.dark.hash(&mut hasher);
        hasher.finish()
    };
    let content = cached_form(key, &|f| matches!(f, FormSource::Qr(q) if q == qr), &|| (FormSource::Qr(qr.clone()), qr_content(qr)));
    let span = qr.span() as f32;
    form(content, span, span)
}

fn cached_form(key: u64, same: &dyn Fn(&FormSource) -> bool, draw: &dyn Fn() -> (FormSource, Vec<u8>)) -> std::sync::Arc<Vec<u8>> {
    let hit = {
        let forms = FORMS.lock().unwrap_or_else(|p| p.into_inner());
        forms.as_ref().and_then(|m| m.get(&key)).filter(|(f, _)| same(f)).map(|(_, bytes)| bytes.clone())
    };
    if let Some(bytes) = hit {
        return bytes;
    }
    let (source, content) = draw();
    let bytes = std::sync::Arc::new(deflate(&content, flate2::Compression::new(6)));
    let mut forms = FORMS.lock().unwrap_or_else(|p| p.into_inner());
    let map = forms.get_or_insert_with(Default::default);
    if map.len() >= MAX_CACHED_FORMS {
        map.clear();
    }
    map.insert(key, (source, bytes.clone()));
    bytes
}

fn form(compressed: std::sync::Arc<Vec<u8>>, width: f32, height: f32) -> ExternalXObject {
    let mut dict = BTreeMap::new();
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Form"));
    dict.insert(
        "BBox".to_string(),
        DictItem::Array(vec![DictItem::Int(0), DictItem::Int(0), DictItem::Real(width), DictItem::Real(height)]),
    );
    dict.insert("Resources".to_string(), DictItem::Dict { map: BTreeMap::new() });
    dict.insert("Filter".to_string(), name("FlateDecode"));
    ExternalXObject { stream: ExternalStream { dict, content: compressed.to_vec(), compress: false }, width: None, height: None, dpi: None }
}

/// Dark runs as black rectangles, one module high, y up.
fn qr_content(qr: &crate::qr::Qr) -> Vec<u8> {
    let span = qr.span() as f32;
    let zone = crate::qr::QUIET_ZONE as f32;
    let mut out = b"0 g\n".to_vec();
    for (row, col, len) in qr.runs() {
        for n in [zone + col as f32, span - zone - row as f32 - 1.0, len as f32, 1.0] {
            number(&mut out, n);
            out.push(b' ');
        }
        out.extend_from_slice(b"re\n");
    }
    out.extend_from_slice(b"f\n");
    out
}

fn art_hash(v: &VectorArt) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut f = |x: f32| x.to_bits().hash(&mut hasher);
    f(v.width);
    f(v.height);
    for shape in &v.shapes {
        for op in &shape.path {
            match *op {
                PathOp::Move(x, y) | PathOp::Line(x, y) => {
                    f(x);
                    f(y);
                }
                PathOp::Cubic(a, b, c, d, x, y) => [a, b, c, d, x, y].into_iter().for_each(&mut f),
                PathOp::Close => f(f32::NAN),
            }
        }
    }
    v.shapes.len().hash(&mut hasher);
    hasher.finish()
}

/// The operators that draw `v` in its own units, flipped so y points up.
fn form_content(v: &VectorArt) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.shapes.len() * 256);
    let ops = |out: &mut Vec<u8>, numbers: &[f32], op: &str| {
        for n in numbers {
            number(out, *n);
            out.push(b' ');
        }
        out.extend_from_slice(op.as_bytes());
        out.push(b'\n');
    };
    let rgb = |c: Rgb| [f32::from(c.0) / 255.0, f32::from(c.1) / 255.0, f32::from(c.2) / 255.0];
    let y = |y: f32| v.height - y;
    for shape in &v.shapes {
        if shape.fill.is_none() && shape.stroke.is_none() {
            continue;
        }
        if let Some(fill) = shape.fill {
            ops(&mut out, &rgb(fill), "rg");
        }
        if let Some(s) = shape.stroke {
            ops(&mut out, &rgb(s.color), "RG");
            ops(&mut out, &[s.width], "w");
            ops(&mut out, &[if s.round_cap { 1.0 } else { 0.0 }], "J");
            ops(&mut out, &[if s.round_join { 1.0 } else { 0.0 }], "j");
        }
        for op in &shape.path {
            match *op {
                PathOp::Move(a, b) => ops(&mut out, &[a, y(b)], "m"),
                PathOp::Line(a, b) => ops(&mut out, &[a, y(b)], "l"),
                PathOp::Cubic(a, b, c, d, e, g) => ops(&mut out, &[a, y(b), c, y(d), e, y(g)], "c"),
                PathOp::Close => ops(&mut out, &[], "h"),
            }
        }
        let paint = match (shape.fill.is_some(), shape.stroke.is_some(), shape.even_odd) {
            (true, true, false) => "B",
            (true, true, true) => "B*",
            (true, false, false) => "f",
            (true, false, true) => "f*",
            _ => "S",
        };
        ops(&mut out, &[], paint);
    }
    out
}

/// Writes `n` with at most three decimals and no trailing zeros (`12.5`, `-0.125`, `3`).
fn number(out: &mut Vec<u8>, n: f32) {
    let thousandths = (f64::from(n) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let t = thousandths.unsigned_abs();
    out.extend_from_slice((t / 1000).to_string().as_bytes());
    let mut frac = t % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        out.extend_from_slice(format!("{frac:0digits$}").as_bytes());
    }
}

/// zlib-compresses `data` with a compressor kept per thread (setting one up costs more than
/// compressing a small stream).
fn deflate(data: &[u8], level: flate2::Compression) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<(u32, flate2::Compress)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|c| {
        let mut compressors = c.borrow_mut();
        let i = match compressors.iter().position(|(l, _)| *l == level.level()) {
            Some(i) => i,
            None => {
                compressors.push((level.level(), flate2::Compress::new(level, true)));
                compressors.len() - 1
            }
        };
        let z = &mut compressors[i].1;
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            match z.compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(4096)),
                // Compressing memory to memory cannot fail; if it ever did, store uncompressed.
                Err(_) => return data.to_vec(),
            }
        }
        out
    })
}

/// Compressed font programs, by content. Bounded like `FORMS`.
type FontStreamCache = Vec<(std::sync::Arc<Vec<u8>>, std::sync::Arc<Vec<u8>>)>;
static FONT_STREAMS: std::sync::Mutex<FontStreamCache> = std::sync::Mutex::new(Vec::new());

fn compressed_font(program: &[u8]) -> Vec<u8> {
    if let Some((_, z)) = FONT_STREAMS.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(p, _)| p.as_slice() == program) {
        return z.to_vec();
    }
    let z = deflate(program, flate2::Compression::new(6));
    let mut cache = FONT_STREAMS.lock().unwrap_or_else(|p| p.into_inner());
    if cache.len() >= MAX_CACHED_SUBSETS {
        cache.remove(0);
    }
    cache.push((std::sync::Arc::new(program.to_vec()), std::sync::Arc::new(z.clone())));
    z
}

/// Compresses every stream that is not compressed yet (what `lopdf::Document::compress` does,
/// at the default level and without setting up a compressor per stream).
fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                // Font programs (`/Length1`) repeat from handout to handout; compress each once.
                let compressed = if stream.dict.has(b"Length1") {
                    compressed_font(&stream.content)
                } else {
                    deflate(&stream.content, flate2::Compression::new(2))
                };
                if compressed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(compressed);
                }
            }
        }
    }
}
