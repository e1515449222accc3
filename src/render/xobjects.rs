//! Pictures and QR codes as PDF XObjects: raster pictures as images, vector pictures and QR
//! codes as forms. A form's drawing is compressed once per cache and reused by every handout
//! that shows the same picture.

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

use crate::model::picture::{Encoding, PathOp, RasterImage, VectorArt};
use crate::model::qr::QUIET_ZONE;
use crate::model::{Picture, Qr, Rgb};

use super::finish::deflate_with;
use super::{Cache, Drawn};

pub(crate) fn image_xobject(r: &RasterImage) -> ExternalXObject {
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

/// A vector picture as a form XObject in its own units (y up), BBox `0 0 width height`.
pub(crate) fn form_xobject(cache: &Cache, picture: &Arc<Picture>, v: &VectorArt) -> ExternalXObject {
    let content = cached_form(cache, Drawn::Picture(picture.clone()), &|| form_content(v));
    form(content, v.width, v.height)
}

/// A QR code as a form XObject in module units, quiet zone included (BBox `0 0 span span`).
pub(crate) fn qr_xobject(cache: &Cache, qr: &Arc<Qr>) -> ExternalXObject {
    let content = cached_form(cache, Drawn::Qr(qr.clone()), &|| qr_content(qr));
    let span = qr.span() as f32;
    form(content, span, span)
}

/// The compressed drawing of `what`, from the cache or drawn now.
fn cached_form(cache: &Cache, what: Drawn, draw: &dyn Fn() -> Vec<u8>) -> Arc<Vec<u8>> {
    let key = what.key();
    let made = cache.forms.get_or_make(
        &key,
        || Ok::<_, std::convert::Infallible>((what.clone(), Arc::new(deflate_with(cache, &draw(), flate2::Compression::new(6))))),
        |(_, bytes)| bytes.len() + 64,
    );
    match made {
        Ok((_, bytes)) => bytes,
        Err(never) => match never {},
    }
}

fn form(compressed: Arc<Vec<u8>>, width: f32, height: f32) -> ExternalXObject {
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
pub(crate) fn qr_content(qr: &Qr) -> Vec<u8> {
    let span = qr.span() as f32;
    let zone = QUIET_ZONE as f32;
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

/// The operators that draw `v` in its own units, flipped so y points up.
pub(crate) fn form_content(v: &VectorArt) -> Vec<u8> {
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
pub(crate) fn number(out: &mut Vec<u8>, n: f32) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::picture::{Shape, Stroke};

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        let mut out = Vec::new();
        for n in [12.5, -0.125, 3.0, 0.0004, 1.23456, -7.0] {
            number(&mut out, n);
            out.push(b' ');
        }
        assert_eq!(text(out), "12.5 -0.125 3 0 1.235 -7 ");
    }

    #[test]
    fn vector_art_is_drawn_y_up_with_its_paint() {
        let v = VectorArt {
            width: 100.0,
            height: 50.0,
            shapes: vec![
                Shape {
                    path: vec![PathOp::Move(0.0, 0.0), PathOp::Line(10.0, 20.0), PathOp::Close],
                    fill: Some(Rgb(255, 0, 0)),
                    even_odd: false,
                    stroke: Some(Stroke { color: Rgb(0, 0, 255), width: 2.0, round_cap: true, round_join: false }),
                },
                Shape { path: vec![PathOp::Move(1.0, 1.0)], fill: None, even_odd: false, stroke: None },
            ],
        };
        assert_eq!(text(form_content(&v)), "1 0 0 rg\n0 0 1 RG\n2 w\n1 J\n0 j\n0 50 m\n10 30 l\nh\nB\n");
    }

    #[test]
    fn qr_runs_become_rectangles_inside_the_quiet_zone() {
        let qr = Qr { width: 2, dark: vec![true, true, false, true] };
        // span 10: row 0 is y 10-4-0-1 = 5, row 1 is y 4.
        assert_eq!(text(qr_content(&qr)), "0 g\n4 5 2 1 re\n5 4 1 1 re\nf\n");
    }
}
