-- grain: generated copies of the real warehouse (benchmarks at scale), all marked 【生成】
-- params: none bound; tools/scale.py registers gen_params(copies) = scale factor minus one, and
--         gen_period_labels(period_label, shift, shifted_label) = labels with years moved back
-- used by: tools/scale.py, on a copy of the warehouse only (never on data/dashboard.duckdb)
-- Per copy k: a county 模拟县kkkk (in 模拟市, 模拟省), one document, and a copy of every real figure
-- and problem, periods moved back (k-1) mod 4 years, values varied deterministically in range.
CREATE TEMP TABLE gen AS
SELECT k,
       printf('模拟县%04d', k)                 AS region,
       printf('模拟市%02d', (k - 1) % 20 + 1)  AS city,
       printf('GEN%04d', k)                    AS doc_no,
       printf('generated_%04d.txt', k)         AS source_file,
       CAST((k - 1) % 4 AS INTEGER)            AS shift
FROM range(1, (SELECT copies FROM gen_params) + 1) AS t(k);

INSERT INTO regions VALUES ('模拟省', '【生成】模拟省', '省', NULL, '模拟省', NULL);
INSERT INTO regions
SELECT DISTINCT city, '【生成】模拟省' || city, '市', '模拟省', '模拟省', city FROM gen;
INSERT INTO regions
SELECT region, '【生成】模拟省' || city || region, '区县', city, '模拟省', city FROM gen;

-- One generated sentence per figure; value varied by a hash of (figure, copy), so runs agree.
CREATE TEMP TABLE gen_figures AS
WITH base AS (
    SELECT g.k, g.region AS gen_region, g.source_file AS gen_file, g.shift, f.*,
           (hash(f.figure_id, g.k) % 10000) / 10000.0 AS u
    FROM gen AS g CROSS JOIN figures AS f
), varied AS (
    SELECT *,
           CASE
               WHEN bound <> 'exact' THEN value  -- 超过/近/前三: the stated bound stays as written
               WHEN unit = '%' THEN round(least(100, greatest(0, value * (0.9 + 0.2 * u))), 2)
               WHEN unit = '名' AND rank_total IS NOT NULL
                   THEN least(rank_total, greatest(1, value + CAST(floor(u * 7) AS INTEGER) - 3))
               WHEN unit = '名' THEN greatest(1, value + CAST(floor(u * 5) AS INTEGER) - 2)
               WHEN value = round(value) THEN round(value * (0.6 + 0.8 * u))
               ELSE round(value * (0.6 + 0.8 * u), 2)
           END AS new_value
    FROM base
)
SELECT v.*,
       printf('G%04d-%s', v.k, v.figure_id)                              AS new_id,
       coalesce(l.shifted_label, v.period_label)                          AS new_label,
       '【生成】' || v.gen_region || '，' || coalesce(l.shifted_label, v.period_label) || v.indicator
           || coalesce(v.org_unit, '') || '为' || coalesce(v.qualifier, '')
           || regexp_replace(CAST(v.new_value AS VARCHAR), '\.0$', '') || v.unit AS new_evidence
FROM varied AS v
LEFT JOIN gen_period_labels AS l ON l.period_label = v.period_label AND l.shift = v.shift;

CREATE TEMP TABLE gen_problems AS
SELECT g.k, g.source_file AS gen_file, p.*,
       printf('G%04d-%s', g.k, p.problem_id) AS new_id,
       row_number() OVER (PARTITION BY g.k ORDER BY p.problem_id) AS new_no,
       '【生成】' || g.region || '巡察问题：' || p.title AS new_evidence
FROM gen AS g CROSS JOIN problems AS p;

-- The document body is the generated sentences in order; offsets point into it.
CREATE TEMP TABLE gen_sentences AS
SELECT gen_file, kind, id, evidence,
       coalesce(sum(length(evidence) + 1) OVER (PARTITION BY gen_file ORDER BY kind, id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS start_at
FROM (
    SELECT gen_file, 1 AS kind, new_id AS id, new_evidence AS evidence FROM gen_figures
    UNION ALL
    SELECT gen_file, 2, new_id, new_evidence FROM gen_problems
);

INSERT INTO sources
SELECT g.source_file, g.doc_no, '【生成数据】' || g.region || '政务服务效能数据（基准测试用，非真实文件）',
       '基准测试生成器', '生成数据', g.region,
       CAST(DATE '2025-06-30' - to_years(g.shift) AS DATE), '由 tools/scale.py 生成，仅用于性能基准',
       sha256(t.body), length(t.body), NULL, NULL, NULL, NULL
FROM gen AS g
JOIN (SELECT gen_file, string_agg(evidence, '。' ORDER BY kind, id) || '。' AS body
      FROM gen_sentences GROUP BY gen_file) AS t ON t.gen_file = g.source_file;

INSERT INTO source_texts
SELECT gen_file, string_agg(evidence, '。' ORDER BY kind, id) || '。' FROM gen_sentences GROUP BY gen_file;

INSERT INTO problems
SELECT p.new_id, p.gen_file, p.new_no, p.category, p.title, p.status, p.new_evidence, s.start_at,
       '【生成数据】复制自 ' || p.problem_id
FROM gen_problems AS p JOIN gen_sentences AS s ON s.kind = 2 AND s.id = p.new_id;

INSERT INTO figures
SELECT f.new_id, f.gen_file, f.indicator, f.gen_region, f.org_unit, f.new_label, f.period_grain,
       CAST(f.period_start_on - to_years(f.shift) AS DATE), CAST(f.period_end_on - to_years(f.shift) AS DATE),
       -- label '' here; tools/scale.py writes it with labels.format_value
       f.new_value, f.unit, '', f.rank_total, f.qualifier, f.bound, f.stage, f.new_evidence,
       s.start_at, s.start_at + length(f.new_evidence), f.new_evidence,
       '【生成数据】复制自 ' || f.figure_id,
       CASE WHEN f.problem_id IS NULL THEN NULL ELSE printf('G%04d-%s', f.k, f.problem_id) END,
       NULL, NULL, f.is_doubtful, f.doubt_reason, f.is_derived, f.derivation
FROM gen_figures AS f JOIN gen_sentences AS s ON s.kind = 1 AND s.id = f.new_id;

UPDATE build_info SET figure_count = (SELECT count(*) FROM figures), document_count = (SELECT count(*) FROM sources);
