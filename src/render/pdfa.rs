//! What makes the PDF archival (PDF/A-3a) and identifiable as accessible (PDF/UA-1), added in
//! lopdf: XMP metadata that matches the document information, an sRGB output intent with its
//! ICC profile, and the prescription embedded as the handout's source (PDF/A-3 associated file).

use lopdf::{dictionary, Object, Stream};

use super::tags::text_string;

/// The name of the embedded prescription.
pub const ATTACHMENT_NAME: &str = "prescription.yaml";

/// Seconds since 1970 as an XMP date (`2026-11-21T12:00:00+00:00`) and as a PDF date.
fn dates(seconds: i64) -> (String, String) {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let d = crate::model::Date::from_days_since_epoch(days);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    (
        format!("{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}+00:00", d.year, d.month, d.day),
        format!("D:{:04}{:02}{:02}{h:02}{m:02}{s:02}+00'00'", d.year, d.month, d.day),
    )
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// What the XMP packet says about the document.
pub(crate) struct Described<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub language: &'a str,
    pub producer: &'a str,
    pub created: Option<i64>,
}

/// The XMP metadata packet: Dublin Core title, creator, description and language; the
/// producer and dates; the PDF/A-3a and PDF/UA-1 identification, with the extension schema
/// PDF/A asks for to describe `pdfuaid`.
pub(crate) fn xmp(d: &Described) -> Vec<u8> {
    let mut body = String::new();
    body.push_str("<dc:format>application/pdf</dc:format>\n");
    body.push_str(&format!("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n", xml(d.title)));
    if !d.author.is_empty() {
        body.push_str(&format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n", xml(d.author)));
    }
    if !d.subject.is_empty() {
        body.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml(d.subject)
        ));
    }
    body.push_str(&format!("<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n", xml(d.language)));
    body.push_str(&format!("<pdf:Producer>{}</pdf:Producer>\n<xmp:CreatorTool>handout</xmp:CreatorTool>\n", xml(d.producer)));
    if let Some(secs) = d.created {
        let (date, _) = dates(secs);
        body.push_str(&format!(
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
        ));
    }
    body.push_str("<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n<pdfuaid:part>1</pdfuaid:part>\n");
    body.push_str(concat!(
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n",
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n",
        "<pdfaProperty:name>part</pdfaProperty:name>\n",
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
        "<pdfaProperty:category>internal</pdfaProperty:category>\n",
        "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
        "</rdf:li></rdf:Seq></pdfaSchema:property>\n",
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n",
    ));
    format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" ",
            "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" ",
            "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" ",
            "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
            "{}</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
        ),
        body
    )
    .into_bytes()
}

/// Adds the XMP metadata, the output intent and (when given) the embedded prescription to the
/// catalog, and makes the information dictionary agree with the XMP.
pub(crate) fn archive(doc: &mut lopdf::Document, d: &Described, attachment: Option<&str>) {
    let mut metadata = Stream::new(dictionary! { "Type" => "Metadata", "Subtype" => "XML" }, xmp(d));
    // PDF/A readers must be able to read the metadata without decoding it.
    metadata.allows_compression = false;
    let metadata = doc.add_object(metadata);
    let mut profile = Stream::new(dictionary! { "N" => 3 }, srgb_profile());
    profile.allows_compression = true;
    let profile = doc.add_object(profile);
    let intent = doc.add_object(dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
        "Info" => Object::string_literal("sRGB IEC61966-2.1"),
        "DestOutputProfile" => profile,
    });
    let attached = attachment.map(|text| {
        let mut params = dictionary! { "Size" => text.len() as i64 };
        if let Some(secs) = d.created {
            params.set("ModDate", Object::string_literal(dates(secs).1));
        }
        let file = doc.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile", "Subtype" => Object::Name(b"application/yaml".to_vec()), "Params" => params },
            text.as_bytes().to_vec(),
        ));
        doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(ATTACHMENT_NAME),
            "UF" => text_string(ATTACHMENT_NAME),
            "Desc" => Object::string_literal("The prescription this handout was made from (handout extract writes it back)"),
            "AFRelationship" => "Source",
            "EF" => dictionary! { "F" => file, "UF" => file },
        })
    });
    if let Ok(root_id) = doc.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root_id) {
            catalog.set("Metadata", metadata);
            catalog.set("OutputIntents", vec![Object::Reference(intent)]);
            if let Some(spec) = attached {
                catalog.set("AF", vec![Object::Reference(spec)]);
                catalog.set(
                    "Names",
                    dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal(ATTACHMENT_NAME), Object::Reference(spec)] } },
                );
            }
        }
    }
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_id) {
            for (key, value) in [(&b"Author"[..], d.author), (b"Subject", d.subject)] {
                if value.is_empty() {
                    info.remove(key);
                }
            }
            info.remove(b"MetadataDate");
        }
    }
}

