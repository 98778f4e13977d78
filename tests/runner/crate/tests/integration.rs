//! An integration test binary: cargo runs it through the runner too.

#[test]
fn adds_from_outside() {
    assert_eq!(runner_crate::add(40, 2), 42);
}

/// Run with `--dir .` (cargo runs a test binary in the crate's folder): a fixture read by a path
/// relative to the crate, from the host's disk.
#[test]
fn reads_a_fixture_relative_to_the_crate() {
    assert_eq!(std::fs::read_to_string("tests/fixture.txt").unwrap(), "a fixture of the runner crate\n");
}

/// A file written by a test is on the host's disk afterwards (the e2e test checks, then removes it).
#[test]
fn writes_a_file_that_stays() {
    std::fs::write("written-by-test.txt", "written in the browser\n").unwrap();
    assert_eq!(std::fs::read_to_string("written-by-test.txt").unwrap(), "written in the browser\n");
}
