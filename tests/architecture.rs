//! The structure docs/ARCHITECTURE.md describes, kept by the build: the top-level modules of
//! src/ depend on each other one way only (no cycle of any length), and only the places listed
//! here touch the file system through `std::fs`.
//!
//! Method: src/ is read as Rust with syn, module by module from src/lib.rs along its `mod`
//! declarations, leaving out whatever is `#[cfg(test)]` (test modules may reach anywhere).
//! Every path naming the crate (`crate::x`, `use crate::{x, y}`, `super::` climbing out of a
//! top-level module, and such paths inside macro calls) is an edge from the module whose
//! file holds it to the top-level module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// Where `std::fs` may be used, with why: the loader reads the manuscript, and the author's
/// workflow writes and watches files. (Paths relative to src/; a folder means all of it.)
const FS_ALLOWED: &[(&str, &str)] = &[
    (
        "manuscript/",
        "the loader: the only reader of the book's files",
    ),
    (
        "build.rs",
        "writes the editions atomically into the output folder",
    ),
    (
        "build/",
        "registers and removes the build's temporary files",
    ),
    ("commands/new.rs", "writes a new project's scaffolding"),
    ("commands/watch.rs", "watches the book's files for changes"),
    ("cli.rs", "`folio man --dir` writes the man pages asked for"),
];

#[test]
fn the_top_level_modules_form_no_cycle() {
    let crate_ = read_crate(&src_dir());
    assert!(
        crate_.top.len() >= 10 && crate_.edges.len() >= 20,
        "src/ was not read: {} modules, {} edges",
        crate_.top.len(),
        crate_.edges.len()
    );
    let cycles = cycles(&crate_.edges);
    assert!(cycles.is_empty(), "{}", describe_cycles(&cycles, &crate_));
}

#[test]
fn only_the_listed_places_use_std_fs() {
    let crate_ = read_crate(&src_dir());
    let allowed = |file: &str, list: &[(&str, &str)]| {
        list.iter()
            .any(|(place, _)| file == *place || (place.ends_with('/') && file.starts_with(place)))
    };
    let mut problems = String::new();
    for (file, lines) in &crate_.fs_uses {
        if !allowed(file, FS_ALLOWED) {
            let _ = writeln!(
                problems,
                "src/{file} uses std::fs (lines {lines:?}); only the loader (manuscript) reads \
                 the book's files, and only the places in FS_ALLOWED write or watch any"
            );
        }
    }
    assert!(problems.is_empty(), "{problems}");
}

/// The reader finds the edges of every kind of path, and the cycle finder finds cycles longer
/// than two: a small crate written out here, with a three-module cycle.
#[test]
fn the_checker_sees_every_kind_of_path_and_long_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n"),
        (
            "a.rs",
            "mod inner;\nuse crate::{b::X, d};\n#[cfg(test)]\nmod tests { use crate::c; }\n",
        ),
        ("a/inner.rs", "fn f() { let _ = std::fs::read(\"x\"); }\n"),
        (
            "b/mod.rs",
            "pub struct X;\nfn f() { format!(\"{:?}\", crate::c::Y); }\n",
        ),
        (
            "c.rs",
            "pub struct Y;\nmod deep { fn g() { super::super::a::h(); } }\n",
        ),
        ("d.rs", "use std::{fs, io};\n"),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let crate_ = read_crate(dir.path());
    let edges: Vec<_> = crate_.edges.keys().cloned().collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        edges,
        [
            pair("a", "b"),
            pair("a", "d"),
            pair("b", "c"),
            pair("c", "a")
        ],
        "the test module's `use crate::c` is left out"
    );
    let found = cycles(&crate_.edges);
    assert_eq!(found, [vec!["a".to_string(), "b".into(), "c".into()]]);
    let files: Vec<_> = crate_.fs_uses.keys().map(String::as_str).collect();
    assert_eq!(files, ["a/inner.rs", "d.rs"]);
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// What the reader gathers from a crate's non-test code.
#[derive(Default)]
struct Crate {
    /// The top-level modules lib.rs declares.
    top: BTreeSet<String>,
    /// (from, to) -> where: "file:line" of each path making the edge.
    edges: BTreeMap<(String, String), Vec<String>>,
    /// File (relative to src/) -> lines naming `std::fs`.
    fs_uses: BTreeMap<String, Vec<usize>>,
}

fn read_crate(src: &Path) -> Crate {
    let mut crate_ = Crate::default();
    let lib = parse(&src.join("lib.rs"));
    for item in &lib.items {
        if let syn::Item::Mod(m) = item {
            if !is_test(&m.attrs) {
                crate_.top.insert(m.ident.to_string());
            }
        }
    }
    read_file(src, &src.join("lib.rs"), &[], src, &mut crate_);
    crate_
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

/// Read the module in `file`, whose path in the crate is `module`, and the non-test modules
/// it declares; `dir` is where its `mod x;` files are.
fn read_file(src: &Path, file: &Path, module: &[String], dir: &Path, crate_: &mut Crate) {
    let ast = parse(file);
    let rel = file
        .strip_prefix(src)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    read_items(src, &ast.items, &rel, module, dir, crate_);
}

fn read_items(
    src: &Path,
    items: &[syn::Item],
    file: &str,
    module: &[String],
    dir: &Path,
    crate_: &mut Crate,
) {
    let mut reader = Reader {
        file,
        module,
        crate_: &mut *crate_,
    };
    let mut children = Vec::new();
    for item in items {
        if item_is_test(item) {
            continue;
        }
        match item {
            syn::Item::Mod(m) => children.push(m),
            other => reader.visit_item(other),
        }
    }
    for m in children {
        let name = m.ident.to_string();
        let mut path = module.to_vec();
        path.push(name.clone());
        let explicit = m.attrs.iter().find_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(dir.join(s.value())),
                _ => None,
            },
            _ => None,
        });
        match &m.content {
            Some((_, inner)) => read_items(src, inner, file, &path, &dir.join(&name), crate_),
            None => {
                let file = explicit.unwrap_or_else(|| {
                    let flat = dir.join(format!("{name}.rs"));
                    if flat.exists() {
                        flat
                    } else {
                        dir.join(&name).join("mod.rs")
                    }
                });
                read_file(src, &file, &path, &dir.join(&name), crate_);
            }
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

fn item_is_test(item: &syn::Item) -> bool {
    use syn::Item;
    let attrs = match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return false,
    };
    is_test(attrs)
}

