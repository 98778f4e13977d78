//! An integration test binary: cargo runs it through the runner too.

#[test]
fn adds_from_outside() {
    assert_eq!(runner_crate::add(40, 2), 42);
}
