//! Embeds every picture in `images/` so the binary works from any directory.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=images");
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
