# 政务服务效能看板 — the commands a new user runs. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
DB := data/dashboard.duckdb
BUILD_INPUTS := $(shell find data/curated data/sources queries/build govdash/warehouse -type f -not -name '*.pyc' 2>/dev/null) \
                govdash/labels.py govdash/vocabulary.py

.PHONY: run run-cluster nginx test test-fast data check account bench bench-smoke bench-load soak snapshot lint lock clean help
.DEFAULT_GOAL := help

help:
	@echo "make run    安装依赖、按需生成数据仓库并启动看板 (http://127.0.0.1:$(PORT))"
	@echo "make test   安装依赖并运行全部测试"
	@echo "make test-fast  只跑快的测试：tests/unit 与 tests/data（约半分钟，不开浏览器）"
	@echo "make data   重新生成数据仓库 $(DB)"
	@echo "make check  只校验 data/curated 下的整理数据"
	@echo "make account NAME=<账户名> ROLE=admin  新建账户（密码从终端读取；第一个管理员这样建）"
	@echo "make bench  运行性能基准：1、10、100、1000 倍数据（打印结果并写 $(BENCH_WORK)/benchmarks.md，不作为测试）"
	@echo "make bench-smoke  基准的冒烟运行（只测真实数据，约 1–2 分钟，CI 用，不因耗时失败）"
	@echo "make bench-load  并发基准：评议人群、看板人群、会议大屏，K=1,2,3 个进程（打印表格，不作为测试）"
	@echo "make run-cluster K=3  K 个看板进程，前面一个 nginx（粘性会话），http://127.0.0.1:$(PORT)"
	@echo "make soak   会议大屏长时间轮播测试，打印内存（MINUTES=10 INTERVAL=3）"
	@echo "make snapshot NAME=<快照名>  冻结当前数据仓库，供会议大屏 ?snapshot=<快照名> 使用"
	@echo "make lint   ruff 代码检查"

# The venv is rebuilt whenever the pinned requirements change.
$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "需要 Python 3.11，当前为 " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Rebuilt when missing or older than any of its inputs; a failed build keeps the old file.
$(DB): $(VENV)/.installed $(BUILD_INPUTS)
	$(PY) -m govdash.warehouse.build --db $(DB)

data: $(VENV)/.installed
	$(PY) -m govdash.warehouse.build --db $(DB)

check: $(VENV)/.installed
	$(PY) -m govdash.warehouse.build --check

# The first admin, or any account, from the terminal (password read without echo, twice).
ROLE ?= viewer
account: $(VENV)/.installed
	@test -n "$(NAME)" || { echo "用法：make account NAME=<账户名> ROLE=viewer|curator|organiser|admin"; exit 2; }
	$(PY) -m govdash.accounts add "$(NAME)" --role $(ROLE)

run: $(DB)
	$(PY) -m govdash.serve --server.address 127.0.0.1 --server.port $(PORT)

# K app processes behind nginx on PORT (started by tools/cluster.py with its own config, pid and logs,
# never the system's nginx service). nginx comes from Debian: installed here when missing and root.
K ?= 3
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; \
	  else echo "需要 nginx：sudo apt-get install nginx"; exit 1; fi; }

run-cluster: $(DB) nginx
	$(PY) -m tools.cluster --processes $(K) --port $(PORT) --db $(DB)

test: $(VENV)/.installed
	$(PY) -m pytest

# The layers without a server or browser: pure functions, builds, queries, the ballot box.
test-fast: $(VENV)/.installed
	$(PY) -m pytest tests/unit tests/data -q

# The benchmark builds its own warehouse from data/ and keeps the scaled ones (10x-1000x) in
# BENCH_WORK, reused while newer than the build's inputs. Figures only: timing never fails it.
BENCH_WORK ?= /tmp/govdash-bench
BENCH_SIZES ?= 1,10,100,1000
bench: $(VENV)/.installed
	$(PY) -m tools.bench --sizes $(BENCH_SIZES) --work $(BENCH_WORK)

bench-smoke: $(VENV)/.installed
	$(PY) -m tools.bench --smoke --work $(BENCH_WORK)-smoke

# Crowds against the real server (python -m govdash.serve), K = 1, 2, 3 processes (K > 1 behind
# nginx); prints the tables and writes $(LOAD_WORK)/load.md. Timing never fails it; a wrong ballot
# count does. See README 性能 (并发).
LOAD_WORK ?= /tmp/govdash-load
LOAD_K ?= 1,2,3
bench-load: $(DB) nginx
	$(PY) -m tools.load --processes $(LOAD_K) --db $(DB) --work $(LOAD_WORK)

MINUTES ?= 10
INTERVAL ?= 3
soak: $(DB)
	$(PY) -m tools.soak --db $(DB) --minutes $(MINUTES) --interval $(INTERVAL)

snapshot: $(DB)
	@test -n "$(NAME)" || { echo "用法：make snapshot NAME=2025年3月例会"; exit 1; }
	$(PY) -m govdash.warehouse.snapshot create "$(NAME)" --db $(DB)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Re-pin requirements.txt from requirements.in (needs the package index).
lock:
	$(PYTHON) -m venv /tmp/govdash-lock && /tmp/govdash-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins (pip freeze of requirements.in on Python 3.11); regenerate with 'make lock'."; \
	  /tmp/govdash-lock/bin/pip freeze; } > requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache artifacts $(DB)
