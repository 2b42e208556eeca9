"""Run every benchmark and print its figures."""

from bench import bench_analyze, bench_gains

for module in (bench_gains, bench_analyze):
    module.main()
