# The two commands of README.md, plus the steps they are made of. Every target installs what is
# missing first (scripts/install-deps is idempotent and quick when nothing is missing).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ARGS ?=

.PHONY: all deps configure build run test test-sanitize bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Starts the gateway on its embedded defaults (or on the config that SWITCHBOARD_CONFIG or
# ~/.config/switchboard/config.yaml names). Extra flags: make run ARGS='--listen 127.0.0.1:9000'
run: build
	$(BUILD_DIR)/switchboard serve $(ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(ARGS)

# The whole suite again under AddressSanitizer and UBSan, in its own build directory.
test-sanitize: deps
	cmake -S . -B build-asan -G Ninja -DSWITCHBOARD_SANITIZE=ON -DSWITCHBOARD_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) $(ARGS)

bench: build
	bench/run.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
