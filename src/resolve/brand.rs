//! A clinic's brand: a file or an inline mapping. Colours, logo, contact details, booking
//! link and fonts, every value checked where it is written.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Problems, Result, Warning};
use crate::fonts::{Face, FontSet};
use crate::load::raw;
use crate::load::{Seg, Source};
use crate::model::picture::LOGO_BOX;
use crate::model::{Brand, Input, Rgb, Role};

use super::checks::{self, key_location, Findings, Place};
use super::exercise::link;
use super::{picture, BrandEntry, BrandKey, Cache, Loader};

/// A brand file, read and resolved once per cache.
pub(crate) fn from_file(loader: &Loader, cache: &Cache, path: &Path) -> std::result::Result<BrandEntry, Problems> {
    cache.brands.get_or_make(
        &BrandKey::File(path.to_path_buf()),
        || {
            let source = Source::read(path)?;
            let raw_brand: raw::Brand = crate::load::yaml::parse(&source)?;
            let mut f = Findings::default();
            let brand = resolve(loader, cache, &source, &raw_brand, &[], &mut f);
            match (brand, Problems::new(f.problems)) {
                (Some(b), None) => Ok(Arc::new((b, f.warnings))),
                (_, Some(problems)) => Err(problems),
                (None, None) => unreachable!("a brand that failed has problems"),
            }
        },
        |entry| entry.0.bytes(),
    )
}

/// A brand written inside the prescription `source` (at `brand:`), resolved once per cache for
/// each prescription file and content; problems and warnings go to `f`.
pub(crate) fn inline(loader: &Loader, cache: &Cache, source: &Source, b: &raw::Brand, f: &mut Findings) -> Option<Brand> {
    let key = BrandKey::Inline(source.path.clone(), Box::new(b.clone()));
    let made = cache.brands.get_or_make(
        &key,
        || {
            let mut own = Findings::default();
            match resolve(loader, cache, source, b, &[Seg::Key("brand")], &mut own) {
                Some(brand) => Ok(Arc::new((brand, own.warnings))),
                None => Err(own.problems),
            }
        },
        |entry| entry.0.bytes(),
    );
    match made {
        Ok(entry) => {
            f.warnings.extend(entry.1.iter().cloned());
            Some(entry.0.clone())
        }
        Err(problems) => {
            f.problems.extend(problems);
            None
        }
    }
}

