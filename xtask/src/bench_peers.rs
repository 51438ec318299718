//! `cargo xtask bench-peers [--smoke] [--users N] [--rounds N] [--passes N]`:
//! the same response bytes decoded by gSOAP's generated C++ decoder, PHP's
//! ext/soap (an offline `SoapClient` loaded with the vendor's WSDL), this
//! project (the release-built `peers` bench of the bindings crate, once
//! with the vendor module's `String`s and once with the same module
//! generated with compact strings, `Strings::Compact`, once handing each
//! user over as it is decoded, `rt::read_response_each`, and once more with
//! Debian's mimalloc preloaded as the process's allocator) and the
//! floor (quick-xml's `NsReader` tokenising the bytes, building nothing),
//! each in a process of its own, for two responses: the innovaphone Poll
//! response of the `poll` bench (rpc/encoded) and the sipXconfig FindUser
//! response of the `decode` bench (document/literal).
//!
//! Each process decodes once to warm up, then `rounds` times, and reports
//! the median time and its resident set (before the first decode, and the
//! peak: VmHWM). The peers run one after the other, `passes` times over;
//! the table shows the median of the passes' medians, so machine noise
//! spreads over all peers, and the highest peak. The tools come from
//! Debian (`gsoap`, `libgsoap-dev`, `php-cli`, `php-soap`, `g++`,
//! `libmimalloc2.0`),
//! installed with apt-get when missing and running as root. Work files go
//! to `target/bench-peers/`.

mod gsoap;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::debian::{self, Tool};
use gsoap::Decoder;

/// A response the peers decode.
struct Case {
    title: &'static str,
    /// The file the `peers` bench writes, and its decode mode.
    file: &'static str,
    mode: &'static str,
    /// What PHP's SoapClient is loaded with.
    wsdl: &'static str,
    gsoap: Decoder,
}

const CASES: [Case; 2] = [
    Case {
        title: "innovaphone Poll response (rpc/encoded)",
        file: "poll.xml",
        mode: "poll",
        wsdl: "wsdl/innovaphone/pbx10_00.wsdl",
        gsoap: Decoder {
            name: "poll",
            wsdl: "wsdl/innovaphone/pbx10_00.wsdl",
            response: "struct ns1__PollResponse",
            recv: "soap_recv_ns1__Poll",
            count: "r.return_ && r.return_->user ? (long)r.return_->user->__size : -1L",
        },
    },
    Case {
        title: "sipXconfig FindUser response (document/literal)",
        file: "find_user.xml",
        mode: "find_user",
        wsdl: "wsdl/sipxconfig/user.wsdl",
        gsoap: Decoder {
            name: "find_user",
            wsdl: "wsdl/sipxconfig/user.wsdl",
            response: "ns1__FindUserResponse",
            recv: "soap_recv___ns1__findUser",
            count: "r.users ? (long)r.users->item.size() : -1L",
        },
    },
];

struct Settings {
    users: usize,
    rounds: usize,
    passes: usize,
}

fn settings(args: &[String]) -> Result<Settings, String> {
    let usage = "usage: cargo xtask bench-peers [--smoke] [--users N] [--rounds N] [--passes N]";
    let mut s = Settings { users: 10_000, rounds: 10, passes: 3 };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut number = || -> Result<usize, String> {
            it.next().and_then(|v| v.parse().ok()).filter(|&n| n > 0).ok_or_else(|| usage.to_owned())
        };
        match arg.as_str() {
            "--smoke" => s = Settings { users: 100, rounds: 2, passes: 1 },
            "--users" => s.users = number()?,
            "--rounds" => s.rounds = number()?,
            "--passes" => s.passes = number()?,
            _ => return Err(usage.to_owned()),
        }
    }
    Ok(s)
}

fn gsoap_present() -> bool {
    let runs = |cmd: &str| Command::new(cmd).arg("-h").output().is_ok();
    runs("wsdl2h") && runs("soapcpp2") && Path::new("/usr/include/stdsoap2.h").is_file()
}

