"""Run every benchmark and print its figures."""

from bench import bench_analyze, bench_gains, bench_history, bench_runtime, bench_text, bench_vault, bench_web

for module in (bench_gains, bench_analyze, bench_history, bench_vault, bench_web, bench_text, bench_runtime):
    module.main()
