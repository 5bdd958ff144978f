"""`make bench`: build, query, baseline and page figures at 1x-1000x (`python -m tools.bench`).

    report    statistics, formatting, results and targets (pure)
    queries   the warehouses measured, every read query, the pandas baseline
    pages     every page in headless chromium, filter changes, server memory
"""