fn gxx_present() -> bool {
    Command::new("g++").arg("--version").output().is_ok_and(|o| o.status.success())
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let s = settings(args)?;
    debian::ensure(&[
        Tool {
            what: "gSOAP (wsdl2h, soapcpp2, libgsoap++)",
            packages: &["gsoap", "libgsoap-dev"],
            present: gsoap_present,
        },
        Tool { what: "g++", packages: &["g++"], present: gxx_present },
        Tool { what: "PHP with ext/soap", packages: &["php-cli", "php-soap"], present: debian::php_has_soap },
        Tool { what: "mimalloc", packages: &["libmimalloc2.0"], present: || mimalloc().is_some() },
    ])?;
    let mimalloc = mimalloc().ok_or("libmimalloc2.0 is installed, yet no libmimalloc.so.2 was found")?;
    let work = root.join("target/bench-peers");
    let project = build_project(root)?;
    let data = work.join(format!("responses-{}", s.users));
    let status = Command::new(&project)
        .args(["write", &data.display().to_string(), &s.users.to_string()])
        .status()
        .map_err(|e| format!("cannot run {}: {e}", project.display()))?;
    if !status.success() {
        return Err(format!("writing the responses exited with {status}"));
    }
    for case in &CASES {
        let gsoap = gsoap::build(root, &work, &case.gsoap)?;
        let file = data.join(case.file).display().to_string();
        let rounds = s.rounds.to_string();
        let php_driver = root.join("xtask/peers/php_driver.php").display().to_string();
        let wsdl = root.join(case.wsdl).display().to_string();
        let compact = format!("{}_compact", case.mode);
        let each = format!("{}_each", case.mode);
        let peers = [
            Peer::new("NsReader floor (quick-xml)", &project, &["floor", &file, &rounds]),
            Peer::new("pbx-soap (this project)", &project, &["decode", case.mode, &file, &rounds]),
            Peer::new("pbx-soap, compact strings", &project, &["decode", &compact, &file, &rounds]),
            Peer::new("pbx-soap, users handed over one by one", &project, &["decode", &each, &file, &rounds]),
            Peer {
                preload: Some(mimalloc.clone()),
                ..Peer::new(
                    "pbx-soap, mimalloc as allocator",
                    &project,
                    &["decode", case.mode, &file, &rounds],
                )
            },
            Peer::new("gSOAP 2.8 (C++, g++ -O2)", &gsoap, &[&file, &rounds]),
            Peer::new(
                "PHP ext/soap (SoapClient)",
                Path::new("php"),
                &["-d", "memory_limit=-1", &php_driver, &wsdl, case.mode, &file, &rounds],
            ),
        ];
        let mut results: Vec<Vec<Sample>> = vec![Vec::new(); peers.len()];
        for pass in 0..s.passes {
            for (i, peer) in peers.iter().enumerate() {
                let name = peer.name;
                eprintln!("{}: pass {}/{}: {name}", case.file, pass + 1, s.passes);
                let sample = sample(peer)?;
                if i > 0 && sample.records != s.users {
                    return Err(format!(
                        "{name} decoded {} records of {}, not {}",
                        sample.records, case.file, s.users
                    ));
                }
                results[i].push(sample);
            }
        }
        let input = std::fs::metadata(data.join(case.file)).map(|m| m.len()).unwrap_or(0) as f64;
        print_table(case, s.users, input, &s, &peers.map(|p| p.name), &results);
    }
    Ok(())
}

/// One decoder of the table: a program, its arguments, and the allocator
/// library preloaded into it (`LD_PRELOAD`), if any.
struct Peer {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    preload: Option<PathBuf>,
}

impl Peer {
    fn new(name: &'static str, program: &Path, args: &[&str]) -> Self {
        let args = args.iter().map(|a| (*a).to_owned()).collect();
        Peer { name, program: program.to_owned(), args, preload: None }
    }
}

