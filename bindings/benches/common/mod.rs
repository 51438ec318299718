//! What the decode benchmarks share: the NsReader floor, and reading the
//! command line the way criterion does.

use std::hint::black_box;
use std::time::{Duration, Instant};

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// The floor: tokenising with namespace resolution and text decoding, no
/// values built. Returns a count so nothing is optimised away.
pub fn floor(bytes: &[u8]) -> usize {
    let mut reader = NsReader::from_reader(bytes);
    let mut n = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let (ns, _) = reader.resolver().resolve_element(e.name());
                n += matches!(ns, ResolveResult::Bound(_)) as usize;
                for a in e.attributes() {
                    n += a.unwrap().value.len();
                }
            }
            Event::Text(t) => n += t.xml10_content().len(),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => n += c.len_utf8(),
                None => n += r.len(),
            },
            Event::Eof => return n,
            _ => {}
        }
    }
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Whether criterion is measuring (`cargo bench`), as opposed to its test
/// mode (`cargo test --benches`, `-- --test`), `--list` or `--profile-time`;
/// mirrors `Criterion::configure_from_args`.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag || a.starts_with(&format!("{flag}=")));
    has("--bench") && !has("--test") && !has("--list") && !has("--profile-time")
}

/// Rounds of the typed decode and the floor, interleaved so machine noise
/// hits both alike.
pub const ROUNDS: usize = 20;

/// The median times of `typed` and `floor` on `bytes` over [`ROUNDS`]
/// interleaved rounds.
pub fn interleaved<T>(bytes: &[u8], typed: impl Fn(&[u8]) -> T) -> (Duration, Duration) {
    let (mut t, mut f) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        let start = Instant::now();
        black_box(typed(black_box(bytes)));
        t.push(start.elapsed());
        let start = Instant::now();
        black_box(floor(black_box(bytes)));
        f.push(start.elapsed());
    }
    (median(&mut t), median(&mut f))
}

/// Prints `label` with the typed decode's and the floor's throughput on
/// `bytes` and their ratio, from [`interleaved`] rounds of this run.
pub fn report<T>(label: &str, bytes: &[u8], typed: impl Fn(&[u8]) -> T) {
    let (t, f) = interleaved(bytes, typed);
    let mbps = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{label}: typed decode: {:.0} MB/s, NsReader floor: {:.0} MB/s, ratio: {:.2}",
        mbps(t),
        mbps(f),
        t.as_secs_f64() / f.as_secs_f64()
    );
}
