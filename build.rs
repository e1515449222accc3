//! Embeds every picture in `images/` so the binary works from any directory, and each SVG among
//! them also as its shapes (`src/resolve/svg.rs`) and its compressed PDF drawing
//! (`src/render/vector.rs`), made now so a render neither parses nor draws it.
use std::fmt::Write as _;
use std::path::Path;

/// The parts of the crate the conversion uses, compiled into this build script too.
#[allow(dead_code)]
#[path = "src/model/colour.rs"]
pub mod colour;
#[allow(dead_code)]
#[path = "src/model/picture.rs"]
pub mod picture;
mod model {
    pub use super::colour::Rgb;
    pub use super::picture;
}
#[allow(dead_code)]
#[path = "src/resolve/svg.rs"]
mod svg;
#[allow(dead_code)]
#[path = "src/render/vector.rs"]
mod vector;

fn main() {
    println!("cargo:rerun-if-changed=images");
    for file in ["src/resolve/svg.rs", "src/render/vector.rs", "src/model/picture.rs", "src/model/colour.rs"] {
        println!("cargo:rerun-if-changed={file}");
    }
    let mut names: Vec<String> = std::fs::read_dir("images")
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".svg") || n.ends_with(".png") || n.ends_with(".jpg"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::from("/// Pictures embedded from `images/`: (file name, bytes).\npub const IMAGES: &[(&str, &[u8])] = &[\n");
    for name in &names {
        let path = Path::new(&root).join("images").join(name);
        writeln!(code, "    ({name:?}, include_bytes!({:?})),", path.display().to_string()).expect("write to String");
    }
    code.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    code.push_str("/// The SVG pictures among them: (file name, shapes as `resolve::svg::encode` writes them,\n/// zlib-compressed PDF drawing from `render::vector::form_content`).\npub const VECTORS: &[(&str, &[u8], &[u8])] = &[\n");
    for name in names.iter().filter(|n| n.ends_with(".svg")) {
        let path = Path::new(&root).join("images").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let tree = usvg::Tree::from_str(&text, &usvg::Options::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let art = svg::vector_art(&tree).unwrap_or_else(|| panic!("{} draws nothing", path.display()));
        let shapes = Path::new(&out_dir).join(format!("{name}.shapes"));
        std::fs::write(&shapes, svg::encode(&art)).expect("write the shapes of a built-in picture");
        let form = Path::new(&out_dir).join(format!("{name}.form"));
        std::fs::write(&form, compress(&vector::form_content(&art))).expect("write the drawing of a built-in picture");
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?}), include_bytes!({:?})),",
            shapes.display().to_string(),
            form.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    println!("cargo:rerun-if-changed=lang");
    let mut langs: Vec<String> = std::fs::read_dir("lang")
        .map(|dir| {
            dir.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".yaml")).collect()
        })
        .unwrap_or_default();
    langs.sort();
    code.push_str("/// Language files embedded from `lang/`: (code, YAML text).\npub const LANGUAGES: &[(&str, &str)] = &[\n");
    for name in &langs {
        let path = Path::new(&root).join("lang").join(name);
        let code_name = name.trim_end_matches(".yaml");
        writeln!(code, "    ({code_name:?}, include_str!({:?})),", path.display().to_string()).expect("write to String");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("images.rs");
    std::fs::write(out, code).expect("write generated images.rs");
}

/// A built-in picture's drawing, compressed as hard as zlib can: it is done once, here.
fn compress(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).expect("compress to memory");
    z.finish().expect("compress to memory")
}
