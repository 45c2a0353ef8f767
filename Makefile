# Convenience targets (each is one documented command; see README.md).
PY ?= .venv/bin/python
CORPUS ?= seeds
OUT ?= figures

.PHONY: venv figures test lint notebooks docs bench clean

venv:
	python3 -m venv .venv && .venv/bin/pip install -q -e ".[dev]"

figures:            ## regenerate every table and figure from $(CORPUS)
	.venv/bin/astana figures --corpus $(CORPUS) --out $(OUT)

test:
	$(PY) -m pytest

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

notebooks:          ## execute every notebook in place (outputs are stripped again by `make strip`)
	$(PY) -m pytest tests/test_notebooks.py

docs:               ## the documentation site into docs/_build/html (warnings are errors)
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

bench:
	$(PY) benchmarks/bench_read.py && $(PY) benchmarks/bench_reuse.py && \
	$(PY) benchmarks/eval_gold.py && $(PY) benchmarks/eval_synthetic.py
