//! SVG drawings as vector shapes, and the compact binary form the built-in pictures take.
//!
//! `build.rs` includes this file too: it converts every SVG in `images/` once, at build time,
//! into the form `encode` writes, so a render reads the built-in pictures with `decode` instead
//! of parsing SVG. The two ways give the same shapes, bit for bit (tested below), so a built-in
//! picture prints exactly as the SVG file it came from. Only `crate::model` is used here.

use crate::model::picture::{PathOp, Shape, Stroke, VectorArt};
use crate::model::Rgb;

/// The shapes of a parsed SVG, in its own units; `None` when it has nothing to draw.
pub fn vector_art(tree: &usvg::Tree) -> Option<VectorArt> {
    let size = tree.size();
    let mut shapes = Vec::new();
    collect_shapes(tree.root(), &mut shapes);
    (!shapes.is_empty()).then(|| VectorArt { width: size.width(), height: size.height(), shapes, form: None })
}

fn collect_shapes(group: &usvg::Group, out: &mut Vec<Shape>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_shapes(g, out),
            usvg::Node::Path(p) if p.is_visible() => {
                if let Some(shape) = convert_path(p) {
                    out.push(shape);
                }
            }
            _ => {}
        }
    }
}

fn paint_color(paint: &usvg::Paint) -> Rgb {
    match paint {
        usvg::Paint::Color(c) => Rgb(c.red, c.green, c.blue),
        // Gradients and patterns: use the first stop, or a neutral mid grey.
        usvg::Paint::LinearGradient(g) => {
            g.stops().first().map_or(Rgb(128, 128, 128), |s| Rgb(s.color().red, s.color().green, s.color().blue))
        }
        usvg::Paint::RadialGradient(g) => {
            g.stops().first().map_or(Rgb(128, 128, 128), |s| Rgb(s.color().red, s.color().green, s.color().blue))
        }
        usvg::Paint::Pattern(_) => Rgb(128, 128, 128),
    }
}

fn convert_path(p: &usvg::Path) -> Option<Shape> {
    let t = p.abs_transform();
    let map = |pt: usvg::tiny_skia_path::Point| {
        let mut q = pt;
        t.map_point(&mut q);
        (q.x, q.y)
    };
    let mut path = Vec::new();
    let mut last = (0.0, 0.0);
    for seg in p.data().segments() {
        use usvg::tiny_skia_path::PathSegment as S;
        match seg {
            S::MoveTo(a) => {
                last = map(a);
                path.push(PathOp::Move(last.0, last.1));
            }
            S::LineTo(a) => {
                last = map(a);
                path.push(PathOp::Line(last.0, last.1));
            }
            S::QuadTo(c, a) => {
                let (cx, cy) = map(c);
                let (x, y) = map(a);
                // Quadratic to cubic.
                let c1 = (last.0 + 2.0 / 3.0 * (cx - last.0), last.1 + 2.0 / 3.0 * (cy - last.1));
                let c2 = (x + 2.0 / 3.0 * (cx - x), y + 2.0 / 3.0 * (cy - y));
                path.push(PathOp::Cubic(c1.0, c1.1, c2.0, c2.1, x, y));
                last = (x, y);
            }
            S::CubicTo(c1, c2, a) => {
                let (x1, y1) = map(c1);
                let (x2, y2) = map(c2);
                last = map(a);
                path.push(PathOp::Cubic(x1, y1, x2, y2, last.0, last.1));
            }
            S::Close => path.push(PathOp::Close),
        }
    }
    if path.is_empty() {
        return None;
    }
    let scale = (t.sx * t.sy - t.kx * t.ky).abs().sqrt();
    let fill = p.fill().map(|f| paint_color(f.paint()));
    let even_odd = p.fill().is_some_and(|f| f.rule() == usvg::FillRule::EvenOdd);
    let stroke = p.stroke().map(|s| Stroke {
        color: paint_color(s.paint()),
        width: s.width().get() * scale,
        round_cap: s.linecap() == usvg::LineCap::Round,
        round_join: s.linejoin() == usvg::LineJoin::Round,
    });
    if fill.is_none() && stroke.is_none() {
        return None;
    }
    Some(Shape { path, fill, even_odd, stroke })
}

// The compact form: little-endian; the size, then each shape as a flags byte, its paint and
// its path operators (a tag byte and their numbers).
const FILL: u8 = 1;
const EVEN_ODD: u8 = 2;
const STROKE: u8 = 4;
const ROUND_CAP: u8 = 8;
const ROUND_JOIN: u8 = 16;
const END: u8 = 0;
const MOVE: u8 = 1;
const LINE: u8 = 2;
const CUBIC: u8 = 3;
const CLOSE: u8 = 4;

