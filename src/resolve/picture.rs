//! Pictures: exercise illustrations and logos, decoded once and made ready for the PDF.
//!
//! SVG becomes vector shapes (crisp at any size, a few KB). PNG and JPEG are decoded with size
//! limits, downscaled to about 300 dpi at the largest size they print, and compressed; a JPEG
//! that needs no downscaling is passed through unchanged.

use std::io::Cursor;
use std::path::Path;

use crate::error::{Error, Result, Warning};
use crate::model::picture::{Encoding, Picture, PrintBox, RasterImage, VectorArt};

/// Pictures whose pixel count exceeds this are refused before decoding (decompression bombs).
pub const MAX_PIXELS: u64 = 60_000_000;
/// Largest accepted width or height in pixels.
pub const MAX_SIDE: u32 = 16_000;
/// Print resolution that raster pictures are downscaled to.
pub const PRINT_DPI: f32 = 300.0;
/// Below this resolution at its printed size a raster picture will look blurry.
pub const LOW_DPI: f32 = 150.0;

/// Decodes a picture file. `path` is only used in messages and to pick SVG by content or name.
pub fn decode(path: &Path, bytes: &[u8], fit: PrintBox, warnings: &mut Vec<Warning>) -> Result<Picture> {
    if bytes.is_empty() {
        return Err(Error::input(format!("{} is empty (0 bytes); expected a PNG, JPEG or SVG picture", path.display())));
    }
    if looks_like_svg(bytes) {
        return decode_svg(path, bytes, warnings).map(Picture::Vector);
    }
    decode_raster(path, bytes, fit, warnings).map(Picture::Raster)
}

/// Elements nested deeper than this in an SVG are refused before it is parsed. Drawings from
/// illustration programs nest a few levels, rarely twenty.
pub const MAX_SVG_DEPTH: usize = 100;

/// How deeply elements nest in an XML text, by a quick scan that skips comments, CDATA,
/// processing instructions, declarations and quoted attribute values. Never less than the
/// real depth for well-formed XML.
fn svg_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let skip_to =
        |from: usize, end: &[u8]| bytes[from..].windows(end.len()).position(|w| w == end).map_or(bytes.len(), |p| from + p + end.len());
    let (mut i, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    while let Some(p) = bytes[i..].iter().position(|b| *b == b'<') {
        i += p + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i = skip_to(i, b"-->");
        } else if rest.starts_with(b"![CDATA[") {
            i = skip_to(i, b"]]>");
        } else if rest.starts_with(b"?") || rest.starts_with(b"!") {
            i = skip_to(i, b">");
        } else if rest.starts_with(b"/") {
            depth = depth.saturating_sub(1);
            i = skip_to(i, b">");
        } else {
            // A start tag: to its `>`, past quoted values; `/>` closes it at once.
            let mut quote = None;
            let mut self_closing = false;
            while i < bytes.len() {
                let b = bytes[i];
                i += 1;
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => {
                        self_closing = i >= 2 && bytes[i - 2] == b'/';
                        break;
                    }
                    None => {}
                }
            }
            if !self_closing {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg") || text.starts_with("<?xml") || text.starts_with("<!--") || text.starts_with("<!DOCTYPE svg")
}

fn decode_svg(path: &Path, bytes: &[u8], warnings: &mut Vec<Warning>) -> Result<VectorArt> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(format!("{} is not a readable SVG file: it is not UTF-8 text", path.display())))?;
    // The SVG reader recurses once per nested element; 50,000 nested groups overflow the stack.
    let depth = svg_depth(text);
    if depth > MAX_SVG_DEPTH {
        return Err(Error::input(format!("{}: the SVG nests {depth} levels deep; at most {MAX_SVG_DEPTH} are allowed", path.display()))
            .hint("export the picture again from your drawing program (ungroup or flatten it), or as PNG or JPEG"));
    }
    // No file or network access while reading an SVG: nested <image> references are dropped.
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver { resolve_data: Box::new(|_, _, _| None), resolve_string: Box::new(|_, _| None) },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(text, &options).map_err(|e| {
        Error::input(format!("{} is not a readable SVG file: {e}", path.display()))
            .hint("export the picture again as plain SVG, PNG or JPEG")
    })?;
    if text.contains("<text") {
        warnings.push(Warning::new(format!(
            "{}: text inside the SVG is not drawn; convert text to paths (outlines) in your drawing program",
            path.display()
        )));
    }
    if text.contains("<image") || text.contains("<script") {
        warnings.push(Warning::new(format!("{}: embedded pictures and scripts inside the SVG are ignored", path.display())));
    }
    super::svg::vector_art(&tree).ok_or_else(|| Error::input(format!("{} has nothing that can be drawn (no shapes)", path.display())))
}

