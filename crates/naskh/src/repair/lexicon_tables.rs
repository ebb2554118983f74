//! The lexicon's lookup tables: built from the text of `data/lexicon.txt`
//! at compile time (`build.rs` includes this file and writes them out as
//! bytes) and read back from those bytes at run time.
//!
//! Built once at compile time because counting the trigram model over a
//! quarter of a million words and hashing them took 0.1–0.2 s in every
//! process, more than repairing a typical article. The tables are open
//! addressing with linear probing in flat arrays, so reading them back is a
//! copy and a lookup touches one cache line; no crate offers a hash table
//! that is built by a build script and read back without a rebuild.

// build.rs uses the builder and the library the reader; each leaves the
// other half unused.
#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Fx-style multiplicative hasher: lookups dominate repair time and the keys
/// are our own data, so SipHash's DoS resistance buys nothing here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

/// Final avalanche, so the low bits a table indexes by are mixed.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Key of a character trigram (`'\0'` first for a bigram).
pub fn key3(a: char, b: char, c: char) -> u64 {
    ((a as u64) << 42) | ((b as u64) << 21) | c as u64
}

/// Hash of an empty normalised key; extend it with [`key_hash_push`].
pub const KEY_HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Extend a key hash by one character of a normalised key.
pub fn key_hash_push(h: u64, c: char) -> u64 {
    (h.rotate_left(5) ^ u64::from(u32::from(c))).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Hash of a whole normalised key.
pub fn key_hash(key: &str) -> u64 {
    key.chars().fold(KEY_HASH_START, key_hash_push)
}

/// Word slots keep the hash's top 48 bits; the low 16 hold the cost in
/// hundredths (the data's frequency bucket). A false hit needs two keys
/// that agree on those 48 bits inside one probe window.
const FINGERPRINT: u64 = !0xFFFF;

/// The cost field of a key that is no word but begins one: the
/// re-segmenter stops looking up a span's longer keys once none begins a
/// word.
const PREFIX_ONLY: u16 = 0xFFFF;

/// What the word table holds for a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry {
    /// A word, with its cost in hundredths.
    Word(u16),
    /// No word, but the start of one.
    Prefix,
    /// Neither: no longer key that starts with this one is a word either.
    Absent,
}

/// The language data as the text file gives it, counted into maps.
pub struct Counted {
    /// Normalised word → cost in hundredths (its best bucket).
    pub words: FxMap<Box<str>, u16>,
    /// Trigram and bigram keys → log10 conditional probability.
    pub tri: FxMap<u64, f32>,
    pub bi: FxMap<u64, f32>,
    /// The `@zwnj` section, verbatim.
    pub zwnj: String,
}

