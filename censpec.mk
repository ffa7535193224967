# censpec.mk -- make targets that check censpec specs and gate generated code.
#
# Include it from a kernel tree's or an out-of-tree driver's Makefile:
#
#     CENSPEC       := /path/to/censpec/censpec        # the launcher, or any censpec on PATH
#     CENSPEC_SPECS := board.cen                       # the specs (default: *.cen here)
#     CENSPEC_OUT   := generated                       # holds one directory per spec
#     include /path/to/censpec/censpec.mk
#
# Targets:
#   censpec-check     check every spec; fails on an error finding (exit 1) or a usage/IO
#                     problem (exit 2). CENSPEC_CHECK_FLAGS adds options (e.g.
#                     --warnings-as-errors); with CENSPEC_REPORT_DIR set, a SARIF and a JUnit
#                     report (censpec.sarif, censpec-junit.xml) and the trace pictures
#                     (trace-svg/) are written there too.
#   censpec-drift     fails when $(CENSPEC_OUT)/<spec name> differs from what the spec
#                     generates (generated code edited by hand or not regenerated); writes nothing.
#   censpec-generate  (re)generates $(CENSPEC_OUT)/<spec name> for every spec.
#
# <spec name> is the spec file's name without its directory and .cen suffix:
# CENSPEC_SPECS=specs/rpi4_camera.cen, CENSPEC_OUT=gen -> gen/rpi4_camera/.
# Every spec is handled even after one fails; the target exits with the worst status.

CENSPEC             ?= censpec
CENSPEC_SPECS       ?= $(wildcard *.cen)
CENSPEC_OUT         ?= censpec-generated
CENSPEC_CHECK_FLAGS ?=
CENSPEC_GEN_FLAGS   ?=
CENSPEC_REPORT_DIR  ?=

.PHONY: censpec-check censpec-drift censpec-generate

# $(call censpec_require_specs) stops with a one-line message when there is no spec.
censpec_require_specs = @if [ -z "$(strip $(CENSPEC_SPECS))" ]; then \
	echo "censpec.mk: CENSPEC_SPECS is empty (no *.cen file here)" >&2; exit 2; fi

censpec_report_flags = $(if $(strip $(CENSPEC_REPORT_DIR)),--report "sarif=$(CENSPEC_REPORT_DIR)/censpec.sarif" \
    --report "junit=$(CENSPEC_REPORT_DIR)/censpec-junit.xml" --trace-svg "$(CENSPEC_REPORT_DIR)/trace-svg")

censpec-check:
	$(call censpec_require_specs)
	$(if $(strip $(CENSPEC_REPORT_DIR)),@mkdir -p "$(CENSPEC_REPORT_DIR)")
	$(CENSPEC) check $(strip $(CENSPEC_CHECK_FLAGS) $(censpec_report_flags)) $(CENSPEC_SPECS)

censpec-drift:
	$(call censpec_require_specs)
	@worst=0; \
	for spec in $(CENSPEC_SPECS); do \
	    name=$$(basename "$$spec" .cen); \
	    echo "censpec: drift check of $(CENSPEC_OUT)/$$name against $$spec"; \
	    $(CENSPEC) generate --check $(CENSPEC_GEN_FLAGS) -o "$(CENSPEC_OUT)/$$name" "$$spec"; \
	    status=$$?; [ $$status -gt $$worst ] && worst=$$status; \
	done; \
	exit $$worst

censpec-generate:
	$(call censpec_require_specs)
	@worst=0; \
	for spec in $(CENSPEC_SPECS); do \
	    name=$$(basename "$$spec" .cen); \
	    $(CENSPEC) generate $(CENSPEC_GEN_FLAGS) -o "$(CENSPEC_OUT)/$$name" "$$spec"; \
	    status=$$?; [ $$status -gt $$worst ] && worst=$$status; \
	done; \
	exit $$worst
