"""The load benchmark (`make bench-load`, `python -m tools.load`): crowds of sessions against the
real server (crowds: the protocol-level evaluators and viewers; screen: the meeting screen in
Chromium; __main__: the runs, K = 1, 2, 3 processes, and the printed tables)."""
