//! Render: a laid-out `Document` → PDF bytes. The only module that knows printpdf; it never
//! decides where anything goes.
//!
//! - `ops`: one page's marks as printpdf operations;
//! - `xobjects`: pictures and QR codes as image and form XObjects; `vector`: a vector
//!   picture's drawing operators;
//! - `fonts`: font subsets and their tags;
//! - `finish`: what lopdf adds after printpdf (tags, metadata, compression, /ID);
//! - `cache`: what is kept between handouts.

pub mod cache;
pub mod finish;
pub mod fonts;
pub mod ops;
pub mod pdfa;
pub mod tags;
pub mod vector;
pub mod xobjects;

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{PdfDocument, PdfFont, PdfPage, Pt, XObject, XObjectId};

pub use cache::Cache;
pub(crate) use cache::Drawn;
pub use pdfa::ATTACHMENT_NAME;

use crate::error::{Error, Result};
use crate::fonts::Weight;
use crate::layout::{Document, Mark};
use crate::model::picture::{RasterImage, VectorArt};
use crate::model::{Picture, Qr};

pub(crate) const MM_TO_PT: f32 = 72.0 / 25.4;

/// What the PDF says made it.
pub const PRODUCER: &str = concat!("handout ", env!("CARGO_PKG_VERSION"));

/// Renders a laid-out document to a complete PDF file in memory.
pub fn render(document: &Document, cache: &Cache) -> Result<Vec<u8>> {
    let fonts = &document.fonts;
    let pages = &document.pages;
    let mut doc = PdfDocument::new(&document.title);

    // Fonts: one subset per weight, holding exactly the characters used.
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for mark in &page.marks {
            if let Mark::Text(t) = mark {
                used.entry(t.weight).or_default().extend(t.text.chars().filter(|c| !c.is_whitespace()));
                used.entry(t.weight).or_default().insert(' ');
            }
        }
    }
    let mut subset_names = Vec::new();
    for (weight, chars) in &used {
        let face = fonts.face(*weight);
        doc.resources.fonts.map.insert(fonts::font_id(*weight), PdfFont::new(fonts::subset(cache, face, chars)?));
        subset_names.push((face.name.clone(), fonts::subset_tag(chars, *weight)));
    }

    // Pictures become XObjects, each stored once however often it appears: raster pictures as
    // images, vector pictures as forms (drawn and compressed once per cache).
    let mut images: Vec<(*const RasterImage, XObjectId)> = Vec::new();
    let mut forms: Vec<(*const VectorArt, XObjectId)> = Vec::new();
    let mut qrs: Vec<(*const Qr, XObjectId)> = Vec::new();
    for page in pages {
        for mark in &page.marks {
            if let Mark::Qr { qr, .. } = mark {
                if !qrs.iter().any(|(p, _)| std::ptr::eq(*p, qr.as_ref())) {
                    let id = XObjectId(format!("Qr{}", qrs.len() + 1));
                    doc.resources.xobjects.map.insert(id.clone(), XObject::External(xobjects::qr_xobject(cache, qr)));
                    qrs.push((qr.as_ref() as *const _, id));
                }
            }
            if let Mark::Picture { picture, .. } = mark {
                match picture.as_ref() {
                    Picture::Raster(r) if !images.iter().any(|(p, _)| std::ptr::eq(*p, r)) => {
                        let id = XObjectId(format!("Im{}", images.len() + 1));
                        doc.resources.xobjects.map.insert(id.clone(), XObject::External(xobjects::image_xobject(r)));
                        images.push((r as *const _, id));
                    }
                    Picture::Vector(v) if !forms.iter().any(|(p, _)| std::ptr::eq(*p, v)) => {
                        let id = XObjectId(format!("Fm{}", forms.len() + 1));
                        doc.resources.xobjects.map.insert(id.clone(), XObject::External(xobjects::form_xobject(cache, picture, v)));
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

    let role = |node: crate::layout::NodeId| tags::role_name(document.structure.nodes[node].role);
    let mut mcids: Vec<Vec<crate::layout::NodeId>> = Vec::with_capacity(pages.len());
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            let qr_id = |qr: &Qr| qrs.iter().find(|(p, _)| std::ptr::eq(*p, qr)).map(|(_, id)| id.clone());
            let mut page_mcids = Vec::new();
            let ops = ops::page_ops(page, fonts, &xobject_id, &qr_id, &role, &mut page_mcids);
            mcids.push(page_mcids);
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

    let info = &mut doc.metadata.info;
    info.document_title = document.title.clone();
    info.author = document.author.clone();
    info.subject = document.subject.clone();
    info.creator = "handout".to_string();
    info.producer = PRODUCER.to_string();
    if let Some(secs) = document.created {
        let t = printpdf::DateTime::from_unix_timestamp(secs).map_err(|_| Error::input("the creation date is out of range"))?;
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }

    let opts = printpdf::PdfSaveOptions { optimize: true, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    finish::finish(&mut lo, &subset_names, document.created.is_some(), &document.language);
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    tags::tag(&mut lo, document, &page_ids, &mcids);
    let described = pdfa::Described {
        title: &document.title,
        author: &document.author,
        subject: &document.subject,
        language: &document.language,
        producer: PRODUCER,
        created: document.created,
    };
    pdfa::archive(&mut lo, &described, document.attachment.as_deref());
    finish::compress_streams(cache, &mut lo);
    let mut bytes = Vec::new();
    // Object streams pack the many small structure-tree objects into compressed streams.
    let save = lopdf::SaveOptions::builder().use_object_streams(true).use_xref_streams(true).compression_level(6).build();
    lo.save_with_options(&mut bytes, save).map_err(|e| Error::failure(format!("cannot write the PDF: {e}")))?;
    finish::stamp_id(&mut bytes);
    Ok(bytes)
}
