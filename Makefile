# computechain — `make demo` sets everything up and runs the main job; `make test` runs all checks.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/computechain build
	$(BIN)/computechain show "Zhongji Innolight"
	$(BIN)/computechain trace OpenAI --top 10 --columns name,tier,share,share_filled,path

lint: $(BIN)/.installed
	$(BIN)/ruff check computechain graph loaders queries exports tests bench
	$(BIN)/python scripts/typecheck.py

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
