"""The monthly 三升三降 figures, their 月度指标 rows and chart: pure; imports only the domain."""
