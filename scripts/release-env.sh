# Sourced by scripts/build.sh (the release build) and bench/speed.mjs (the search it measures):
# the standard library compiled for the widget, not the prebuilt one (issue #11). The prebuilt
# std for wasm32 is optimised for speed, keeps every panic's message and file name, and formats
# `{:?}` however unused; built with the crate's `opt-level = "z"`, the opened widget costs ~16 KB
# brotli less (BENCHMARKS.md, "The standard library built for the widget"):
#   -Zbuild-std=std,panic_abort   std from the toolchain's rust-src (scripts/setup.sh adds it);
#   -Cpanic=immediate-abort       a panic traps at once, formatting no message; none was shown
#                                 before either (panic = "abort", no hook: the default hook
#                                 writes to a stderr wasm32 does not have);
#   -Zlocation-detail=none        no file, line and column kept for panics;
#   -Zfmt-debug=none              `{:?}` prints nothing: the widget's runtime messages use
#                                 Display, `{:?}` appears only in native tests.
# These are unstable options of the machine's one (stable) toolchain, 1.95: RUSTC_BOOTSTRAP lets
# its rustc and cargo accept them. If a later toolchain renames one, the build fails naming it;
# without these lines the build works and is larger.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Joined with .cargo/config.toml's wasm32 rustflags (--emit-relocs), not in place of them.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
