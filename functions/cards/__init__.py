"""爱心联系卡: what each printed card says, which cards are due, and the print-ready PDF (pure: bytes out)."""
