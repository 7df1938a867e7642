"""Rows of the system tabs 问题清单, 提醒 and 运行记录 (月度指标's are in metrics): pure; imports only the domain."""
