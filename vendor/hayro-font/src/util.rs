use hayro_syntax::object::{Dict, Stream};
use std::hash::Hash;

/// A 128-bit hash of a value, for cache keys.
///
/// naskh patch: two foldhash (quality) hashes with fixed, different seeds
/// instead of SipHash-1-3-128, which was 1.3% of naskh's extraction time
/// (every font program's bytes, every font dictionary at each `Tf`). The keys
/// are only compared within one process; like SipHash with its fixed zero
/// key, this is not meant to resist collisions crafted on purpose (a crafted
/// collision can only mix up cached objects of the crafted document itself).
pub(crate) fn hash128<T: Hash + ?Sized>(value: &T) -> u128 {
    use std::hash::BuildHasher;
    const HI: foldhash::quality::FixedState =
        foldhash::quality::FixedState::with_seed(0x243f_6a88_85a3_08d3);
    const LO: foldhash::quality::FixedState =
        foldhash::quality::FixedState::with_seed(0x1319_8a2e_0370_7344);
    (u128::from(HI.hash_one(value)) << 64) | u128::from(LO.hash_one(value))
}

pub(crate) trait CacheKey {
    fn cache_key(&self) -> u128;
}

impl CacheKey for Dict<'_> {
    fn cache_key(&self) -> u128 {
        hash128(self.data())
    }
}

impl CacheKey for Stream<'_> {
    fn cache_key(&self) -> u128 {
        match self.dict().obj_id() {
            Some(obj_id) => hash128(&obj_id),
            None => hash128(&(self.dict().data(), self.raw_data().as_ref())),
        }
    }
}