/// A small ICC v2 display profile for sRGB (IEC 61966-2.1): the sRGB primaries adapted to
/// D50 and the sRGB tone curve as a 1024-point table. Written here rather than shipped as a
/// file, so it has no licence of its own to carry.
pub fn srgb_profile() -> Vec<u8> {
    fn s15(v: f64) -> [u8; 4] {
        ((v * 65536.0).round() as i32).to_be_bytes()
    }
    fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
        let mut t = b"XYZ \0\0\0\0".to_vec();
        for v in [x, y, z] {
            t.extend_from_slice(&s15(v));
        }
        t
    }
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend_from_slice(&1024u32.to_be_bytes());
    for i in 0..1024 {
        let v = f64::from(i) / 1023.0;
        let linear = if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) };
        curve.extend_from_slice(&((linear * 65535.0).round() as u16).to_be_bytes());
    }
    let name = b"sRGB IEC61966-2.1 (handout)\0";
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend_from_slice(&(name.len() as u32).to_be_bytes());
    desc.extend_from_slice(name);
    desc.extend_from_slice(&[0; 4]); // Unicode language code
    desc.extend_from_slice(&[0; 4]); // Unicode count
    desc.extend_from_slice(&[0; 2]); // ScriptCode code
    desc.push(0); // ScriptCode count
    desc.extend_from_slice(&[0; 67]);
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend_from_slice(b"No copyright, use freely\0");
    // (signature, data); the three tone curves share one table.
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.436_074_7, 0.222_504_5, 0.013_932_2)),
        (b"gXYZ", xyz(0.385_064_9, 0.716_878_6, 0.097_104_5)),
        (b"bXYZ", xyz(0.143_080_4, 0.060_616_9, 0.714_173_3)),
        (b"rTRC", curve),
    ];
    let table_len = 4 + 12 * (tags.len() + 2);
    let mut offset = 128 + table_len;
    let mut table = ((tags.len() + 2) as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    let mut trc = (0, 0);
    for (sig, bytes) in &tags {
        table.extend_from_slice(*sig);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        if *sig == b"rTRC" {
            trc = (offset, bytes.len());
        }
        data.extend_from_slice(bytes);
        offset += bytes.len();
        while !offset.is_multiple_of(4) {
            data.push(0);
            offset += 1;
        }
    }
    for sig in [b"gTRC", b"bTRC"] {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(trc.0 as u32).to_be_bytes());
        table.extend_from_slice(&(trc.1 as u32).to_be_bytes());
    }
    let size = 128 + table.len() + data.len();
    let mut header = Vec::with_capacity(128);
    header.extend_from_slice(&(size as u32).to_be_bytes());
    header.extend_from_slice(&[0; 4]); // preferred CMM
    header.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    header.extend_from_slice(b"mntrRGB XYZ ");
    for v in [2026u16, 1, 1, 0, 0, 0] {
        header.extend_from_slice(&v.to_be_bytes());
    }
    header.extend_from_slice(b"acsp");
    header.extend_from_slice(&[0; 4]); // platform
    header.extend_from_slice(&[0; 4]); // flags
    header.extend_from_slice(&[0; 8]); // manufacturer, model
    header.extend_from_slice(&[0; 8]); // attributes
    header.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for v in [0.9642, 1.0, 0.8249] {
        header.extend_from_slice(&s15(v));
    }
    header.extend_from_slice(&[0; 4]); // creator
    header.resize(128, 0);
    [header, table, data].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_well_formed() {
        let p = srgb_profile();
        assert_eq!(u32::from_be_bytes(p[..4].try_into().unwrap()) as usize, p.len());
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(count, 9);
        for i in 0..count {
            let entry = &p[132 + 12 * i..144 + 12 * i];
            let (offset, size) = (
                u32::from_be_bytes(entry[4..8].try_into().unwrap()) as usize,
                u32::from_be_bytes(entry[8..12].try_into().unwrap()) as usize,
            );
            assert!(offset.is_multiple_of(4) && offset + size <= p.len(), "tag {i}");
        }
    }

    #[test]
    fn xmp_says_what_the_info_says() {
        let x = String::from_utf8(xmp(&Described {
            title: "Hip & back",
            author: "Clinic",
            subject: "For Zoë",
            language: "en",
            producer: "handout 0.1.0",
            created: Some(1_795_132_800),
        }))
        .unwrap();
        assert!(x.contains("<rdf:li xml:lang=\"x-default\">Hip &amp; back</rdf:li>"), "{x}");
        assert!(x.contains("<xmp:CreateDate>2026-11-20T00:00:00+00:00</xmp:CreateDate>"), "{x}");
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>") && x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert_eq!(dates(1_795_132_800).1, "D:20261120000000+00'00'");
    }
}
