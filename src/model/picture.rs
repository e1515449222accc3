//! Pictures ready for the PDF: exercise illustrations and logos, decoded by `resolve`.

use crate::model::Rgb;

/// The largest box an exercise picture prints in (large print included); raster pictures are
/// downscaled to 300 dpi at this size.
pub const EXERCISE_PICTURE_BOX: PrintBox = PrintBox { width_mm: 80.0, height_mm: 55.0 };
/// The largest box a logo prints in.
pub const LOGO_BOX: PrintBox = PrintBox { width_mm: 45.0, height_mm: 22.0 };

#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    Vector(VectorArt),
    Raster(RasterImage),
}

impl Picture {
    /// Width divided by height.
    pub fn aspect(&self) -> f32 {
        match self {
            Picture::Vector(v) => v.width / v.height,
            Picture::Raster(r) => r.width as f32 / r.height as f32,
        }
    }

    /// About how many bytes this picture holds, for bounding caches.
    pub fn bytes(&self) -> usize {
        match self {
            Picture::Vector(v) => 64 + v.shapes.iter().map(|s| 48 + s.path.len() * std::mem::size_of::<PathOp>()).sum::<usize>(),
            Picture::Raster(r) => 64 + r.data.len() + r.alpha.as_ref().map_or(0, Vec::len),
        }
    }
}

/// Vector shapes in the picture's own units, y pointing down, origin top left.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorArt {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
    /// The compressed drawing of a built-in picture, made when the binary was built
    /// (`render::vector`); `None` for the others, which render draws.
    pub form: Option<&'static [u8]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub path: Vec<PathOp>,
    pub fill: Option<Rgb>,
    pub even_odd: bool,
    pub stroke: Option<Stroke>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    Move(f32, f32),
    Line(f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
    pub round_cap: bool,
    pub round_join: bool,
}

/// A raster picture, already encoded the way the PDF stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterImage {
    pub width: u32,
    pub height: u32,
    pub gray: bool,
    pub encoding: Encoding,
    /// The colour samples: JPEG bytes, or zlib-compressed 8-bit samples.
    pub data: Vec<u8>,
    /// zlib-compressed 8-bit alpha samples, when the picture has transparency.
    pub alpha: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Jpeg,
    Flate,
}

/// The largest box a picture prints in, in millimetres; raster pictures are downscaled to it.
#[derive(Debug, Clone, Copy)]
pub struct PrintBox {
    pub width_mm: f32,
    pub height_mm: f32,
}
