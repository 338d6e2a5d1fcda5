# One statically linked multicall binary, build/ipsec, plus its tests.
#
# Sources are found by wildcard, so adding a file never means editing this file:
#   applets/*.c core/*.c crypto/*.c netlink/*.c config/*.c   -> build/ipsec
#   tests/unit/test_*.c     one unit-test program each (musl static, and ASan+UBSan)
#   tests/fuzz/fuzz_*.c     one libFuzzer target each
#   tests/host/*.sh         host tests (network namespaces on this kernel)
#   tests/vm/suite          real-kernel tests under QEMU

BUILD    ?= build
DESTDIR  ?=
PREFIX   ?= /usr

BEARSSL_A := /usr/lib/x86_64-linux-gnu/libbearssl.a
# The same library for the static product without its unwind tables (.eh_frame,
# 9 KiB in the binary): Debian builds BearSSL with them, our own objects are built
# without (-fno-asynchronous-unwind-tables), and nothing in C unwinds.
MUSL_BEARSSL_A = $(BUILD)/lib/libbearssl.a

LIB_SRCS  := $(sort $(wildcard core/*.c crypto/*.c netlink/*.c config/*.c))
APP_SRCS  := $(sort $(wildcard applets/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELP := $(filter-out $(UNIT_SRCS),$(sort $(wildcard tests/unit/*.c)))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
HDRS      := $(wildcard */*.h tests/unit/*.h)

WARN   := -Wall -Wextra -Werror -Wvla -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CSTD   := -std=c11 -D_GNU_SOURCE
INC    := -I. -I$(BUILD)/include

# The product: musl, static, small.
MUSL_CC     := musl-gcc
MUSL_CFLAGS := $(CSTD) $(WARN) $(INC) -Os -g -ffunction-sections -fdata-sections \
               -fno-asynchronous-unwind-tables -fstack-protector-strong
MUSL_LDFLAGS := -static -Wl,--gc-sections

# Unit tests also run under AddressSanitizer and UndefinedBehaviorSanitizer (gcc, glibc).
SAN_CC     := gcc
SAN_CFLAGS := $(CSTD) $(WARN) $(INC) -O1 -g -fsanitize=address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer -DIPSEC_SANITIZED \
              -ffunction-sections -fdata-sections
SAN_LDFLAGS := -fsanitize=address,undefined -Wl,--gc-sections

FUZZ_CC     := clang
FUZZ_CFLAGS := $(CSTD) -Wall -Wextra -Wno-unused-parameter $(INC) -O1 -g \
               -fsanitize=fuzzer-no-link,address,undefined -DIPSEC_FUZZING \
               -ffunction-sections -fdata-sections
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined -Wl,--gc-sections

MUSL_OBJS := $(patsubst %.c,$(BUILD)/musl/%.o,$(LIB_SRCS) $(APP_SRCS))
MUSL_LIBOBJS := $(patsubst %.c,$(BUILD)/musl/%.o,$(LIB_SRCS))
SAN_LIBOBJS  := $(patsubst %.c,$(BUILD)/san/%.o,$(LIB_SRCS))
FUZZ_LIBOBJS := $(patsubst %.c,$(BUILD)/fuzz/%.o,$(LIB_SRCS))

UNIT_MUSL := $(patsubst tests/unit/%.c,$(BUILD)/unit-musl/%,$(UNIT_SRCS))
UNIT_SAN  := $(patsubst tests/unit/%.c,$(BUILD)/unit-san/%,$(UNIT_SRCS))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzzers/%,$(FUZZ_SRCS))

APPLET_LINKS_SBIN    := ipsec
APPLET_LINKS_LIBEXEC := pluto whack addconn auto newhostkey showhostkey import \
                        trafficstatus readwriteconf

.PHONY: fuzz-deps all deps size install test unit fuzz fuzz-short host-tests vm-tests demo bench clean
.DEFAULT_GOAL := all

all: deps $(BUILD)/ipsec

deps:
	@release/deps.sh build

# Kernel UAPI, BearSSL and libmnl headers, visible to musl-gcc without glibc's headers.
$(BUILD)/include/.stamp:
	@mkdir -p $(BUILD)/include
	@ln -sfn /usr/include/linux $(BUILD)/include/linux
	@ln -sfn /usr/include/x86_64-linux-gnu/asm $(BUILD)/include/asm
	@ln -sfn /usr/include/asm-generic $(BUILD)/include/asm-generic
	@ln -sfn /usr/include/bearssl $(BUILD)/include/bearssl
	@ln -sfn /usr/include/bearssl.h $(BUILD)/include/bearssl.h
	@ln -sfn /usr/include/libmnl $(BUILD)/include/libmnl
	@touch $@

$(BUILD)/musl/%.o: %.c $(HDRS) $(BUILD)/include/.stamp
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(MUSL_CC) $(MUSL_CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c $(HDRS) $(BUILD)/include/.stamp
	@mkdir -p $(dir $@)
	@$(SAN_CC) $(SAN_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/%.o: %.c $(HDRS) $(BUILD)/include/.stamp
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(MUSL_BEARSSL_A): $(BEARSSL_A)
	@mkdir -p $(dir $@)
	@objcopy -R .eh_frame -R .rela.eh_frame $(BEARSSL_A) $@

$(BUILD)/ipsec: $(MUSL_OBJS) $(MUSL_BEARSSL_A)
	@echo "  LD      $@"
	@$(MUSL_CC) $(MUSL_LDFLAGS) -o $@ $(MUSL_OBJS) $(MUSL_BEARSSL_A)
	@for a in $(APPLET_LINKS_LIBEXEC); do ln -sf ipsec $(BUILD)/$$a; done

size: $(BUILD)/ipsec
	@strip -o $(BUILD)/ipsec.stripped $(BUILD)/ipsec
	@release/size.sh $(BUILD)/ipsec.stripped

install: $(BUILD)/ipsec
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/libexec/ipsec \
	    $(DESTDIR)/etc/ipsec.d/policies $(DESTDIR)/run/pluto
	install -m 0755 -s $(BUILD)/ipsec $(DESTDIR)$(PREFIX)/sbin/ipsec
	for a in $(APPLET_LINKS_LIBEXEC); do \
	    ln -sf ../../sbin/ipsec $(DESTDIR)$(PREFIX)/libexec/ipsec/$$a; done
	release/install-extra.sh "$(DESTDIR)" "$(PREFIX)"

# Unit tests: one program per tests/unit/test_*.c, linked with every library object.
$(BUILD)/unit-musl/%: tests/unit/%.c $(UNIT_HELP) $(MUSL_LIBOBJS) $(MUSL_BEARSSL_A) $(HDRS)
	@mkdir -p $(dir $@)
	@$(MUSL_CC) $(MUSL_CFLAGS) $(MUSL_LDFLAGS) -o $@ $< $(UNIT_HELP) $(MUSL_LIBOBJS) $(MUSL_BEARSSL_A)

$(BUILD)/unit-san/%: tests/unit/%.c $(UNIT_HELP) $(SAN_LIBOBJS) $(HDRS)
	@mkdir -p $(dir $@)
	@$(SAN_CC) $(SAN_CFLAGS) $(SAN_LDFLAGS) -o $@ $< $(UNIT_HELP) $(SAN_LIBOBJS) $(BEARSSL_A)

$(BUILD)/fuzzers/%: tests/fuzz/%.c $(FUZZ_LIBOBJS) $(HDRS)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $< $(FUZZ_LIBOBJS) $(BEARSSL_A)

unit: all $(UNIT_MUSL) $(UNIT_SAN)
	@tests/run-unit.sh $(BUILD) $(UNIT_MUSL) $(UNIT_SAN)

fuzz-deps:
	@release/deps.sh fuzz

# make test runs each fuzzer briefly; make fuzz runs them longer.
FUZZ_SECONDS ?= 15
fuzz-short: fuzz-deps $(FUZZ_BINS)
	@tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz: fuzz-deps $(FUZZ_BINS)
	@tests/run-fuzz.sh $${FUZZ_SECONDS:-600} $(FUZZ_BINS)

host-tests: all
	@release/deps.sh test
	@tests/host/run $(BUILD)

vm-tests: all
	@release/deps.sh vm test
	@tests/vm/run -o $(BUILD)/vm-log -t 2400 -- tests/vm/suite

# Everything, one summary line at the end.
test: all
	@release/deps.sh test fuzz vm
	@tests/run-all.sh $(BUILD)

demo: all
	@release/deps.sh vm test
	@tests/vm/demo

bench: all
	@release/deps.sh test
	@tests/bench/run $(BUILD)

clean:
	rm -rf $(BUILD)