/// `v` in the compact form.
pub fn encode(v: &VectorArt) -> Vec<u8> {
    let mut out = Vec::new();
    let num = |out: &mut Vec<u8>, n: f32| out.extend_from_slice(&n.to_le_bytes());
    let rgb = |out: &mut Vec<u8>, c: Rgb| out.extend_from_slice(&[c.0, c.1, c.2]);
    num(&mut out, v.width);
    num(&mut out, v.height);
    for shape in &v.shapes {
        let stroke = shape.stroke.as_ref();
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        out.push(
            flag(shape.fill.is_some(), FILL)
                | flag(shape.even_odd, EVEN_ODD)
                | flag(stroke.is_some(), STROKE)
                | flag(stroke.is_some_and(|s| s.round_cap), ROUND_CAP)
                | flag(stroke.is_some_and(|s| s.round_join), ROUND_JOIN),
        );
        if let Some(c) = shape.fill {
            rgb(&mut out, c);
        }
        if let Some(s) = stroke {
            rgb(&mut out, s.color);
            num(&mut out, s.width);
        }
        for op in &shape.path {
            let (tag, numbers): (u8, &[f32]) = match op {
                PathOp::Move(x, y) => (MOVE, &[*x, *y]),
                PathOp::Line(x, y) => (LINE, &[*x, *y]),
                PathOp::Cubic(a, b, c, d, e, f) => (CUBIC, &[*a, *b, *c, *d, *e, *f]),
                PathOp::Close => (CLOSE, &[]),
            };
            out.push(tag);
            for n in numbers {
                num(&mut out, *n);
            }
        }
        out.push(END);
    }
    out
}

/// The drawing `encode` wrote; `None` if `bytes` are not such a drawing.
pub fn decode(bytes: &[u8]) -> Option<VectorArt> {
    let mut r = Reader(bytes);
    let (width, height) = (r.num()?, r.num()?);
    let mut shapes = Vec::new();
    while let Some(flags) = r.byte() {
        let fill = if flags & FILL != 0 { Some(r.rgb()?) } else { None };
        let stroke = if flags & STROKE != 0 {
            let (color, width) = (r.rgb()?, r.num()?);
            Some(Stroke { color, width, round_cap: flags & ROUND_CAP != 0, round_join: flags & ROUND_JOIN != 0 })
        } else {
            None
        };
        let mut path = Vec::new();
        loop {
            path.push(match r.byte()? {
                END => break,
                MOVE => PathOp::Move(r.num()?, r.num()?),
                LINE => PathOp::Line(r.num()?, r.num()?),
                CUBIC => PathOp::Cubic(r.num()?, r.num()?, r.num()?, r.num()?, r.num()?, r.num()?),
                CLOSE => PathOp::Close,
                _ => return None,
            });
        }
        shapes.push(Shape { path, fill, even_odd: flags & EVEN_ODD != 0, stroke });
    }
    Some(VectorArt { width, height, shapes, form: None })
}

/// Reads the compact form from the front.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, tail) = self.0.split_first_chunk::<N>()?;
        self.0 = tail;
        Some(*head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }

    fn num(&mut self) -> Option<f32> {
        self.take::<4>().map(f32::from_le_bytes)
    }

    fn rgb(&mut self) -> Option<Rgb> {
        self.take::<3>().map(|[r, g, b]| Rgb(r, g, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    use crate::model::picture::{Picture, EXERCISE_PICTURE_BOX};

    #[test]
    fn every_built_in_svg_was_converted_to_the_shapes_reading_it_now_gives() {
        let svgs: Vec<_> = crate::assets::IMAGES.iter().filter(|(name, _)| name.ends_with(".svg")).collect();
        assert_eq!(svgs.len(), crate::assets::VECTORS.len());
        assert!(svgs.len() >= 17);
        for (name, bytes) in svgs {
            let mut warnings = Vec::new();
            let read = super::super::picture::decode(std::path::Path::new(name), bytes, EXERCISE_PICTURE_BOX, &mut warnings);
            let Ok(Picture::Vector(read)) = read else { panic!("{name} does not read as a vector picture") };
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            let (built, form) = crate::assets::vector(&format!("images/{name}")).expect("converted at build time");
            assert_eq!(decode(built).as_ref(), Some(&read), "{name}");
            assert_eq!(encode(&read), built, "{name}");
            // The drawing made at build time is the one render would make from the SVG now.
            let mut drawn = Vec::new();
            flate2::read::ZlibDecoder::new(form).read_to_end(&mut drawn).expect("a zlib stream");
            assert_eq!(drawn, crate::render::vector::form_content(&read), "{name}");
        }
    }

    #[test]
    fn the_compact_form_round_trips_every_kind_of_shape_and_refuses_a_cut_one() {
        let art = VectorArt {
            width: 240.0,
            height: 160.5,
            shapes: vec![
                Shape {
                    path: vec![
                        PathOp::Move(1.5, -2.0),
                        PathOp::Line(3.0, 4.0),
                        PathOp::Cubic(1.0, 2.0, 3.0, 4.0, 5.0, 6.25),
                        PathOp::Close,
                    ],
                    fill: Some(Rgb(10, 20, 30)),
                    even_odd: true,
                    stroke: Some(Stroke { color: Rgb(1, 2, 3), width: 2.5, round_cap: true, round_join: false }),
                },
                Shape { path: vec![PathOp::Move(0.0, 0.0)], fill: None, even_odd: false, stroke: None },
            ],
            form: None,
        };
        let bytes = encode(&art);
        assert_eq!(decode(&bytes), Some(art));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None, "a shape cut short");
        assert_eq!(decode(&bytes[..7]), None, "the size cut short");
        let mut bad = bytes.clone();
        bad[8 + 1 + 3 + 3 + 4] = 9;
        assert_eq!(decode(&bad), None, "an unknown operator");
    }
}
