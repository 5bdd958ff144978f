"""The warehouse: data/ (curated CSV files and the source texts) -> checked records -> DuckDB.

    curated_files  reading the CSV files, the Chinese problem report (file, line, field)
    rules          the rules one record must satisfy, callable on a single row
    curated        loading everything, with the rules across rows
    build          the build (`python -m govdash.warehouse.build`), all or nothing
    snapshot       frozen copies for meetings (`python -m govdash.warehouse.snapshot`)
    atomic         write beside the target, then rename: every writer's one helper
    sql            named SQL files under queries/
    db             the app's one gateway: cached read-only connection, cached results
"""
