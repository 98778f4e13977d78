//! Tested in the browser through `wasip1-web run` as cargo's runner.

/// Adds two numbers.
pub fn add(a: u64, b: u64) -> u64 {
    a + b
}

#[cfg(test)]
mod tests {
    #[test]
    fn adds() {
        assert_eq!(super::add(2, 3), 5);
    }

    #[test]
    fn sees_the_clock_and_randomness() {
        use std::hash::BuildHasher;
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        assert!(t.as_secs() > 1_577_836_800);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..4 {
            seen.insert(std::collections::hash_map::RandomState::new().hash_one(1u8));
        }
        assert!(seen.len() > 1, "RandomState seeds from random_get");
    }

    #[test]
    fn fails_when_asked() {
        // RUNNER_CRATE_FAIL=1 makes this test fail: cargo test must then fail, with its output.
        if std::env::var_os("RUNNER_CRATE_FAIL").is_some() {
            println!("about to fail on purpose");
            assert_eq!(super::add(1, 1), 3, "failing on purpose");
        }
    }
}
