//! The tagged PDF, finished in lopdf (printpdf writes the marked content but no structure
//! tree): the structure tree from the document's `Structure`, its parent tree, link
//! annotations tied to their `Link` elements, `/StructParents` and `/Tabs /S` on pages, and
//! `/MarkInfo` in the catalog.

use lopdf::{dictionary, Dictionary, Object, ObjectId};

use crate::layout::{Document, NodeId, Role};

use super::MM_TO_PT;

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else as UTF-16BE with a BOM.
pub(crate) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::string_literal(s)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// The structure type a role is written as.
pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Document => "Document",
        Role::Sect => "Sect",
        Role::H1 => "H1",
        Role::H2 => "H2",
        Role::P => "P",
        Role::L => "L",
        Role::LI => "LI",
        Role::Lbl => "Lbl",
        Role::LBody => "LBody",
        Role::Figure => "Figure",
        Role::Table => "Table",
        Role::TR => "TR",
        Role::TH { .. } => "TH",
        Role::TD => "TD",
        Role::Link => "Link",
    }
}

/// Where marked content is drawn: (page, MCID), which is drawing order.
type Drawn = (usize, usize);
/// The place of what is not drawn (a link annotation), after everything drawn.
const NOWHERE: Drawn = (usize::MAX, usize::MAX);

/// For each node, where the first content of it or its descendants is drawn.
fn first_drawn(nodes: &[crate::layout::Node], content: &[Vec<(Drawn, Object)>]) -> Vec<Drawn> {
    fn visit(n: NodeId, nodes: &[crate::layout::Node], content: &[Vec<(Drawn, Object)>], memo: &mut Vec<Option<Drawn>>) -> Drawn {
        if let Some(d) = memo[n] {
            return d;
        }
        let own = content[n].iter().map(|(d, _)| *d).min().unwrap_or(NOWHERE);
        let d = nodes[n].children.iter().map(|c| visit(*c, nodes, content, memo)).fold(own, Drawn::min);
        memo[n] = Some(d);
        d
    }
    let mut memo = vec![None; nodes.len()];
    (0..nodes.len()).map(|n| visit(n, nodes, content, &mut memo)).collect()
}

/// Adds the structure tree for `document` to `doc`, whose pages are `pages` (in order);
/// `mcids[p][n]` is the node that marked content `n` of page `p` belongs to.
pub(crate) fn tag(doc: &mut lopdf::Document, document: &Document, pages: &[ObjectId], mcids: &[Vec<NodeId>]) {
    let nodes = &document.structure.nodes;
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    // Each node's own content with where it is drawn, (page, MCID), and its link annotations.
    let mut content: Vec<Vec<(Drawn, Object)>> = vec![Vec::new(); nodes.len()];
    let mut parent_tree: Vec<(i64, Object)> = Vec::new();
    for (p, page_mcids) in mcids.iter().enumerate() {
        for (mcid, node) in page_mcids.iter().enumerate() {
            let mcr = Object::Dictionary(dictionary! { "Type" => "MCR", "Pg" => pages[p], "MCID" => mcid as i64 });
            content[*node].push(((p, mcid), mcr));
        }
        let parents: Vec<Object> = page_mcids.iter().map(|n| Object::Reference(ids[*n])).collect();
        parent_tree.push((p as i64, Object::Array(parents)));
    }
    let mut next_key = pages.len() as i64;
    for (p, page) in document.pages.iter().enumerate() {
        let mut annots = Vec::new();
        for link in &page.links {
            let r = link.rect;
            let rect = [r.x, page.height - r.bottom(), r.right(), page.height - r.y].map(|v| Object::Real(v * MM_TO_PT));
            let contents = nodes[link.node].alt.clone().unwrap_or_else(|| link.url.clone());
            let annot = doc.add_object(dictionary! {
                "Type" => "Annot",
                "Subtype" => "Link",
                "Rect" => Object::Array(rect.to_vec()),
                "Border" => vec![0.into(), 0.into(), 0.into()],
                "F" => 4,
                "Contents" => text_string(&contents),
                "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal(link.url.as_str()) },
                "StructParent" => next_key,
                "P" => pages[p],
            });
            content[link.node].push((NOWHERE, Object::Dictionary(dictionary! { "Type" => "OBJR", "Obj" => annot, "Pg" => pages[p] })));
            parent_tree.push((next_key, Object::Reference(ids[link.node])));
            next_key += 1;
            annots.push(Object::Reference(annot));
        }
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(pages[p]) {
            dict.set("StructParents", p as i64);
            dict.set("Tabs", "S");
            if !annots.is_empty() {
                dict.set("Annots", Object::Array(annots));
            }
        }
    }
    let root = doc.new_object_id();
    let first = first_drawn(nodes, &content);
    for (i, node) in nodes.iter().enumerate() {
        // The children in their reading order, with the element's own content merged in where
        // it is drawn (a brand block: its logo, the clinic's name and address, then its email
        // and website links).
        let mut own = std::mem::take(&mut content[i]).into_iter().peekable();
        let mut kids: Vec<Object> = Vec::new();
        for c in &node.children {
            while let Some((_, kid)) = own.next_if(|(drawn, _)| *drawn < first[*c]) {
                kids.push(kid);
            }
            kids.push(Object::Reference(ids[*c]));
        }
        kids.extend(own.map(|(_, kid)| kid));
        let mut elem = Dictionary::new();
        elem.set("Type", "StructElem");
        elem.set("S", role_name(node.role));
        elem.set("P", Object::Reference(node.parent.map_or(root, |p| ids[p])));
        elem.set("K", Object::Array(kids));
        if let Some(alt) = &node.alt {
            elem.set("Alt", text_string(alt));
        }
        if let Role::TH { column } = node.role {
            elem.set("A", dictionary! { "O" => "Table", "Scope" => if column { "Column" } else { "Row" } });
        }
        doc.objects.insert(ids[i], Object::Dictionary(elem));
    }
    let nums: Vec<Object> = parent_tree.into_iter().flat_map(|(k, v)| [Object::Integer(k), v]).collect();
    let parent_tree = doc.add_object(dictionary! { "Nums" => nums });
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => vec![Object::Reference(ids[0])],
            "ParentTree" => parent_tree,
            "ParentTreeNextKey" => next_key,
            "RoleMap" => Dictionary::new(),
        }),
    );
    if let Ok(root_id) = doc.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root_id) {
            catalog.set("StructTreeRoot", root);
            catalog.set("MarkInfo", dictionary! { "Marked" => true });
        }
    }
}