/// Resolves the brand `b` written in `source` at `prefix` (empty for a brand file, `brand` for
/// an inline brand). `None` when it has problems (kept in `f`).
pub(crate) fn resolve(loader: &Loader, cache: &Cache, source: &Source, b: &raw::Brand, prefix: &[Seg], f: &mut Findings) -> Option<Brand> {
    let before = f.problems.len();
    let path = |segs: &[Seg]| {
        let mut path = prefix.to_vec();
        path.extend_from_slice(segs);
        path
    };
    let at = |segs: &[Seg]| checks::locate(source, &path(segs));
    // `source.locate` without falling back to an enclosing value: whether `key:` is written.
    let written = |segs: &[Seg]| source.locate(&path(segs)).line.is_some();
    let base = source.path.parent().unwrap_or(Path::new(""));
    let neutral = Brand::neutral(loader.fonts.clone());
    let colour = |f: &mut Findings, value: Option<&String>, field: &'static str, default: Rgb| -> Rgb {
        let parsed = match value {
            // `primary: #1F5F8B` without quotes reads as an empty value and a comment.
            None if written(&[Seg::Key("colors"), Seg::Key(field)]) => Err(Error::input(format!("`{field}:` has no colour"))
                .at(key_location(source, at(&[Seg::Key("colors")]), field))
                .hint("quote the colour, for example \"#1F5F8B\": without quotes, # starts a comment in YAML")),
            None => Ok(default),
            Some(v) => Rgb::parse(v).ok_or_else(|| {
                Error::input(format!("`{v}` is not a colour"))
                    .at(at(&[Seg::Key("colors"), Seg::Key(field)]))
                    .hint("write a colour as #RRGGBB, for example \"#1F5F8B\" (quote it: # starts a comment in YAML)")
            }),
        };
        f.keep(parsed).unwrap_or(default)
    };
    let primary = colour(f, b.colors.as_ref().and_then(|c| c.primary.as_ref()), "primary", neutral.primary);
    let accent = colour(f, b.colors.as_ref().and_then(|c| c.accent.as_ref()), "accent", neutral.accent);
    if primary.contrast_with_white() < 3.0 {
        f.warn(
            Warning::new(format!(
                "the primary colour is light (contrast {:.1}:1 with white); headings in it will be hard to read, especially in grayscale. A darker colour is recommended",
                primary.contrast_with_white()
            ))
            .at(Some(at(&[Seg::Key("colors"), Seg::Key("primary")]))),
        );
    }
    let mut inputs = Vec::new();
    let logo = b.logo.as_ref().and_then(|p| {
        let path = base.join(p);
        inputs.push(Input::new(Role::Logo, &path));
        let loc = at(&[Seg::Key("logo")]);
        let decoded = checks::read_file(&path, "logo", &loc).and_then(|bytes| {
            let mut w = Vec::new();
            let logo = picture::decode(&path, &bytes, LOGO_BOX, &mut w).map_err(|e| e.at(loc.clone()))?;
            Ok((logo, w))
        });
        let (logo, w) = f.keep(decoded)?;
        f.warnings.extend(w.into_iter().map(|w| w.at(Some(loc.clone()))));
        Some(Arc::new(logo))
    });
    if let Some(url) = &b.website {
        if let Err(why) = checks::url(url) {
            f.problem(
                Error::input(format!("`{url}` is not a web address: {why}"))
                    .at(at(&[Seg::Key("website")]))
                    .hint("write it like https://www.example.com"),
            );
        }
    }
    let booking = b
        .booking_url
        .as_ref()
        .and_then(|url| link(cache, url, "booking link", "write it like https://www.example.com", at(&[Seg::Key("booking_url")]), f));
    if let Some(email) = &b.email {
        if !checks::email(email) {
            f.problem(
                Error::input(format!("`{email}` is not an email address"))
                    .at(at(&[Seg::Key("email")]))
                    .hint("write it like frontdesk@example.com"),
            );
        }
    }
    let fonts = match &b.fonts {
        None => loader.fonts.clone(),
        Some(given) => {
            inputs.extend([&given.regular, &given.bold].map(|p| Input::new(Role::Font, base.join(p))));
            let load = |p: &str, field: &'static str| -> Result<Face> {
                let path = base.join(p);
                let loc = at(&[Seg::Key("fonts"), Seg::Key(field)]);
                let bytes = checks::read_file(&path, "font file", &loc)?;
                Face::load(&path, Arc::from(bytes)).map_err(|e| e.at(loc))
            };
            let regular = f.keep(load(&given.regular, "regular"));
            let bold = f.keep(load(&given.bold, "bold"));
            match (regular, bold) {
                (Some(regular), Some(bold)) => Arc::new(FontSet { regular, bold, builtin: false }),
                _ => loader.fonts.clone(),
            }
        }
    };
    for (value, key) in [
        (&b.name, "name"),
        (&b.phone, "phone"),
        (&b.email, "email"),
        (&b.website, "website"),
        (&b.address, "address"),
        (&b.footer, "footer"),
        (&b.booking_url, "booking_url"),
    ] {
        if let Some(v) = value {
            if let Err(e) = checks::text(&fonts, &format!("the brand's `{key}:`"), v, false) {
                f.problem(Place::Yaml(source, path(&[Seg::Key(key)])).blame(e));
            }
        }
    }
    if f.problems.len() > before {
        return None;
    }
    Some(Brand {
        name: b.name.clone(),
        logo,
        primary,
        accent,
        phone: b.phone.clone(),
        email: b.email.clone(),
        website: b.website.clone(),
        address: b.address.clone(),
        booking,
        footer: b.footer.clone(),
        footer_at: b.footer.as_ref().map(|_| at(&[Seg::Key("footer")])),
        emergency: b.emergency.clone(),
        fonts,
        inputs,
    })
}
