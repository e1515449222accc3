//! Bounded caches. Work that does not depend on the patient (pictures, brands, fonts, forms,
//! QR codes) is kept between the handouts of one process, in caches that are passed in
//! explicitly (`resolve::Cache`, `render::Cache`, together `crate::Caches`) and bounded in
//! bytes, so memory does not grow with a roster. Nothing here is a process-wide static.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

/// Locks `m`, recovering from a poisoned lock. Every cache update is a single insert or
/// remove, so a panic elsewhere cannot leave the data half-written.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A map that holds at most `budget` bytes of values (as their owner counts them), dropping
/// the least recently used entries to make room. A value larger than the whole budget is not
/// kept at all.
#[derive(Debug)]
pub struct Bounded<K, V> {
    entries: HashMap<K, Slot<V>>,
    bytes: usize,
    budget: usize,
    clock: u64,
}

#[derive(Debug)]
struct Slot<V> {
    value: V,
    bytes: usize,
    used: u64,
}

impl<K: Hash + Eq + Clone, V: Clone> Bounded<K, V> {
    pub fn new(budget: usize) -> Self {
        Bounded { entries: HashMap::new(), bytes: 0, budget, clock: 0 }
    }

    pub fn get(&mut self, key: &K) -> Option<V> {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(key).map(|slot| {
            slot.used = now;
            slot.value.clone()
        })
    }

    pub fn insert(&mut self, key: K, value: V, bytes: usize) {
        if let Some(old) = self.entries.remove(&key) {
            self.bytes -= old.bytes;
        }
        if bytes > self.budget {
            return;
        }
        while self.bytes + bytes > self.budget {
            let Some(oldest) = self.entries.iter().min_by_key(|(_, s)| s.used).map(|(k, _)| k.clone()) else { break };
            if let Some(slot) = self.entries.remove(&oldest) {
                self.bytes -= slot.bytes;
            }
        }
        self.clock += 1;
        self.bytes += bytes;
        self.entries.insert(key, Slot { value, bytes, used: self.clock });
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A `Bounded` map shared between threads.
#[derive(Debug)]
pub struct Shared<K, V>(Mutex<Bounded<K, V>>);

impl<K: Hash + Eq + Clone, V: Clone> Shared<K, V> {
    pub fn new(budget: usize) -> Self {
        Shared(Mutex::new(Bounded::new(budget)))
    }

    /// The cached value for `key`, or the one `make` builds (then kept, sized by `size`). The
    /// lock is not held while `make` runs, so two threads may build the same value once each.
    pub fn get_or_make<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>, size: impl Fn(&V) -> usize) -> Result<V, E> {
        if let Some(hit) = lock(&self.0).get(key) {
            return Ok(hit);
        }
        let value = make()?;
        let bytes = size(&value);
        lock(&self.0).insert(key.clone(), value.clone(), bytes);
        Ok(value)
    }

    pub fn get(&self, key: &K) -> Option<V> {
        lock(&self.0).get(key)
    }

    pub fn insert(&self, key: K, value: V, bytes: usize) {
        lock(&self.0).insert(key, value, bytes);
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        lock(&self.0).bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_within_its_budget_dropping_the_least_recently_used() {
        let mut c: Bounded<u32, &str> = Bounded::new(10);
        c.insert(1, "a", 4);
        c.insert(2, "b", 4);
        assert_eq!(c.get(&1), Some("a"));
        c.insert(3, "c", 4);
        assert_eq!(c.get(&2), None, "2 was used least recently");
        assert_eq!((c.get(&1), c.get(&3)), (Some("a"), Some("c")));
        assert_eq!(c.bytes(), 8);
        c.insert(4, "huge", 11);
        assert_eq!(c.get(&4), None, "larger than the whole budget");
        assert_eq!(c.len(), 2);
        c.insert(1, "a2", 2);
        assert_eq!((c.get(&1), c.bytes()), (Some("a2"), 6));
    }

    #[test]
    fn shared_makes_once_and_passes_errors_on() {
        let c: Shared<&str, u32> = Shared::new(100);
        let mut made = 0;
        for _ in 0..3 {
            let v = c.get_or_make(
                &"k",
                || {
                    made += 1;
                    Ok::<_, ()>(7)
                },
                |_| 1,
            );
            assert_eq!(v, Ok(7));
        }
        assert_eq!(made, 1);
        assert_eq!(c.get_or_make(&"e", || Err("bad"), |_| 1), Err("bad"));
        assert_eq!(c.get(&"e"), None, "errors are not cached");
    }
}
