//! Batch mode of `naskh extract`: a directory of fixture PDFs (one of them
//! broken) into a mirrored output tree and into JSON Lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NASKH: &str = env!("CARGO_BIN_EXE_naskh");

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pdf")
        .join(rel)
}

/// A fresh temporary directory holding `in/a/news.pdf` (1 page),
/// `in/b/c/two.pdf` (2 pages) and `in/broken.pdf` (not a PDF).
fn setup(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("naskh-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("in/a")).unwrap();
    std::fs::create_dir_all(root.join("in/b/c")).unwrap();
    std::fs::copy(fixture("fpdf2/news.pdf"), root.join("in/a/news.pdf")).unwrap();
    std::fs::copy(
        fixture("reportlab/two_pages.pdf"),
        root.join("in/b/c/two.pdf"),
    )
    .unwrap();
    std::fs::write(root.join("in/broken.pdf"), "this is not a PDF\n").unwrap();
    root
}

fn naskh(args: &[&str]) -> Output {
    Command::new(NASKH).args(args).output().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// What single-file mode prints for `pdf` (the reference for batch output).
fn single(pdf: &Path) -> String {
    let out = naskh(&["extract", path(pdf)]);
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn directory_without_output_is_a_usage_error() {
    let root = setup("no_out");
    let out = Command::new(NASKH)
        .args(["extract", path(&root.join("in"))])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("need -o OUTDIR"));
    // Nothing was written into the working directory.
    assert!(!root.join("a").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn directory_to_mirrored_tree() {
    let root = setup("tree");
    let (input, output) = (root.join("in"), root.join("out"));
    let out = naskh(&["extract", path(&input), "-o", path(&output), "--jobs", "2"]);
    // The broken file sets the exit code (not a PDF: 3); the others are written.
    assert_eq!(out.status.code(), Some(3));
    let news = std::fs::read_to_string(output.join("a/news.txt")).unwrap();
    let two = std::fs::read_to_string(output.join("b/c/two.txt")).unwrap();
    assert_eq!(news, single(&input.join("a/news.pdf")));
    assert_eq!(two, single(&input.join("b/c/two.pdf")));
    assert_eq!(two.matches('\x0c').count(), 1);
    assert!(!news.is_empty());
    assert!(!output.join("broken.txt").exists());
    let mut written: Vec<String> = walk(&output)
        .iter()
        .map(|p| {
            p.strip_prefix(&output)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    written.sort();
    assert_eq!(written, ["a/news.txt", "b/c/two.txt"]);

    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(
        lines[0],
        format!(
            "naskh: {}: not a PDF: no %PDF header and no PDF objects",
            input.join("broken.pdf").display()
        )
    );
    assert!(
        lines[1].starts_with("naskh: 3 files (1 failed), 3 pages (0 failed), ")
            && lines[1].ends_with(" s"),
        "{}",
        lines[1]
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn quiet_and_one_job_give_the_same_tree() {
    let root = setup("quiet");
    let (input, output) = (root.join("in"), root.join("out"));
    let out = naskh(&[
        "extract",
        path(&input),
        "-o",
        path(&output),
        "-j",
        "1",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(3));
    // Errors are still reported; no summary line.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.pdf: not a PDF"));
    assert_eq!(
        std::fs::read_to_string(output.join("a/news.txt")).unwrap(),
        single(&input.join("a/news.pdf"))
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn jsonl_one_line_per_document_in_input_order() {
    let root = setup("jsonl");
    let input = root.join("in");
    let out = naskh(&[
        "extract",
        path(&input),
        "--format",
        "jsonl",
        "-j",
        "2",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    // Fields in this order, so that the path leads each line.
    for l in &lines {
        assert!(l.starts_with("{\"path\":"), "{l}");
    }
    let docs: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let keys: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| d.as_object().unwrap().keys().map(String::as_str).collect())
        .collect();
    for k in &keys {
        let mut k = k.clone();
        k.sort();
        assert_eq!(k, ["diagnostics", "error", "pages", "path", "text"]);
    }

    let news = input.join("a/news.pdf");
    let two = input.join("b/c/two.pdf");
    let broken = input.join("broken.pdf");
    assert_eq!(docs[0]["path"], path(&news));
    assert_eq!(docs[0]["pages"], 1);
    assert_eq!(docs[0]["text"], single(&news).as_str());
    assert_eq!(docs[0]["error"], serde_json::Value::Null);
    let d0 = docs[0]["diagnostics"].as_array().unwrap();
    assert_eq!(d0.len(), 1);
    assert_eq!(d0[0]["page"], 1);
    assert!(d0[0]["glyphs"].as_u64().unwrap() > 0);

    assert_eq!(docs[1]["path"], path(&two));
    assert_eq!(docs[1]["pages"], 2);
    assert_eq!(docs[1]["text"], single(&two).as_str());
    let pages: Vec<u64> = docs[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 2]);

    assert_eq!(docs[2]["path"], path(&broken));
    assert_eq!(docs[2]["pages"], 0);
    assert_eq!(docs[2]["text"], "");
    assert_eq!(docs[2]["diagnostics"], serde_json::json!([]));
    assert_eq!(docs[2]["error"]["kind"], "not_pdf");
    assert_eq!(
        docs[2]["error"]["message"],
        "not a PDF: no %PDF header and no PDF objects"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn jsonl_to_a_file() {
    let root = setup("jsonl-file");
    let target = root.join("all.jsonl");
    let out = naskh(&[
        "extract",
        path(&root.join("in/a")),
        "--format",
        "jsonl",
        "-o",
        path(&target),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text.lines().count(), 1);
    let doc: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(doc["pages"], 1);
    let _ = std::fs::remove_dir_all(&root);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
