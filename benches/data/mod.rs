//! Data sets and timing shared by the benchmarks (not tests): directory entries and
//! events as a busy hub holds them, and percentiles.

#![allow(dead_code)]

pub mod entries;
pub mod events;

use std::time::Duration;

/// The `p` quantile (0..=1) of `sorted` samples, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}
