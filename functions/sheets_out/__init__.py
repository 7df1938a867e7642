"""Rows of the system tabs (问题清单, 提醒, 月度指标, 运行记录): pure; imports domain and core results."""
