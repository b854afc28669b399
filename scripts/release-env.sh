# Sourced by scripts/build.sh (the release build) and bench/speed.mjs (the search it measures):
# the standard library compiled for the widget, not the prebuilt one (issue #11). The prebuilt
# std for wasm32 is optimised for speed, keeps every panic's message and file name, and formats
# `{:?}` however unused; built with the crate's `opt-level = "z"` and the options below, the
# opened widget is smaller (how much: BENCHMARKS.md, "The standard library built for the widget"):
#   -Zbuild-std=std,panic_abort   std from the toolchain's rust-src (scripts/setup.sh adds it);
#   -Cpanic=immediate-abort       a panic traps at once, formatting no message; none was shown
#                                 before either (panic = "abort", no hook: the default hook
#                                 writes to a stderr wasm32 does not have);
#   -Zlocation-detail=none        no file, line and column kept for panics;
#   -Zfmt-debug=none              `{:?}` prints nothing: the widget's messages use Display,
#                                 `{:?}` is for native tests only (tests/no_debug_format.rs).
# These are unstable options of the machine's one (stable) toolchain, verified with 1.95.0
# (`-Cpanic=immediate-abort` is newer than the crate's rust-version): RUSTC_BOOTSTRAP lets its
# rustc and cargo accept them. It reaches every rustc of the build, build scripts included:
# proc-macro2's then turns on its nightly span API for the proc macros (Leptos' view!), which is
# one more reason the end-to-end tests run against this build. If a later toolchain renames an
# option, the build fails naming it; without these lines (and the check in scripts/split.sh)
# it works and is larger.
# RUSTFLAGS and CARGO_ENCODED_RUSTFLAGS would replace the rustflags below and the
# --emit-relocs the split needs, so a developer's own are not passed on.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# std's own size-over-speed choices (`optimize_for_size`: heapsort and a plain merge sort for
# the standard sorts, among others): smaller, and the search per keystroke still ahead of
# FlexSearch's at 10,000 articles (BENCHMARKS.md, "The tracking answer in its own file, std's
# size features").
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Joined with .cargo/config.toml's wasm32 rustflags (--emit-relocs), not in place of them.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
