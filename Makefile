# ovtsh - interactive network-lab shell.  See README.md.
#
#   make            build build/ovtsh
#   make check      every test (unit, grammar lint, golden, integration)
#   make asan       the whole suite under ASan+UBSan (build-asan/)
#   make fuzz       bounded libFuzzer runs (build-fuzz/)
#   make bench      the benchmarks under tests/bench/
#   make deps       install build and test dependencies (Debian, apt-get)
#   make demo       deps, build, replay labs/lab1.script and show it

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
# the Ansible module (contrib/ansible): a path in ANSIBLE_LIBRARY
ANSIBLEDIR  ?= $(PREFIX)/share/ansible/plugins/modules
DESTDIR ?=
CNI_BIN_DIR ?= /opt/cni/bin

BUILD   ?= build
CC      ?= cc
PKGS    := libedit libnl-3.0 libnl-route-3.0 libcurl libpcap jansson libseccomp \
           libgvc libbpf
# Read once per make invocation, when the Makefile is parsed: targets that
# install the libraries first (demo, setup) build in a second invocation.
PKGCFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
PKGOK     := $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo 1)

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN    += -Werror
endif
SAN     ?=
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DOVTSH_VERSION='"$(VERSION)"'
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SAN) $(PKGCFLAGS)
LDFLAGS += $(SAN)
LDLIBS  += $(PKGLIBS) -lutil -lm

SRCS    := $(sort $(wildcard src/*/*.c))
OBJS    := $(SRCS:%.c=$(BUILD)/%.o)
# The CNI plugin is its own program (build/ovtsh-cni): the shell leaves
# its layer out.
SHELL_OBJS := $(filter-out $(BUILD)/src/cni/%,$(OBJS))

# The layers, lowest first, and what each may use besides itself (see
# README, Layout).  The build checks every object against this, by header
# and by symbol (tests/tools/layer-deps.sh), and links each unit test
# with its own layer's objects only: a backwards dependency fails the
# build.  main.c uses them all.
LAYERS       := util out node net docker vm capture trace bench cni cli cmd
LAYER_util   :=
LAYER_out    := util
LAYER_node   := util
LAYER_net    := node util
LAYER_docker := node util
LAYER_vm     := node util
LAYER_capture:= node out util
LAYER_trace  := out util
LAYER_bench  := trace net node out util
LAYER_cni    := net node util
LAYER_cli    := node out util
LAYER_cmd    := cli bench trace capture vm docker net node out util
layer_objs = $(sort $(foreach l,$(subst +, ,$(1)),$(foreach d,$(l) \
	$(LAYER_$(l)),$(filter $(BUILD)/src/$(d)/%,$(OBJS)))))
comma := ,
empty :=
space := $(empty) $(empty)
LAYER_RULES := $(foreach l,$(LAYERS),$(l):$(subst $(space),$(comma),$(strip $(LAYER_$(l)))))
ifneq ($(sort $(LAYERS)),$(sort $(patsubst src/%/,%,$(wildcard src/*/))))
$(error the LAYERS of the Makefile and the directories of src/ differ)
endif

# A unit test's layer (default: cmd, the whole program without main);
# net+docker: net's node references of every kind, the container's too.
UNIT_LAYERS := value:util safefile:util lab_lock:util repl_pty:util \
	jw:out out:out graph:out outpipe:out net_addr:net net_neigh:net net_extack:net net_gre:net net_name:net+docker net_plan:net+docker \
	docker:docker dissect:capture dissect_igmp:capture csum:capture \
	dissect_pcap:capture trace_cpu:trace trace_filter:trace \
	trace_loop:trace trace_stats:trace trace_remote:trace bench_stats:bench \
	iperf_json:bench cli_batch:cli cli_expect:cli net_ping:net csv:util \
	cni_conf:cni plan:util vm_frame:vm vm_kernel:vm \
	memfd:util err_line:util
