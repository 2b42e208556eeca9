"""Run every benchmark and print its figures (bench/bench_scale.py, an hour on a busy machine, runs alone)."""

from bench import (
    bench_analyze,
    bench_gains,
    bench_history,
    bench_hostile,
    bench_runtime,
    bench_text,
    bench_vault,
    bench_web,
)

for module in (bench_gains, bench_analyze, bench_history, bench_vault, bench_web, bench_text, bench_runtime,
               bench_hostile):
    module.main()
