"""Jobs: read → compute → write → deliver, against the Workbook and Transport interfaces, never a concrete adapter."""