unit_layer = $(or $(patsubst $(1):%,%,$(filter $(1):%,$(UNIT_LAYERS))),cmd)
UNITS   := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(UNITS:tests/unit/%.c=$(BUILD)/tests/%)
HELPERS := $(sort $(filter-out %.bpf.c,$(wildcard tests/helpers/*.c)))
HELPBIN := $(HELPERS:tests/helpers/%.c=$(BUILD)/tests/helpers/%)

.PHONY: all check unit asan fuzz bench deps setup demo install uninstall \
        clean completions docker-up pkgcheck

all: $(BUILD)/ovtsh $(BUILD)/ovtsh-cni $(UNITBIN) $(HELPBIN)

# The dependency direction, checked before anything is linked.
$(BUILD)/layers.ok: $(OBJS) tests/tools/layer-deps.sh Makefile
	@$(if $(Q),echo "  LAYERS  $(LAYER_RULES)")
	$(Q)tests/tools/layer-deps.sh $(BUILD) $(LAYER_RULES)
	@touch $@

V ?= 0
ifeq ($(V),0)
Q := @
endif

# A missing library is one clear line, not a compiler error about a header.
pkgcheck:
ifneq ($(PKGOK),1)
	@echo "ovtsh: missing build libraries ($$(pkg-config --print-errors \
	  --exists $(PKGS) 2>&1 | head -n 1)); run 'sudo make deps' first" >&2
	@exit 1
endif

$(BUILD)/%.o: %.c | pkgcheck
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The eBPF trace method: the BPF object is compiled for the BPF target and
# embedded in a skeleton header (bpftool), which trace_ebpf.c includes.
# CO-RE: no vmlinux.h, so nothing of the build machine's kernel is read.
BPF_CLANG ?= clang
BPF_ARCH  := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
BPF_MULTI := $(shell $(CC) -print-multiarch 2>/dev/null || gcc -dumpmachine)
BPFTOOL   ?= $(or $(shell command -v bpftool 2>/dev/null),/usr/sbin/bpftool)
BPF_SKEL  := $(BUILD)/src/trace/bpf/syscount.skel.h

$(BUILD)/src/trace/bpf/%.bpf.o: src/trace/bpf/%.bpf.c src/trace/bpf/syscount.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BPF     $<")
	$(Q)$(BPF_CLANG) -O2 -g -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_ARCH) \
	  -Wall -Werror -Isrc/trace/bpf -I/usr/include/$(BPF_MULTI) -c -o $@ $<

$(BUILD)/src/trace/bpf/%.skel.h: $(BUILD)/src/trace/bpf/%.bpf.o
	@$(if $(Q),echo "  SKEL    $@")
	$(Q)$(BPFTOOL) gen skeleton $< name $* > $@.tmp && mv $@.tmp $@

$(BUILD)/src/trace/trace_ebpf.o: $(BPF_SKEL)
$(BUILD)/src/trace/trace_ebpf.o: CPPFLAGS += -I$(BUILD)/src/trace/bpf -Isrc/trace

$(BUILD)/ovtsh: $(BUILD)/src/main.o $(SHELL_OBJS) | $(BUILD)/layers.ok
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/ovtsh-cni: $(BUILD)/src/cni_main.o $(call layer_objs,cni) \
		| $(BUILD)/layers.ok
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.SECONDEXPANSION:
$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o \
		$$(call layer_objs,$$(call unit_layer,$$*)) | $(BUILD)/layers.ok
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@ ($(call unit_layer,$*))")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

$(BUILD)/tests/helpers/%: $(BUILD)/tests/helpers/%.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# bpf_floor: empty programs on the trace method's tracepoints (the bench's
# floor), its object beside it
$(BUILD)/tests/helpers/bpf_floor: | $(BUILD)/tests/helpers/bpf_floor.bpf.o
$(BUILD)/tests/helpers/bpf_floor.bpf.o: tests/helpers/bpf_floor.bpf.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BPF     $<")
	$(Q)$(BPF_CLANG) -O2 -g -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_ARCH) \
	  -Wall -Werror -I/usr/include/$(BPF_MULTI) -c -o $@ $<

-include $(OBJS:.o=.d) $(BUILD)/src/main.d $(BUILD)/src/cni_main.d \
	$(UNITS:tests/unit/%.c=$(BUILD)/tests/unit/%.d) \
	$(HELPERS:tests/helpers/%.c=$(BUILD)/tests/helpers/%.d)

# Every test: the runner prints "N passed, N failed, N skipped" last.
check: all
	OVTSH_BUILD=$(BUILD) tests/run.sh

unit: all
	OVTSH_BUILD=$(BUILD) tests/run.sh unit

asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) BUILD=build-asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  check

FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SECONDS ?= 30
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined" fuzz-bins
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-bins: $(FUZZ_BINS)
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(SHELL_OBJS)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

bench: all
	OVTSH_BUILD=$(BUILD) tests/bench/run.sh

completions: $(BUILD)/ovtsh
	$(BUILD)/ovtsh --completions bash > completions/ovtsh.bash
	$(BUILD)/ovtsh --completions zsh > completions/_ovtsh
	$(BUILD)/ovtsh --completions man > $(BUILD)/commands.man
	tests/tools/man-commands.sh ovtsh.1 $(BUILD)/commands.man

DEPS_SCRIPT ?= tests/tools/deps.sh
deps:
	$(DEPS_SCRIPT)

# deps, then the build in a new make: that one reads pkg-config after the
# libraries are installed (a single invocation would have read it before).
setup:
	$(MAKE) deps
	$(MAKE) all

docker-up:
	tests/tools/docker-up.sh

# The demo replays lab1 under its own lab name, shows it, pings across the
# VXLAN under the tracer, and clears the lab again.
DEMO := OVTSH_LAB=demo $(BUILD)/ovtsh -x
demo: setup
	$(DEMO) -f labs/lab1.script
	$(DEMO) -c 'show hypervisors' -c 'show tunnels' \
	  -c 'show interfaces hypervisor hv1' \
	  -c 'trace exec hypervisor h1 ping -c 3 32.0.0.5'
	$(DEMO) -c 'clear lab'

install: $(BUILD)/ovtsh $(BUILD)/ovtsh-cni
	install -D -m 0755 $(BUILD)/ovtsh $(DESTDIR)$(BINDIR)/ovtsh
	install -D -m 0755 $(BUILD)/ovtsh-cni $(DESTDIR)$(CNI_BIN_DIR)/ovtsh
	install -D -m 0644 ovtsh.1 $(DESTDIR)$(MANDIR)/man1/ovtsh.1
	install -D -m 0644 completions/ovtsh.bash $(DESTDIR)$(BASHCOMPDIR)/ovtsh
	install -D -m 0644 completions/_ovtsh $(DESTDIR)$(ZSHCOMPDIR)/_ovtsh
	install -D -m 0644 contrib/ansible/library/ovtsh_lab.py \
	  $(DESTDIR)$(ANSIBLEDIR)/ovtsh_lab.py

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ovtsh $(DESTDIR)$(MANDIR)/man1/ovtsh.1 \
	  $(DESTDIR)$(CNI_BIN_DIR)/ovtsh \
	  $(DESTDIR)$(BASHCOMPDIR)/ovtsh $(DESTDIR)$(ZSHCOMPDIR)/_ovtsh \
	  $(DESTDIR)$(ANSIBLEDIR)/ovtsh_lab.py

clean:
	rm -rf build build-asan build-fuzz

# Keep intermediate objects of the test and helper programs.
.SECONDARY:
