//! Pictures and QR codes as PDF XObjects: raster pictures as images, vector pictures and QR
//! codes as forms. A form's drawing is compressed once per cache and reused by every handout
//! that shows the same picture.

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

use crate::model::picture::{Encoding, RasterImage, VectorArt};
use crate::model::qr::QUIET_ZONE;
use crate::model::{Picture, Qr};

use super::finish::deflate_with;
use super::vector::{form_content, number};
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
/// A built-in picture's form was drawn and compressed when the binary was built.
pub(crate) fn form_xobject(cache: &Cache, picture: &Arc<Picture>, v: &VectorArt) -> ExternalXObject {
    match v.form {
        Some(built) => form(built, v.width, v.height),
        None => form(&cached_form(cache, Drawn::Picture(picture.clone()), &|| form_content(v)), v.width, v.height),
    }
}

/// A QR code as a form XObject in module units, quiet zone included (BBox `0 0 span span`).
pub(crate) fn qr_xobject(cache: &Cache, qr: &Arc<Qr>) -> ExternalXObject {
    let content = cached_form(cache, Drawn::Qr(qr.clone()), &|| qr_content(qr));
    let span = qr.span() as f32;
    form(&content, span, span)
}

/// The compressed drawing of `what`, from the cache or drawn now.
fn cached_form(cache: &Cache, what: Drawn, draw: &dyn Fn() -> Vec<u8>) -> Arc<Vec<u8>> {
    let key = what.key();
    let made = cache.forms.get_or_make(
        &key,
        || Ok::<_, std::convert::Infallible>((what.clone(), Arc::new(deflate_with(cache, &draw())))),
        |(_, bytes)| bytes.len() + 64,
    );
    match made {
        Ok((_, bytes)) => bytes,
        Err(never) => match never {},
    }
}

fn form(compressed: &[u8], width: f32, height: f32) -> ExternalXObject {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn qr_runs_become_rectangles_inside_the_quiet_zone() {
        let qr = Qr { width: 2, dark: vec![true, true, false, true] };
        // span 10: row 0 is y 10-4-0-1 = 5, row 1 is y 4.
        assert_eq!(text(qr_content(&qr)), "0 g\n4 5 2 1 re\n5 4 1 1 re\nf\n");
    }
}
