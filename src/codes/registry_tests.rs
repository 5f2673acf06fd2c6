//! The registry against the source and the docs: every code string the library emits is
//! registered, every registered code is emitted somewhere, and docs/diagnostics.md
//! documents each one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{LINT_FAMILIES, all, families, lookup};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without its `#[cfg(test)]` items: inline `mod x { ... }` blocks are cut out,
/// and the files of out-of-line test modules (`mod x;` → `x.rs`, or its `#[path]`) are
/// returned so that they can be skipped.
fn without_tests(source: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut test_files = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        // Skip further attributes, then look at the item.
        let mut item = after.trim_start();
        let mut path_attribute = None;
        while item.starts_with("#[") {
            let end = item.find(']').map_or(item.len(), |e| e + 1);
            if let Some(path) = item[..end].strip_prefix("#[path = \"") {
                path_attribute = path.split('"').next().map(str::to_string);
            }
            item = item[end..].trim_start();
        }
        let item_start = after.len() - item.len();
        let header_end = item.find(['{', ';']).unwrap_or(item.len());
        let header = &item[..header_end];
        if item[header_end..].starts_with(';') {
            match (path_attribute, header.split_whitespace().last()) {
                (Some(path), _) => test_files.push(path),
                (None, Some(name)) => test_files.push(format!("{name}.rs")),
                (None, None) => {}
            }
            rest = &after[item_start + header_end + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices().skip(header_end) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[item_start + end..];
    }
    kept.push_str(rest);
    (kept, test_files)
}

/// Code strings `"family::kebab-name"` in `source`.
fn code_strings(source: &str, out: &mut BTreeSet<String>) {
    for (i, _) in source.match_indices("::") {
        let before = &source[..i];
        let family: String =
            before.chars().rev().take_while(|c| c.is_ascii_lowercase()).collect::<String>();
        let family: String = family.chars().rev().collect();
        let opens = before.len().checked_sub(family.len() + 1).map(|q| &before[q..q + 1]);
        if family.is_empty() || opens != Some("\"") {
            continue;
        }
        let after = &source[i + 2..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        if !name.is_empty() && after[name.len()..].starts_with('"') {
            out.insert(format!("{family}::{name}"));
        }
    }
}

/// Every code string the library's non-test source emits.
fn emitted_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut skip: Vec<PathBuf> = Vec::new();
    let mut sources = Vec::new();
    for path in &files {
        if path.starts_with(root().join("src/codes")) || path.ends_with("src/codes.rs") {
            continue;
        }
        let (kept, test_modules) = without_tests(&std::fs::read_to_string(path).unwrap());
        let dir = if path.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs") {
            path.parent().unwrap().to_path_buf()
        } else {
            path.with_extension("")
        };
        for module in test_modules {
            skip.push(dir.join(&module));
            skip.push(path.parent().unwrap().join(&module));
        }
        sources.push((path.clone(), kept));
    }
    let mut codes = BTreeSet::new();
    for (path, source) in sources {
        if !skip.contains(&path) {
            code_strings(&source, &mut codes);
        }
    }
    codes
}

#[test]
fn scanner_finds_codes_and_skips_test_modules() {
    let source = "let a = \"structure::weight-sum\"; x::y; \"not a::code!\"\n\
                  #[cfg(test)]\nmod tests { fn f() { let b = \"eval::x\"; if true { } } }\n\
                  #[cfg(test)]\n#[allow(clippy::unwrap_used)]\nmod tests_more;\n\
                  #[cfg(test)]\n#[path = \"cell_tests.rs\"]\nmod tests;\n\
                  const C: &str = \"data::no-rows\";";
    let (kept, modules) = without_tests(source);
    assert_eq!(modules, ["tests_more.rs", "cell_tests.rs"]);
    let mut codes = BTreeSet::new();
    code_strings(&kept, &mut codes);
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    assert_eq!(codes, ["data::no-rows", "structure::weight-sum"]);
}

#[test]
fn every_emitted_code_is_registered() {
    let emitted = emitted_codes();
    assert!(emitted.len() > 100, "the scan found only {emitted:?}");
    let missing: Vec<&String> = emitted.iter().filter(|c| lookup(c).is_none()).collect();
    assert!(missing.is_empty(), "codes emitted but not in src/codes/: {missing:?}");
}

#[test]
fn every_registered_code_is_emitted() {
    let emitted = emitted_codes();
    let unused: Vec<&str> = all().map(|info| info.code).filter(|c| !emitted.contains(*c)).collect();
    assert!(unused.is_empty(), "registered codes the source never emits: {unused:?}");
}

#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    let missing: Vec<&str> =
        all().map(|info| info.code).filter(|c| !docs.contains(&format!("`{c}`"))).collect();
    assert!(missing.is_empty(), "codes not in docs/diagnostics.md: {missing:?}");
}

#[test]
fn codes_are_unique_kebab_case_with_sentences() {
    let mut seen = BTreeSet::new();
    for info in all() {
        assert!(seen.insert(info.code), "{} is registered twice", info.code);
        let (family, name) = info.code.split_once("::").unwrap();
        assert!(family.chars().all(|c| c.is_ascii_lowercase()), "{}", info.code);
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            info.code
        );
        assert!(info.summary.ends_with('.') && info.help.ends_with('.'), "{}", info.code);
    }
    for family in LINT_FAMILIES {
        assert!(families().contains(family), "no code in lint family {family}");
    }
}