/// Count the text of `data/lexicon.txt`. `Err` names a malformed line.
pub fn count(data: &str) -> Result<Counted, String> {
    let mut words: FxMap<Box<str>, u16> = FxMap::default();
    words.reserve(260_000);
    let mut tri_n: FxMap<u64, f32> = FxMap::default();
    let mut bi_n: FxMap<u64, f32> = FxMap::default();
    let mut bucket: u16 = 900;
    let mut zwnj = String::new();
    let mut in_zwnj = false;
    for line in data.lines() {
        if let Some(section) = line.strip_prefix('@') {
            in_zwnj = section == "zwnj";
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if in_zwnj {
            zwnj.push_str(line);
            zwnj.push('\n');
            continue;
        }
        if let Some(b) = line.strip_prefix('=') {
            bucket = b
                .parse::<u16>()
                .ok()
                .filter(|&b| b > 0 && b < PREFIX_ONLY)
                .ok_or_else(|| format!("bad frequency bucket line {line:?}"))?;
            continue;
        }
        let cost = f32::from(bucket) / 100.0;
        // A word in two languages' lists keeps its best cost, counted once.
        let e = words.entry(line.into()).or_insert(bucket);
        if *e < bucket {
            continue;
        }
        *e = bucket;
        // Trigram counts over word types (boundaries '^' '$'), weighted a
        // little toward frequent words so the model prefers real spellings.
        let w = 1.0 + (7.0 - cost).max(0.0) * 0.5;
        let mut p2 = '^';
        let mut p1 = '^';
        for c in line.chars().chain(std::iter::once('$')) {
            *tri_n.entry(key3(p2, p1, c)).or_insert(0.0) += w;
            *bi_n.entry(key3('\0', p1, c)).or_insert(0.0) += w;
            *tri_n.entry(key3(p2, p1, '\u{1}')).or_insert(0.0) += w; // context total
            *bi_n.entry(key3('\0', p1, '\u{1}')).or_insert(0.0) += w;
            p2 = p1;
            p1 = c;
        }
    }
    // Convert to conditional log10 probabilities with simple interpolation.
    let vocab = 60.0f32;
    let bi = conditional(&bi_n, |_, n, tot| ((n + 0.5 / vocab) / (tot + 0.5)).log10());
    let tri = conditional(&tri_n, |k, n, tot| {
        let pb = bi
            .get(&(k & ((1u64 << 42) - 1)))
            .map(|v| 10f32.powf(*v))
            .unwrap_or(1e-4);
        let a = 2.0;
        ((n + a * pb) / (tot + a)).log10()
    });
    Ok(Counted {
        words,
        tri,
        bi,
        zwnj,
    })
}

/// Each n-gram count of `counts` (context totals, keyed `\u{1}` last, left
/// out) as `f(key, count, its context's total)`.
fn conditional(counts: &FxMap<u64, f32>, f: impl Fn(u64, f32, f32) -> f32) -> FxMap<u64, f32> {
    counts
        .iter()
        .filter(|&(&k, _)| (k & 0x1F_FFFF) as u32 != 1)
        .map(|(&k, &n)| {
            let tot = counts.get(&((k & !0x1F_FFFF) | 1)).copied().unwrap_or(n);
            (k, f(k, n, tot))
        })
        .collect()
}

const MAGIC: &[u8; 8] = b"NASKHLX1";

/// Slots for `n` entries: a power of two, at most three quarters full.
/// A miss probes a few slots, but in the one-byte tags (one cache line).
fn slots_for(n: usize) -> usize {
    (n + n / 3 + 1).next_power_of_two()
}

/// Serialise the counted maps (little endian): magic, three u32 lengths
/// (word slots, cost entries, zwnj bytes), the word slots (u64), the symbol
/// of each code point of U+0600–U+06FF (u8), the dense trigram costs (f32
/// bits), and the zwnj text. `Err` when the letters do not fit.
pub fn to_bytes(c: &Counted) -> Result<Vec<u8>, String> {
    // Words first, then the keys that only begin words, each set in key
    // order so the table does not depend on map order.
    let mut entries: Vec<(&str, u16)> = c.words.iter().map(|(k, &v)| (&**k, v)).collect();
    entries.sort_unstable();
    let mut prefixes: Vec<&str> = c
        .words
        .keys()
        .flat_map(|w| w.char_indices().skip(1).map(|(i, _)| &w[..i]))
        .filter(|p| !c.words.contains_key(*p))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    entries.extend(prefixes.into_iter().map(|p| (p, PREFIX_ONLY)));
    let mut words = vec![0u64; slots_for(entries.len())];
    let mask = words.len() - 1;
    for (w, bucket) in entries {
        let h = key_hash(w);
        let mut i = mix(h) as usize & mask;
        loop {
            let s = words[i];
            if s == 0 {
                words[i] = (h & FINGERPRINT) | u64::from(bucket);
                break;
            }
            // The same fingerprint: keep the cheaper cost (a word's, before
            // a prefix's).
            if s & FINGERPRINT == h & FINGERPRINT {
                let b = (s & !FINGERPRINT).min(u64::from(bucket));
                words[i] = (h & FINGERPRINT) | b;
                break;
            }
            i = (i + 1) & mask;
        }
    }
    let (sym_of, costs) = dense(c)?;
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    for n in [words.len(), costs.len(), c.zwnj.len()] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for s in &words {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&sym_of);
    for v in &costs {
        out.extend_from_slice(&v.to_bits().to_le_bytes());
    }
    out.extend_from_slice(c.zwnj.as_bytes());
    Ok(out)
}

/// Cost of a character trigram's unknown: no trigram and no bigram.
const FLOOR_COST: f32 = 4.5;

/// Cost (−log10 P) of `c` after `p2`, `p1` from the counted model: the
/// trigram's, else the bigram's plus 0.5, else [`FLOOR_COST`].
pub fn reference_cost(c: &Counted, p2: char, p1: char, ch: char) -> f32 {
    match c.tri.get(&key3(p2, p1, ch)) {
        Some(v) => -*v,
        None => match c.bi.get(&key3('\0', p1, ch)) {
            Some(v) => 0.5 - v,
            None => FLOOR_COST,
        },
    }
}

/// Symbols of the dense trigram table: each letter of the data, `^`, `$`,
/// and one for every other character (none of which is in any n-gram, so
/// all cost the same).
const SYMS: usize = 64;
const SYM_START: u8 = 61;
const SYM_END: u8 = 62;
const SYM_OTHER: u8 = 63;
/// The letters are all in the Arabic block; this maps each of its code
/// points to a symbol.
const BLOCK: u32 = 0x0600;

/// Letters of the counted words (sorted), or `Err` when they do not fit the
/// dense table.
fn alphabet(c: &Counted) -> Result<Vec<char>, String> {
    let mut letters: Vec<char> = c.words.keys().flat_map(|w| w.chars()).collect();
    letters.sort_unstable();
    letters.dedup();
    if letters.len() > usize::from(SYM_START) {
        return Err(format!("{} letters, room for {SYM_START}", letters.len()));
    }
    match letters
        .iter()
        .find(|&&l| !(BLOCK..BLOCK + 256).contains(&u32::from(l)))
    {
        Some(l) => Err(format!("letter {l:?} outside U+0600-U+06FF")),
        None => Ok(letters),
    }
}

/// The dense table: symbol of each code point of the block, then the cost
/// of every (p2, p1, c) symbol triple.
fn dense(c: &Counted) -> Result<([u8; 256], Vec<f32>), String> {
    let letters = alphabet(c)?;
    let mut sym_of = [SYM_OTHER; 256];
    let mut rep = ['\u{FFFF}'; SYMS]; // a character of each symbol
    for (i, &l) in letters.iter().enumerate() {
        sym_of[(u32::from(l) - BLOCK) as usize] = i as u8;
        rep[i] = l;
    }
    rep[usize::from(SYM_START)] = '^';
    rep[usize::from(SYM_END)] = '$';
    let mut costs = vec![FLOOR_COST; SYMS * SYMS * SYMS];
    for a in 0..SYMS {
        for b in 0..SYMS {
            for d in 0..SYMS {
                costs[(a * SYMS + b) * SYMS + d] = reference_cost(c, rep[a], rep[b], rep[d]);
            }
        }
    }
    Ok((sym_of, costs))
}

/// The tables read back from [`to_bytes`].
pub struct Tables {
    words: Vec<u64>,
    /// One byte per word slot (0 empty, else [`tag`] of its fingerprint),
    /// probed first: most lookups are of spans that are no word, and this
    /// array is an eighth of the slots' size, so a miss stays in cache.
    tags: Vec<u8>,
    /// Symbol of each code point of U+0600–U+06FF in `costs`.
    sym_of: [u8; 256],
    /// Trigram costs by symbol, `(p2 * SYMS + p1) * SYMS + c`: one read
    /// where a hashed model took a probe or two, and a context's costs
    /// share cache lines.
    costs: Vec<f32>,
    /// Persian / Urdu keys whose usual spelling has zero-width non-joiners:
    /// the key positions each goes before. By the key's [`key_hash`], so
    /// that a pair of words is looked up without building its key (a false
    /// hit needs a 64-bit collision with one of a few thousand keys).
    zwnj: FxMap<u64, Box<[u8]>>,
}

impl Tables {
    /// Read the tables back; `None` if the bytes are not [`to_bytes`]'s.
    pub fn from_bytes(b: &[u8]) -> Option<Tables> {
        let rest = b.strip_prefix(MAGIC)?;
        let mut lens = [0usize; 3];
        for (i, l) in lens.iter_mut().enumerate() {
            let v = rest.get(i * 4..i * 4 + 4)?;
            *l = u32::from_le_bytes(v.try_into().ok()?) as usize;
        }
        let [nw, nc, nz] = lens;
        if !nw.is_power_of_two() || nc != SYMS * SYMS * SYMS {
            return None;
        }
        let mut at: usize = 12;
        let mut take = |n: usize| -> Option<&[u8]> {
            let s = rest.get(at..at.checked_add(n)?)?;
            at += n;
            Some(s)
        };
        let words: Vec<u64> = take(nw * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        let tags = words
            .iter()
            .map(|&s| if s == 0 { 0 } else { tag(s) })
            .collect();
        let sym_of: [u8; 256] = take(256)?.try_into().ok()?;
        if sym_of.iter().any(|&s| usize::from(s) >= SYMS) {
            return None;
        }
        let costs = take(nc * 4)?
            .chunks_exact(4)
            .map(|c| f32::from_bits(u32::from_le_bytes(c.try_into().unwrap_or_default())))
            .collect();
        let zwnj_text = std::str::from_utf8(take(nz)?).ok()?;
        let mut zwnj = FxMap::default();
        for line in zwnj_text.lines() {
            if let Some((k, pos)) = line.split_once('\t') {
                let pos: Box<[u8]> = pos.split(',').filter_map(|p| p.parse().ok()).collect();
                zwnj.insert(key_hash(k), pos);
            }
        }
        Some(Tables {
            words,
            tags,
            sym_of,
            costs,
            zwnj,
        })
    }

    /// Cost in hundredths of the word whose [`key_hash`] is `h`.
    pub fn word(&self, h: u64) -> Option<u16> {
        match self.entry(h) {
            Entry::Word(c) => Some(c),
            _ => None,
        }
    }

    /// What the table holds for the key whose [`key_hash`] is `h`.
    pub fn entry(&self, h: u64) -> Entry {
        let mask = self.words.len() - 1;
        // The low bits of a multiplicative hash are weak: mix before indexing.
        let mut i = mix(h) as usize & mask;
        let t = tag(h);
        loop {
            match self.tags[i] {
                0 => return Entry::Absent,
                x if x == t => {
                    let s = self.words[i];
                    if s & FINGERPRINT == h & FINGERPRINT {
                        return match (s & !FINGERPRINT) as u16 {
                            PREFIX_ONLY => Entry::Prefix,
                            c => Entry::Word(c),
                        };
                    }
                }
                _ => {}
            }
            i = (i + 1) & mask;
        }
    }

    /// Cost (−log10 P) of `c` after `p2`, `p1` ([`reference_cost`]).
    pub fn tri_cost(&self, p2: char, p1: char, c: char) -> f32 {
        let i = (self.sym(p2) * SYMS + self.sym(p1)) * SYMS + self.sym(c);
        self.costs[i]
    }

    /// The trigram costs a letter `c` can have in a span of a text whose
    /// letters before it are `p2`, `p1`: as the span's first letter, its
    /// second, its third or later, and the end cost after it when it is the
    /// span's only letter and when it closes a longer one. The same values
    /// as [`Tables::tri_cost`], each symbol looked up once.
    pub fn span_costs(&self, p2: char, p1: char, c: char) -> [f32; 5] {
        let (s2, s1, s0) = (self.sym(p2), self.sym(p1), self.sym(c));
        let (st, en) = (usize::from(SYM_START), usize::from(SYM_END));
        let at = |a: usize, b: usize, c: usize| self.costs[(a * SYMS + b) * SYMS + c];
        [
            at(st, st, s0),
            at(st, s1, s0),
            at(s2, s1, s0),
            at(st, s0, en),
            at(s1, s0, en),
        ]
    }

    /// Sum of the costs of a key's characters and its end (`$`), each after
    /// the two before it (`^` before the start): [`Tables::tri_cost`] along
    /// the key, each character's symbol looked up once.
    pub fn walk_cost(&self, key: impl Iterator<Item = char>) -> f32 {
        let (mut s2, mut s1) = (self.sym('^'), self.sym('^'));
        let mut cost = 0.0f32;
        for c in key.chain(std::iter::once('$')) {
            let s0 = self.sym(c);
            cost += self.costs[(s2 * SYMS + s1) * SYMS + s0];
            s2 = s1;
            s1 = s0;
        }
        cost
    }

    /// Is `c` a letter of the counted words?
    pub fn has_letter(&self, c: char) -> bool {
        match u32::from(c).wrapping_sub(BLOCK) {
            i @ 0..256 => self.sym_of[i as usize] != SYM_OTHER,
            _ => false,
        }
    }

    fn sym(&self, c: char) -> usize {
        let s = match c {
            '^' => SYM_START,
            '$' => SYM_END,
            _ => match u32::from(c).wrapping_sub(BLOCK) {
                i @ 0..256 => self.sym_of[i as usize],
                _ => SYM_OTHER,
            },
        };
        usize::from(s)
    }

    /// Where the usual spelling of a key, given by its [`key_hash`], puts
    /// its ZWNJs.
    pub fn zwnj(&self, h: u64) -> Option<&[u8]> {
        self.zwnj.get(&h).map(|p| &p[..])
    }
}

/// A word slot's tag: seven of the fingerprint's bits, never 0.
fn tag(h: u64) -> u8 {
    (h >> 57) as u8 | 0x80
}
