//! The `naskh` binary over the hostile corpus (`tests/fixtures/hostile/`,
//! expectations in its `MANIFEST.tsv`): every file runs in its own process
//! with a wall-clock timeout and an address-space limit, and must end with
//! a documented exit code — never a signal (panic=abort, stack overflow,
//! out of memory) and never a timeout.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(90);
/// Address-space limit of each run (KiB): memory must stay bounded.
const ULIMIT_V_KIB: u64 = 4 << 20;

fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile")
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn naskh(args: &[String]) -> Result<Outcome, String> {
    // `ulimit -v` through sh: std has no portable setrlimit.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ULIMIT_V_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_naskh"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    // Drain the pipes in threads so a chatty child cannot block.
    let mut out = child.stdout.take().ok_or("stdout")?;
    let mut err = child.stderr.take().ok_or("stderr")?;
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timeout after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    Ok(Outcome {
        code: status.code(),
        stdout,
        stderr,
    })
}

/// Exit code of each error kind (README / docs/robustness.md).
fn code_of(kind: &str) -> i32 {
    match kind {
        "not_pdf" => 3,
        "encrypted" => 4,
        "damaged" => 5,
        "unsupported" => 6,
        "limit" => 7,
        other => panic!("unexpected kind {other}"),
    }
}

#[test]
fn binary_survives_the_hostile_corpus() {
    let manifest = std::fs::read_to_string(hostile().join("MANIFEST.tsv")).expect("manifest");
    let mut problems = Vec::new();
    let mut runs = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, args, expect) = (f[0], f[1], f[2]);
        let mut argv = vec!["extract".to_string(), "--format".into(), "json".into()];
        if args != "-" {
            argv.extend(args.split(' ').map(String::from));
        }
        argv.push(hostile().join(file).display().to_string());
        let doc_error = expect.split(' ').find_map(|x| x.strip_prefix("error="));
        let page_fail = expect.split(' ').find_map(|x| x.strip_prefix("fail="));
        let mut strict = argv.clone();
        strict.insert(1, "--strict".into());
        for (argv, is_strict) in [(argv, false), (strict, true)] {
            if is_strict && page_fail.is_none() {
                continue;
            }
            runs += 1;
            let o = match naskh(&argv) {
                Ok(o) => o,
                Err(why) => {
                    problems.push(format!("{file} {argv:?}: {why}"));
                    continue;
                }
            };
            let Some(code) = o.code else {
                problems.push(format!("{file} {argv:?}: killed by a signal\n{}", o.stderr));
                continue;
            };
            let documented = [0, 3, 4, 5, 6, 7, 10].contains(&code);
            let ok = match (doc_error, page_fail) {
                (Some(kind), _) => code == code_of(kind),
                (None, Some(spec)) => {
                    let kind = spec.split(':').nth(1).unwrap_or("");
                    let in_json = o.stdout.contains(&format!("\"{kind}\""));
                    let on_stderr = o.stderr.contains("page 1");
                    in_json
                        && on_stderr
                        && if is_strict {
                            code == 10
                        } else {
                            code == 0 || code == 10
                        }
                }
                (None, None) if expect.split(' ').any(|x| x == "ok") => code == 0,
                (None, None) => documented,
            };
            if !ok || !documented || (code != 0 && !o.stderr.contains("naskh:")) {
                problems.push(format!(
                    "{file} {argv:?}: exit {code} (expect {expect})\n{}",
                    o.stderr
                ));
            }
        }
    }
    assert!(runs > 150, "corpus missing ({runs} runs)");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
