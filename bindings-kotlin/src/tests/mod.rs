//! Rust unit tests of the conversions (typed JVM records → core types).
