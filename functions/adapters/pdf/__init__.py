"""PDF output (fpdf2): the printable 爱心联系卡 sheets."""
