# The two commands: `make run` (portal + worker + beat, demo data) and `make test` (whole suite).
.PHONY: run test lint install messages

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

lint:
	@bash scripts/bootstrap.sh && .venv/bin/ruff check .

install:
	@bash scripts/bootstrap.sh

# Update the English catalogue (locale/en) from the sources and compile it; see scripts/messages.sh.
messages:
	@bash scripts/messages.sh