/// Visits one module's items, noting the crate's modules its paths name and its uses of
/// `std::fs`.
struct Reader<'a> {
    file: &'a str,
    module: &'a [String],
    crate_: &'a mut Crate,
}

impl Reader<'_> {
    /// A path's leading segments, seen from this module.
    fn path(&mut self, segments: &[String], line: usize) {
        if segments.len() >= 2 && segments[0] == "std" && segments[1] == "fs" {
            self.crate_
                .fs_uses
                .entry(self.file.to_string())
                .or_default()
                .push(line);
        }
        let Some(target) = self.target(segments) else {
            return;
        };
        let Some(from) = self.module.first() else {
            return;
        };
        if &target != from && self.crate_.top.contains(&target) {
            let place = format!("src/{}:{line}", self.file);
            let places = self.crate_.edges.entry((from.clone(), target)).or_default();
            if places.last() != Some(&place) {
                places.push(place);
            }
        }
    }

    /// The top-level module a path leads to, if it names this crate.
    fn target(&self, segments: &[String]) -> Option<String> {
        match segments.first()?.as_str() {
            "crate" | "$crate" => segments.get(1).cloned(),
            "self" => match self.module.first() {
                Some(top) => Some(top.clone()),
                None => segments.get(1).cloned(),
            },
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let base = self.module.len().checked_sub(ups)?;
                match base {
                    0 => segments.get(ups).cloned(),
                    _ => Some(self.module[0].clone()),
                }
            }
            _ => None,
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) => {
                    // `a :: b :: c` in the tokens: the path starts at an identifier not
                    // itself after `::`.
                    let after_colons = i >= 2 && is_colons(&trees[i - 2], &trees[i - 1]);
                    if after_colons {
                        continue;
                    }
                    let mut segments = vec![id.to_string()];
                    let mut j = i + 1;
                    while j + 2 < trees.len() && is_colons(&trees[j], &trees[j + 1]) {
                        let TokenTree::Ident(next) = &trees[j + 2] else {
                            break;
                        };
                        segments.push(next.to_string());
                        j += 3;
                    }
                    if segments.len() >= 2 {
                        self.path(&segments, id.span().start().line);
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_colons(a: &TokenTree, b: &TokenTree) -> bool {
    matches!((a, b), (TokenTree::Punct(p), TokenTree::Punct(q)) if p.as_char() == ':' && q.as_char() == ':')
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !item_is_test(item) {
            visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() || path.segments.first().is_some_and(|s| s.ident == "std") {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            let line = path
                .segments
                .first()
                .map_or(0, |s| s.ident.span().start().line);
            self.path(&segments, line);
        }
        visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        flatten_use(&item.tree, &mut Vec::new(), &mut paths);
        for (segments, line) in paths {
            self.path(&segments, line);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        visit::visit_macro(self, mac);
    }
}

/// Every path a `use` tree names, as segments with the line it is on.
fn flatten_use(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, usize)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            if n.ident != "self" {
                path.push(n.ident.to_string());
            }
            out.push((path, n.ident.span().start().line));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, r.ident.span().start().line));
        }
        syn::UseTree::Glob(g) => out.push((prefix.clone(), g.star_token.spans[0].start().line)),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| flatten_use(t, prefix, out)),
    }
}

/// Each cycle of the graph once, as the modules along it from its least.
fn cycles(edges: &BTreeMap<(String, String), Vec<String>>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    let mut found = BTreeSet::new();
    // Elementary cycles through each module, looking only at modules after it: each cycle
    // is found from its least module, once. The graph is a few dozen modules.
    let nodes: Vec<&str> = next.keys().copied().collect();
    for &start in &nodes {
        let mut path = vec![start];
        walk(start, start, &next, &mut path, &mut found);
    }
    found.into_iter().collect()
}

fn walk<'a>(
    start: &'a str,
    at: &'a str,
    next: &BTreeMap<&'a str, Vec<&'a str>>,
    path: &mut Vec<&'a str>,
    found: &mut BTreeSet<Vec<String>>,
) {
    for &to in next.get(at).map(Vec::as_slice).unwrap_or(&[]) {
        if to == start {
            found.insert(path.iter().map(|s| s.to_string()).collect());
        } else if to > start && !path.contains(&to) {
            path.push(to);
            walk(start, to, next, path, found);
            path.pop();
        }
    }
}

fn describe_cycles(cycles: &[Vec<String>], crate_: &Crate) -> String {
    let mut out = format!(
        "{} module cycle(s); each module may depend only on those before it in the pipeline \
         (see docs/ARCHITECTURE.md):\n",
        cycles.len()
    );
    for cycle in cycles {
        let _ = writeln!(out, "  {} -> {}", cycle.join(" -> "), cycle[0]);
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            let places = &crate_.edges[&(from.clone(), to.clone())];
            let shown: Vec<_> = places.iter().take(3).map(String::as_str).collect();
            let _ = writeln!(out, "    {from} -> {to}: {}", shown.join(", "));
        }
    }
    out
}
