# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz lint typecheck bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==25.3"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,postgres]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m midcourse.run

test: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy src
	$(BIN)/pytest --cov=midcourse --cov-report=term:skip-covered --cov-fail-under=92

# The fuzz tests of every parser with the long profile (10,000 examples each); `make test` runs them fast.
fuzz: $(STAMP)
	$(BIN)/pytest -m fuzz --hypothesis-profile=fuzz --hypothesis-show-statistics -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
