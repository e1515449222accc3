//! A vector picture as PDF drawing operators, for its form XObject.
//!
//! `build.rs` includes this file too: the built-in pictures are drawn and compressed once, at
//! build time, so a render copies their forms instead of drawing them. Only `crate::model` is
//! used here.

use crate::model::picture::{PathOp, VectorArt};
use crate::model::Rgb;

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
/// Pictures are thousands of numbers, so this writes digits itself rather than formatting.
pub(crate) fn number(out: &mut Vec<u8>, n: f32) {
    let thousandths = (f64::from(n) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let t = thousandths.unsigned_abs();
    let mut whole = t / 1000;
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
    let frac = t % 1000;
    if frac != 0 {
        let decimals = [b'.', b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        let len = if frac.is_multiple_of(100) {
            2
        } else if frac.is_multiple_of(10) {
            3
        } else {
            4
        };
        out.extend_from_slice(&decimals[..len]);
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
        for n in [12.5, -0.125, 3.0, 0.0004, 1.23456, -7.0, 1234567.0, 0.05, -0.0004, 10.01] {
            number(&mut out, n);
            out.push(b' ');
        }
        assert_eq!(text(out), "12.5 -0.125 3 0 1.235 -7 1234567 0.05 0 10.01 ");
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
            form: None,
        };
        assert_eq!(text(form_content(&v)), "1 0 0 rg\n0 0 1 RG\n2 w\n1 J\n0 j\n0 50 m\n10 30 l\nh\nB\n");
    }
}
