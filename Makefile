# Big Fast Data in a Box: the workshop's commands. `make help` lists them.
#
# Students:     make check LAB=warmup [STEP=n] [TRACK=solution]
# Instructors:  make demo
# Everyone:     make test

SHELL := /bin/bash
SWIFT ?= swift

# The labs that have landed, by their LAB= name, and each one's folder.
LABS := warmup log store streaming api scheduler notebook
dir_warmup := Warmup
dir_log := Log
dir_store := Store
dir_streaming := Streaming
dir_api := API
dir_scheduler := Scheduler
dir_notebook := Notebook

LAB ?=
TRACK ?= starter
STEP ?=
LAB_DIR = $(dir_$(LAB))
CHECK = .build/debug/check-$(LAB)

.DEFAULT_GOAL := help
.PHONY: help setup build check hint verify-labs test bench bench-spark demo reset solution-diff slides prefetch clean

help:
	@echo "Big Fast Data in a Box"
	@echo ""
	@echo "  make demo [RATE=n DURATION=s]  run the whole startup under load, then the audit (the capstone)"
	@echo "        [CHAOS=1]                 kill -9 a random task every few seconds; the audit must still balance"
	@echo "        [STEP=1]                  the instructor's guided walk, stage by stage"
	@echo "        [KAFKA=h:p CASSANDRA=h:p] a real Kafka and Cassandra instead of the in-box ones"
	@echo "  make test                     build everything and run every test"
	@echo ""
	@echo "  make check LAB=<lab>          check your lab: one line per step"
	@echo "        [STEP=n]                  only steps 1..n"
	@echo "        [TRACK=solution]          against the reference solution"
	@echo "  make hint LAB=<lab> STEP=n    the step's next hint, one more each time"
	@echo "        [HINT=all]                every hint of the step (HINT=k: the k-th)"
	@echo "  make solution-diff LAB=<lab>  your files against the solution"
	@echo "  make reset LAB=<lab>          put the lab's starter files back (asks first)"
	@echo "  make verify-labs              every starter step unstarted, every solution step passing"
	@echo "  make bench                    the benchmark table (release build)"
	@echo "  make bench-spark              window-topk next to PySpark on the same 10M events (needs Java 17)"
	@echo "  make setup                    check (and on Debian/Ubuntu install) prerequisites"
	@echo "  make slides                   render the slide decks to slides/html/"
	@echo "  make prefetch                 before the day: every build and test client, so no network is needed"
	@echo ""
	@echo "  labs: $(LABS)"

setup:
	@scripts/setup

build: setup
	$(SWIFT) build

# Builds only this lab's checker (its starter, solution and suite), so a
# broken starter in another lab never blocks this one.
check: .lab
	@$(SWIFT) build -q --product check-$(LAB)
	@$(CHECK) --track $(TRACK) $(if $(STEP),--step $(STEP))

hint: .lab
	@[ -n "$(STEP)" ] || { echo "make hint: say which step, e.g. make hint LAB=$(LAB) STEP=1" >&2; exit 2; }
	@# Hints are text: the checker built by the last make check will do (and works while the lab does not compile).
	@[ -x $(CHECK) ] || $(SWIFT) build -q --product check-$(LAB)
	@$(CHECK) --hints $(STEP) $(if $(HINT),--hint $(HINT))

.lab:
	@[ -n "$(LAB)" ] || { echo "Say which lab: make $(MAKECMDGOALS) LAB=<lab>, one of: $(LABS)" >&2; exit 2; }
	@[ -n "$(LAB_DIR)" ] || { echo "No lab called \"$(LAB)\". The labs: $(LABS)" >&2; exit 2; }
	@case "$(TRACK)" in starter|solution) ;; *) echo "TRACK must be starter or solution (got \"$(TRACK)\")" >&2; exit 2;; esac

verify-labs:
	@for lab in $(LABS); do $(SWIFT) build -q --product check-$$lab || exit 1; done
	@status=0; for lab in $(LABS); do .build/debug/check-$$lab --verify || status=1; echo; done; exit $$status

# Everything: every target built (starters included), every lab verified,
# every Swift test (the solution-track suites among them), then the real
# Python Kafka clients against our broker.
test:
	@scripts/setup --test
	$(SWIFT) build --build-tests
	@status=0; for lab in $(LABS); do .build/debug/check-$$lab --verify || status=1; echo; done; exit $$status
	$(SWIFT) test --skip-build
	python3 -m pytest Tests/Interop -q -p no:warnings

bench:
	@scripts/setup --bench
	$(SWIFT) build -c release --product box
	.build/release/box bench

# The streaming lab's anchor: PySpark Structured Streaming on the same input.
bench-spark: setup
	@scripts/bench-spark

# The capstone: a scheduler master and agent, the startup's services as
# Marathon tasks, RATE events/s through the API for DURATION seconds, then
# the audit. CHAOS=1 kill -9s a random task every CHAOS_EVERY seconds
# meanwhile; STEP=1 is the instructor's guided walk, pausing after each
# stage. KAFKA=HOST:PORT and CASSANDRA=HOST:PORT use real engines instead of
# the in-box broker and store. Ctrl-C stops everything.
RATE ?= 2000
DURATION ?= 60
BATCH ?= 1
CHAOS_EVERY ?= 5
demo: setup
	$(SWIFT) build -c release --product box
	.build/release/box demo --rate $(RATE) --duration $(DURATION) --batch $(BATCH) \
	  --chaos-every $(CHAOS_EVERY) $(if $(filter 1 yes true,$(CHAOS)),--chaos) $(if $(filter 1 yes true,$(STEP)),--guided) \
	  $(if $(KAFKA),--kafka $(KAFKA)) $(if $(CASSANDRA),--cassandra $(CASSANDRA))

# The starter files as the workshop shipped them: the upstream branch you
# cloned (so your own commits do not count), or HEAD without one.
STARTER_REF = $(shell git rev-parse -q --verify origin/HEAD >/dev/null && echo origin/HEAD || echo HEAD)

reset: .lab
	@read -r -p "Put back the starter files of Labs/$(LAB_DIR) from $(STARTER_REF), losing your changes there? [y/N] " answer; \
	  [ "$$answer" = y ] || [ "$$answer" = Y ] || { echo "Nothing changed."; exit 1; }
	git checkout $(STARTER_REF) -- Labs/$(LAB_DIR)
	@echo "Labs/$(LAB_DIR) is back to its starter files from $(STARTER_REF) (files you added are still there)."

solution-diff: .lab
	@diff -ru -x README.md Solutions/$(LAB_DIR) Labs/$(LAB_DIR) || true

# The decks in slides/, each to one self-contained page in slides/html/.
DECKS := overview scheduler api log streaming store notebook capstone
slides:
	@$(SWIFT) build -q --product slides
	@.build/debug/slides --out slides/html $(DECKS:%=slides/%.md)

# Before the day, with a network: everything make check, make demo, make
# slides and make test need, built and installed, so the room needs none.
prefetch:
	@scripts/setup --test
	scripts/install-pymesos
	$(SWIFT) package resolve
	$(SWIFT) build --build-tests
	$(SWIFT) build -c release --product box
	@$(MAKE) --no-print-directory slides
	@echo "prefetch: done. make check, make demo, make slides and make test now work offline."

clean:
	$(SWIFT) package clean