/// Debian's mimalloc (`libmimalloc2.0`), found in the multiarch library
/// folders. Preloaded, it replaces glibc's `malloc` for the whole process,
/// which is what a program gets with the `mimalloc` crate as its
/// `#[global_allocator]`.
fn mimalloc() -> Option<PathBuf> {
    let dirs = std::fs::read_dir("/usr/lib").ok()?;
    let mut candidates: Vec<PathBuf> =
        dirs.filter_map(|d| d.ok()).map(|d| d.path().join("libmimalloc.so.2")).collect();
    candidates.sort();
    candidates.push(PathBuf::from("/usr/lib/libmimalloc.so.2"));
    candidates.into_iter().find(|p| p.is_file())
}

/// Builds the bindings crate's `peers` bench (release) and returns it.
fn build_project(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("building the peers bench of pbx-soap (release)");
    let out = Command::new(cargo)
        .args([
            "bench",
            "-p",
            "pbx-soap",
            "--bench",
            "peers",
            "--features",
            "compact-str",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("building the peers bench exited with {}", out.status));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"]["name"] == "peers")
        .find_map(|v| v["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo named no executable for the peers bench".to_owned())
}

/// One process's report.
#[derive(Clone)]
struct Sample {
    median_ns: f64,
    rss_before: f64,
    peak: f64,
    records: usize,
}

fn sample(peer: &Peer) -> Result<Sample, String> {
    let shown = || format!("{} {}", peer.program.display(), peer.args.join(" "));
    let mut command = Command::new(&peer.program);
    command.args(&peer.args);
    if let Some(library) = &peer.preload {
        // mimalloc says it is loaded when verbose; the dynamic loader only
        // warns when a preload fails, and the run would measure glibc.
        command.env("LD_PRELOAD", library).env("MIMALLOC_VERBOSE", "1");
    }
    let out = command.output().map_err(|e| format!("cannot run {}: {e}", shown()))?;
    if !out.status.success() {
        return Err(format!(
            "`{}` exited with {}:\n{}",
            shown(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if peer.preload.is_some() && !String::from_utf8_lossy(&out.stderr).contains("mimalloc: ") {
        return Err(format!(
            "`{}` did not run with the preloaded allocator:\n{}",
            shown(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = text.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    match fields[..] {
        [_, median_ns, rss_before, peak, records] if records >= 0.0 => {
            Ok(Sample { median_ns, rss_before, peak, records: records as usize })
        }
        _ => Err(format!("`{}` printed `{}`, not `rounds median_ns rss peak records`", shown(), text.trim())),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn print_table(case: &Case, users: usize, input: f64, s: &Settings, names: &[&str], results: &[Vec<Sample>]) {
    let mb = |b: f64| b / 1e6;
    println!(
        "\n{}, {users} records, {:.1} MB; median of {} passes x {} rounds, each peer in its own process",
        case.title,
        mb(input),
        s.passes,
        s.rounds
    );
    println!(
        "| peer | time (ms) | MB/s | ratio to floor | peak RSS (MB) | peak growth (MB) | growth / input |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let times: Vec<f64> = results.iter().map(|r| median(r.iter().map(|x| x.median_ns).collect())).collect();
    let floor = times.first().copied().unwrap_or(f64::NAN);
    for ((name, r), t) in names.iter().zip(results).zip(&times) {
        let peak = r.iter().map(|x| x.peak).fold(0.0, f64::max);
        let growth = r.iter().map(|x| x.peak - x.rss_before).fold(0.0, f64::max);
        println!(
            "| {name} | {:.1} | {:.0} | {:.2} | {:.1} | {:.1} | {:.2} |",
            t / 1e6,
            mb(input) / (t / 1e9),
            t / floor,
            mb(peak),
            mb(growth),
            growth / input
        );
    }
}
