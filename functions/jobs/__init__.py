"""Jobs: read → compute → write → deliver, against the Workbook and Delivery interfaces, never a concrete adapter."""
