# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO := demo/三有示范社区.xlsx
DEMO_TODAY ?= 2026-11-29

.PHONY: demo test lint bench clean bytecode

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Our own modules' bytecode, made here: where PYTHONDONTWRITEBYTECODE is set (CI machines, some cron
# set-ups) Python would compile ~140 modules again in every run, 0.3 s of each night. Python checks each
# file against its source and ignores a stale one, so an edit is never run from old bytecode.
# The schema files get the same: a JSON copy of their parsed contents, used only while it matches them
# byte for byte (a night then neither imports nor parses YAML: 0.04 s).
bytecode: $(VENV)/.installed
	@$(PY) -m compileall -q -j 0 functions main.py
	@$(PY) -c "from functions.domain.schema import compile_schema; compile_schema()"

demo: bytecode
	@mkdir -p demo && rm -rf demo/outbox  # a fresh community: only this run's mail in the outbox
	$(PY) -m functions demo --workbook $(DEMO) --scale small --today $(DEMO_TODAY) --force
	$(PY) -m functions nightly --workbook $(DEMO) --today $(DEMO_TODAY) --outbox demo/outbox
	$(PY) -m functions monthly --workbook $(DEMO) --today $(DEMO_TODAY) --all --outbox demo/outbox --ledger-file demo/探访台账.xlsx
	$(PY) -m functions cards --workbook $(DEMO) --today $(DEMO_TODAY) --elders E0001,E0002,E0003,E0004 --out demo/爱心联系卡.pdf
	@echo
	@echo "打开示范工作簿 / open the demo workbook: $(DEMO)"
	@echo "  看“问题清单”“提醒”“月度指标”“运行记录”几张表 (system tabs: problems, alerts, metrics, run log)"
	@echo "邮件 / mail written as .eml files: demo/outbox/"
	@echo "群消息 / what each group bot would get (GROUP_BOTS unset): demo/outbox/群消息-*.json"
	@echo "爱心联系卡 / the first page of contact cards: demo/爱心联系卡.pdf"

test: bytecode
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -n auto --maxprocesses 4 --dist worksteal

bench: bytecode
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) demo .pytest_cache
