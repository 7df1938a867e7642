"""爱心联系卡: what each elder's printed card says (pure), and which cards are due for printing."""
