//! Feature hashing: strings are hashed once per token, features are mixes of
//! those hashes, and weight rows are found through an open-addressing table.

/// FNV-1a over bytes; used once per token per string view.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Combines two hashes; order matters.
#[inline(always)]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(26) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline(always)]
pub(crate) fn mix3(a: u64, b: u64, c: u64) -> u64 {
    mix(mix(a, b), c)
}

#[inline(always)]
pub(crate) fn mix4(a: u64, b: u64, c: u64, d: u64) -> u64 {
    mix(mix(mix(a, b), c), d)
}

#[inline(always)]
pub(crate) fn finalize(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Open-addressing map from a (non-zero) u64 key to a u32 row index.
#[derive(Clone, Debug, Default)]
pub(crate) struct FeatMap {
    pub(crate) keys: Vec<u64>,
    pub(crate) vals: Vec<u32>,
    pub(crate) len: usize,
}

#[inline(always)]
pub(crate) fn nonzero(k: u64) -> u64 {
    if k == 0 {
        1
    } else {
        k
    }
}

impl FeatMap {
    pub(crate) fn new() -> FeatMap {
        FeatMap {
            keys: vec![0; 1024],
            vals: vec![0; 1024],
            len: 0,
        }
    }

    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        let key = nonzero(key);
        let mask = self.keys.len() - 1;
        let mut i = finalize(key) as usize & mask;
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.vals[i]);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    pub(crate) fn insert(&mut self, key: u64, val: u32) {
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let key = nonzero(key);
        let mask = self.keys.len() - 1;
        let mut i = finalize(key) as usize & mask;
        loop {
            let k = self.keys[i];
            if k == key {
                self.vals[i] = val;
                return;
            }
            if k == 0 {
                self.keys[i] = key;
                self.vals[i] = val;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old_k = std::mem::take(&mut self.keys);
        let old_v = std::mem::take(&mut self.vals);
        let cap = (old_k.len() * 2).max(16);
        self.keys = vec![0; cap];
        self.vals = vec![0; cap];
        self.len = 0;
        for (k, v) in old_k.into_iter().zip(old_v) {
            if k != 0 {
                self.insert(k, v);
            }
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.keys
            .iter()
            .zip(self.vals.iter())
            .filter(|(k, _)| **k != 0)
            .map(|(k, v)| (*k, *v))
    }

    /// Whether the table is structurally sound (power-of-two size, not full).
    pub(crate) fn is_valid(&self) -> bool {
        self.keys.len().is_power_of_two()
            && self.keys.len() == self.vals.len()
            && self.len < self.keys.len()
    }
}

/// Deterministic pseudo-random numbers (splitmix64), for shuffling and exploration.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn featmap_grows_and_finds() {
        let mut m = FeatMap::new();
        for i in 0..5000u64 {
            m.insert(mix(i, 7), i as u32);
        }
        for i in 0..5000u64 {
            assert_eq!(m.get(mix(i, 7)), Some(i as u32));
        }
        assert_eq!(m.get(mix(99999, 7)), None);
        assert!(m.is_valid());
    }
}

#[cfg(test)]
mod probe_tests {
    use super::*;

    #[test]
    fn probe_chains_stay_short() {
        let mut m = FeatMap::new();
        for i in 0..200_000u64 {
            m.insert(
                mix3(0xA24B_AED4_963E_E407u64.wrapping_mul(i % 50 + 1), i / 50, 3),
                i as u32,
            );
        }
        let mask = m.keys.len() - 1;
        let mut total = 0usize;
        let mut worst = 0usize;
        for i in 0..200_000u64 {
            let key = nonzero(mix3(
                0xA24B_AED4_963E_E407u64.wrapping_mul(i % 50 + 1),
                i / 50 + 1_000_000,
                3,
            ));
            let mut j = finalize(key) as usize & mask;
            let mut probes = 1;
            while m.keys[j] != 0 {
                j = (j + 1) & mask;
                probes += 1;
            }
            total += probes;
            worst = worst.max(probes);
        }
        let avg = total as f64 / 200_000.0;
        assert!(avg < 4.0, "average probes for a miss: {avg}, worst {worst}");
    }
}