fn decode_raster(path: &Path, bytes: &[u8], fit: PrintBox, warnings: &mut Vec<Warning>) -> Result<RasterImage> {
    let name = path.display();
    let format = image::guess_format(bytes)
        .map_err(|_| Error::input(format!("{name} is not a picture this tool can read")).hint("use a PNG, JPEG or SVG file"))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        let kind = format!("{format:?}").to_uppercase();
        return Err(Error::input(format!("{name} is a {kind} picture, which is not supported")).hint("convert it to PNG, JPEG or SVG"));
    }
    // The size comes from the header alone, so a file that claims to be huge (a decompression
    // bomb) is refused with its size before anything is allocated for it.
    let mut header = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    header.limits(limits);
    let mut decoder = header.into_decoder().map_err(|e| broken(path, &e))?;
    let (w, h) = image::ImageDecoder::dimensions(&decoder);
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Error::input(format!("{name} is too large to use ({w} x {h} pixels)"))
            .hint(format!("use a picture of at most {MAX_SIDE} pixels on each side and {} megapixels", MAX_PIXELS / 1_000_000)));
    }
    image::ImageDecoder::set_limits(&mut decoder, decode_limits()).map_err(|e| broken(path, &e))?;
    // A header that claims more pixels than the file's data could hold: decoding would allocate
    // the whole picture and fill it with grey.
    let bytes_per_pixel = u64::from(image::ImageDecoder::color_type(&decoder).bytes_per_pixel());
    if (bytes.len() as u64) < least_bytes(format, w, h, bytes_per_pixel) {
        return Err(Error::input(format!(
            "{name} is damaged: its header says {w} x {h} pixels, but the file is only {} bytes, too small to hold them",
            bytes.len()
        ))
        .hint("it was probably not copied completely, or a program wrote it wrongly; export it again as PNG or JPEG"));
    }
    // A JPEG decoder fills a cut-off picture with grey without complaint; a complete JPEG has an
    // end-of-image marker (FF D9), which cannot occur inside its compressed data.
    if format == image::ImageFormat::Jpeg && !bytes.windows(2).any(|m| m == [0xFF, 0xD9]) {
        return Err(Error::input(format!("{name} is damaged: the file ends before the picture does"))
            .hint("it was probably not copied or downloaded completely; copy it again, or export it again as PNG or JPEG"));
    }
    // Phones store a photo as the sensor saw it and say in EXIF which way up it goes.
    let orientation = image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut decoded = image::DynamicImage::from_decoder(decoder).map_err(|e| broken(path, &e))?;
    decoded.apply_orientation(orientation);
    let upright = orientation == image::metadata::Orientation::NoTransforms;
    let (w, h) = (decoded.width(), decoded.height());

    // Target pixel size: 300 dpi at the largest size this picture can print.
    let scale_to_fit = (fit.width_mm / w as f32).min(fit.height_mm / h as f32);
    let printed_w_mm = w as f32 * scale_to_fit;
    let dpi_at_print = w as f32 / (printed_w_mm / 25.4);
    if dpi_at_print < LOW_DPI {
        let sharp = |px: u32| (px as f32 * LOW_DPI / dpi_at_print).ceil() as u32;
        warnings.push(Warning::new(format!(
            "{name} is only {w} x {h} pixels; it will print at about {dpi_at_print:.0} dpi and may look blurry (150 dpi or more is recommended: a version of at least {} x {} pixels)",
            sharp(w),
            sharp(h)
        )));
    }
    let target_w = ((printed_w_mm / 25.4) * PRINT_DPI).ceil() as u32;
    let needs_downscale = w > target_w.max(1);

    let has_alpha = decoded.color().has_alpha() && decoded.to_rgba8().pixels().any(|p| p[3] != 255);
    let gray = is_gray(&decoded);

    let is_plain_jpeg = format == image::ImageFormat::Jpeg
        && matches!(decoded.color(), image::ColorType::Rgb8 | image::ColorType::L8)
        && !is_cmyk_jpeg(bytes);
    if is_plain_jpeg && !needs_downscale && upright {
        return Ok(RasterImage {
            width: w,
            height: h,
            gray: decoded.color() == image::ColorType::L8,
            encoding: Encoding::Jpeg,
            data: bytes.to_vec(),
            alpha: None,
        });
    }

    let picture = if needs_downscale {
        let target_h = ((h as f32 * target_w as f32 / w as f32).round() as u32).max(1);
        if w >= 2 * target_w {
            // Averaging each target pixel's area: as sharp as a triangle filter at this ratio,
            // without its full-width floating-point copy of the picture (64 MB for a 6 MP photo).
            decoded.thumbnail_exact(target_w, target_h)
        } else {
            decoded.resize_exact(target_w, target_h, image::imageops::FilterType::Triangle)
        }
    } else {
        decoded
    };
    let (pw, ph) = (picture.width(), picture.height());
    let alpha = if has_alpha {
        let rgba = picture.to_rgba8();
        Some(zlib(&rgba.pixels().map(|p| p[3]).collect::<Vec<_>>()))
    } else {
        None
    };

    if format == image::ImageFormat::Jpeg && !has_alpha {
        // A photo: keep it a JPEG.
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        let rgb =
            if gray { image::DynamicImage::ImageLuma8(picture.to_luma8()) } else { image::DynamicImage::ImageRgb8(picture.to_rgb8()) };
        rgb.write_with_encoder(encoder).map_err(|e| Error::failure(format!("cannot re-encode {name}: {e}")))?;
        return Ok(RasterImage { width: pw, height: ph, gray, encoding: Encoding::Jpeg, data: out, alpha: None });
    }
    let samples = if gray { picture.to_luma8().into_raw() } else { picture.to_rgb8().into_raw() };
    Ok(RasterImage { width: pw, height: ph, gray, encoding: Encoding::Flate, data: zlib(&samples), alpha })
}

/// The fewest bytes a file of this format could hold a `w` x `h` picture in. A JPEG codes every
/// 8 x 8 block with at least about a bit (a quarter of that is asked for); deflate, inside a
/// PNG, packs at most 1032 bytes into one (half of that is asked for).
fn least_bytes(format: image::ImageFormat, w: u32, h: u32, bytes_per_pixel: u64) -> u64 {
    let (w, h) = (u64::from(w), u64::from(h));
    match format {
        image::ImageFormat::Jpeg => w.div_ceil(8) * h.div_ceil(8) / 32,
        _ => h * (1 + w * bytes_per_pixel) / 2064,
    }
}

/// What decoding may allocate: a picture within the size limits, in any colour type.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 8);
    limits
}

fn broken(path: &Path, e: &image::ImageError) -> Error {
    let detail = match e {
        image::ImageError::Limits(_) => "it is too large to decode safely".to_string(),
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends before the picture does (it was probably not copied completely)".to_string()
        }
        image::ImageError::Decoding(_) if e.to_string().to_lowercase().contains("end of file") => {
            "the file ends before the picture does (it was probably not copied completely)".to_string()
        }
        image::ImageError::Decoding(_) => "its picture data is corrupt".to_string(),
        _ => format!("{e}"),
    };
    Error::input(format!("{} is damaged or not a valid picture: {detail}", path.display()))
        .hint("open it in an image viewer, then export it again as PNG or JPEG")
}

fn is_gray(img: &image::DynamicImage) -> bool {
    let same = |p: &[u8]| p[0] == p[1] && p[1] == p[2];
    match img {
        // Looked at in place: a copy of a photo is as big as the photo.
        image::DynamicImage::ImageRgb8(buf) => buf.pixels().all(|p| same(&p.0)),
        image::DynamicImage::ImageRgba8(buf) => buf.pixels().all(|p| same(&p.0)),
        _ => match img.color() {
            image::ColorType::L8 | image::ColorType::La8 | image::ColorType::L16 | image::ColorType::La16 => true,
            _ => img.to_rgb8().pixels().all(|p| same(&p.0)),
        },
    }
}

/// Adobe CMYK JPEGs decode (inverted) to RGB in the image crate; re-encode them rather than pass
/// the CMYK bytes through as if they were RGB.
fn is_cmyk_jpeg(bytes: &[u8]) -> bool {
    // SOF markers carry the component count at offset 9 from the marker.
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            return bytes[i + 9] == 4;
        }
        i += 2 + len;
    }
    false
}

pub fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::picture::PathOp;

    const BOX: PrintBox = PrintBox { width_mm: 50.0, height_mm: 40.0 };

    fn png(w: u32, h: u32, color: image::ColorType) -> Vec<u8> {
        let img = image::DynamicImage::new(w, h, color);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn big_raster_is_downscaled_to_print_resolution() {
        let mut w = Vec::new();
        let pic = decode(Path::new("a.png"), &png(3000, 2000, image::ColorType::Rgb8), BOX, &mut w).unwrap();
        let Picture::Raster(r) = pic else { panic!("expected raster") };
        // 50 mm at 300 dpi = 591 px
        assert_eq!(r.width, 591);
        assert_eq!(r.height, 394);
        assert!(w.is_empty());
    }

    #[test]
    fn small_raster_warns_blurry() {
        let mut w = Vec::new();
        decode(Path::new("logo.png"), &png(60, 40, image::ColorType::Rgba8), BOX, &mut w).unwrap();
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("may look blurry"), "{}", w[0].message);
    }

    #[test]
    fn svg_becomes_shapes() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200" width="300" height="200">
            <g transform="translate(10 0)"><line x1="0" y1="0" x2="100" y2="0" stroke="#2F4A68" stroke-width="8" stroke-linecap="round"/></g>
            <circle cx="50" cy="50" r="10" fill="#2F4A68"/></svg>"##;
        let mut w = Vec::new();
        let Picture::Vector(v) = decode(Path::new("a.svg"), svg, BOX, &mut w).unwrap() else { panic!() };
        assert_eq!((v.width, v.height), (300.0, 200.0));
        assert_eq!(v.shapes.len(), 2);
        assert_eq!(v.shapes[0].path[0], PathOp::Move(10.0, 0.0));
        assert!(v.shapes[0].stroke.unwrap().round_cap);
    }

    fn nested_svg(levels: usize) -> Vec<u8> {
        let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">"#);
        svg.push_str(&"<g>".repeat(levels));
        svg.push_str(r##"<rect width="5" height="5" fill="#000"/>"##);
        svg.push_str(&"</g>".repeat(levels));
        svg.push_str("</svg>");
        svg.into_bytes()
    }

    #[test]
    fn svg_depth_is_counted_outside_comments_and_quotes() {
        assert_eq!(svg_depth(r#"<?xml version="1.0"?><!-- <g><g> --><svg a="<g>" b='>'><g/><g><path/></g><![CDATA[<g><g>]]></svg>"#), 2);
        assert_eq!(svg_depth(std::str::from_utf8(&nested_svg(7)).unwrap()), 8);
    }

    #[test]
    fn deeply_nested_svg_is_refused_and_the_limit_decodes_on_a_small_stack() {
        let mut w = Vec::new();
        let e = decode(Path::new("deep.svg"), &nested_svg(50_000), BOX, &mut w).unwrap_err();
        assert_eq!(e.message, "deep.svg: the SVG nests 50001 levels deep; at most 100 are allowed");
        // At the limit, the SVG reader fits in a 2 MB stack (a worker thread's default), even unoptimised.
        let at_limit = nested_svg(MAX_SVG_DEPTH - 1);
        let ok = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || decode(Path::new("ok.svg"), &at_limit, BOX, &mut Vec::new()).is_ok())
            .unwrap()
            .join()
            .unwrap();
        assert!(ok);
    }

    /// A 32 x 16 JPEG, red in its top-left quarter and blue elsewhere, that says in EXIF which
    /// way up it goes (`orientation` 1 to 8), as a phone writes it.
    pub(crate) fn jpeg_with_orientation(orientation: u16) -> Vec<u8> {
        let img = image::RgbImage::from_fn(32, 16, |x, y| if x < 16 && y < 8 { image::Rgb([255, 0, 0]) } else { image::Rgb([0, 0, 255]) });
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)).unwrap();
        // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112, SHORT).
        let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend(&jpeg[2..]);
        out
    }

    #[test]
    fn exif_orientation_is_applied_for_all_eight_values() {
        // Where the red quarter (the sensor's top-left) ends up, and whether the sides swap.
        let expected = [
            (1, "top-left", false),
            (2, "top-right", false),
            (3, "bottom-right", false),
            (4, "bottom-left", false),
            (5, "top-left", true),
            (6, "top-right", true),
            (7, "bottom-right", true),
            (8, "bottom-left", true),
        ];
        for (value, corner, swapped) in expected {
            let mut w = Vec::new();
            let Picture::Raster(r) = decode(Path::new("phone.jpg"), &jpeg_with_orientation(value), BOX, &mut w).unwrap() else { panic!() };
            assert_eq!((r.width, r.height), if swapped { (16, 32) } else { (32, 16) }, "orientation {value}");
            let shown = image::load_from_memory(&r.data).unwrap().to_rgb8();
            let (x, y) = match corner {
                "top-left" => (1, 1),
                "top-right" => (r.width - 2, 1),
                "bottom-right" => (r.width - 2, r.height - 2),
                _ => (1, r.height - 2),
            };
            let p = shown.get_pixel(x, y);
            assert!(p[0] > 200 && p[2] < 60, "orientation {value}: the {corner} pixel is {p:?}, not red");
            let q = shown.get_pixel(r.width - 1 - x, r.height - 1 - y);
            assert!(q[2] > 200 && q[0] < 60, "orientation {value}: the opposite corner is {q:?}, not blue");
        }
    }

    #[test]
    fn a_jpeg_whose_header_claims_more_than_its_data_holds_is_damaged() {
        let mut w = Vec::new();
        let mut jpeg = jpeg_with_orientation(1);
        // The frame header's height and width (SOF0: FF C0, length, precision, height, width).
        let sof = jpeg.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
        jpeg[sof + 5..sof + 9].copy_from_slice(&[0x0E, 0xA6, 0x3E, 0x80]);
        let e = decode(Path::new("lies.jpg"), &jpeg, BOX, &mut w).unwrap_err();
        assert!(e.message.starts_with("lies.jpg is damaged: its header says 16000 x 3750 pixels, but the file is only"), "{}", e.message);
    }

    #[test]
    fn empty_and_garbage_are_refused() {
        let mut w = Vec::new();
        let e = decode(Path::new("x.png"), b"", BOX, &mut w).unwrap_err();
        assert_eq!(e.message, "x.png is empty (0 bytes); expected a PNG, JPEG or SVG picture");
        let e = decode(Path::new("x.png"), b"hello world", BOX, &mut w).unwrap_err();
        assert_eq!(e.message, "x.png is not a picture this tool can read");
    }

    #[test]
    fn every_library_exercise_has_a_vector_illustration_on_the_shared_canvas() {
        let lib = crate::resolve::library::builtin().unwrap();
        for e in &lib.exercises {
            let Some(crate::model::PictureRef::Builtin(path)) = &e.image else { panic!("{} has no built-in picture", e.id) };
            let bytes = crate::assets::image(path).unwrap_or_else(|| panic!("{path} is not embedded"));
            let mut w = Vec::new();
            let Picture::Vector(v) = decode(Path::new(path), bytes, BOX, &mut w).unwrap() else { panic!("{path} is not vector art") };
            assert_eq!((v.width, v.height), (300.0, 200.0), "{path}: every picture uses the same canvas");
            assert!(v.shapes.len() > 5, "{path} draws almost nothing");
            assert!(w.is_empty(), "{path}: {w:?}");
            assert!(bytes.len() < 16 * 1024, "{path} is {} bytes", bytes.len());
        }
    }

    /// The pictures' house rules, checked on the SVGs themselves: the shared canvas, figures
    /// (the groups whose id starts with `figure-`) spanning at least 80% of the canvas width
    /// (people lying or seen side-on) or height (standing or sitting), and a description in
    /// every language.
    #[test]
    fn every_library_illustration_fills_its_frame_and_has_a_description() {
        fn figures(group: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
            for node in group.children() {
                if let usvg::Node::Group(g) = node {
                    if g.id().starts_with("figure-") {
                        out.push((g.id().to_string(), g.abs_bounding_box()));
                    } else {
                        figures(g, out);
                    }
                }
            }
        }
        let lib = crate::resolve::library::builtin().unwrap();
        let languages: Vec<_> =
            crate::i18n::codes().into_iter().filter(|c| *c != "en").map(|c| crate::i18n::Language::parse(c).unwrap()).collect();
        for e in &lib.exercises {
            let Some(crate::model::PictureRef::Builtin(path)) = &e.image else { panic!("{} has no built-in picture", e.id) };
            let text = std::str::from_utf8(crate::assets::image(path).unwrap()).unwrap();
            let tree = usvg::Tree::from_str(text, &usvg::Options::default()).unwrap();
            assert_eq!((tree.size().width(), tree.size().height()), (300.0, 200.0), "{path}");
            let mut found = Vec::new();
            figures(tree.root(), &mut found);
            assert!(!found.is_empty(), "{path} has no figure group");
            let (x0, x1) =
                (found.iter().map(|f| f.1.left()).fold(f32::MAX, f32::min), found.iter().map(|f| f.1.right()).fold(0.0, f32::max));
            let (y0, y1) =
                (found.iter().map(|f| f.1.top()).fold(f32::MAX, f32::min), found.iter().map(|f| f.1.bottom()).fold(0.0, f32::max));
            let upright = found.iter().all(|(id, _)| id.starts_with("figure-standing") || id.starts_with("figure-sitting"));
            let (fill, of) = if upright { ((y1 - y0) / 200.0, "height") } else { ((x1 - x0) / 300.0, "width") };
            assert!(fill >= 0.8, "{path}: the figures span {:.0}% of the canvas {of}; at least 80% is the rule", fill * 100.0);
            let alt = e.alt.as_deref().unwrap_or_else(|| panic!("{} has no alt text", e.id));
            assert!((40..=220).contains(&alt.chars().count()), "{}: alt text of {} characters", e.id, alt.chars().count());
            for l in &languages {
                let t = l.file.library.as_ref().and_then(|t| t.exercises.get(&e.id));
                assert!(t.and_then(|t| t.alt.as_ref()).is_some_and(|a| !a.trim().is_empty()), "{} has no {} alt text", e.id, l.code);
            }
        }
    }
}
