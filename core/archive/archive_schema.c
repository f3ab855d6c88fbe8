/*
 * archive_schema.c - the archive's tables and views, as steps from one
 * schema version to the next (archive_impl.h).  One text for SQLite and
 * PostgreSQL: only types and functions both know (TEXT, BIGINT, INTEGER,
 * DOUBLE PRECISION, window functions); booleans are the integers 0 and 1.
 * docs/archive.md documents every column; the views are the stable names
 * dashboards read.
 */
#include "archive_impl.h"

#include <stddef.h>

static const char v1[] =
"CREATE TABLE assess_schema (version INTEGER NOT NULL);\n"
"CREATE TABLE assess_run (\n"
"  run_id BIGINT PRIMARY KEY,\n"
"  plugin TEXT NOT NULL,\n"
"  plugin_version TEXT NOT NULL,\n"
"  assess_version TEXT NOT NULL,\n"
"  period TEXT,\n"
"  lang TEXT,\n"
"  config_text TEXT,\n"
"  config_sha256 TEXT,\n"
"  input_sha256 TEXT NOT NULL,\n"
"  references_json TEXT,\n"
"  overrides_json TEXT,\n"
"  archived_at TEXT NOT NULL,\n"
"  exit_status INTEGER NOT NULL,\n"
"  records BIGINT NOT NULL,\n"
"  assessed BIGINT NOT NULL,\n"
"  rejected BIGINT NOT NULL,\n"
"  is_current INTEGER NOT NULL,\n"
"  summary_json TEXT NOT NULL,\n"
"  meta_json TEXT NOT NULL);\n"
"CREATE INDEX assess_run_current ON assess_run (plugin, period, is_current);\n"
"CREATE TABLE assess_result (\n"
"  run_id BIGINT NOT NULL REFERENCES assess_run (run_id),\n"
"  seq BIGINT NOT NULL,\n"
"  id TEXT,\n"
"  name TEXT,\n"
"  parent TEXT,\n"
"  period TEXT,\n"
"  status TEXT NOT NULL,\n"
"  rating TEXT,\n"
"  stars INTEGER,\n"
"  score DOUBLE PRECISION,\n"
"  result_json TEXT NOT NULL,\n"
"  PRIMARY KEY (run_id, seq));\n"
"CREATE INDEX assess_result_id ON assess_result (id, period);\n"
"CREATE TABLE assess_rejection (\n"
"  run_id BIGINT NOT NULL REFERENCES assess_run (run_id),\n"
"  seq BIGINT NOT NULL,\n"
"  n INTEGER NOT NULL,\n"
"  id TEXT,\n"
"  file TEXT,\n"
"  line BIGINT,\n"
"  path TEXT,\n"
"  message TEXT,\n"
"  PRIMARY KEY (run_id, seq, n));\n"
"CREATE VIEW assess_runs AS\n"
"  SELECT run_id, plugin, plugin_version, assess_version, period, lang,\n"
"         archived_at, exit_status, records, assessed, rejected,\n"
"         is_current, config_sha256, input_sha256\n"
"  FROM assess_run;\n"
"CREATE VIEW assess_results AS\n"
"  SELECT r.run_id, u.plugin, r.period, r.id, r.name, r.parent, r.status,\n"
"         r.rating, r.stars, r.score\n"
"  FROM assess_result r JOIN assess_run u ON u.run_id = r.run_id\n"
"  WHERE u.is_current = 1;\n"
"CREATE VIEW assess_trend AS\n"
"  SELECT plugin, id, name, parent, period, rating, stars, score,\n"
"         LAG(period) OVER w AS previous_period,\n"
"         LAG(rating) OVER w AS previous_rating,\n"
"         LAG(stars) OVER w AS previous_stars,\n"
"         stars - LAG(stars) OVER w AS stars_change,\n"
"         ROUND(CAST(score - LAG(score) OVER w AS NUMERIC), 2)\n"
"           AS score_change\n"
"  FROM assess_results\n"
"  WHERE status = 'ok'\n"
"  WINDOW w AS (PARTITION BY plugin, id ORDER BY period);\n";

/* Version 2: a run is current for the ids it holds, not as a whole (a
 * partial re-run, two departments or two scorecard schemes in one
 * archive).  A result is current while no later run of its plugin and
 * scheme holds its id for its period (the result's, else the run's);
 * assess_result.is_current keeps that, set as each run lands, so the
 * views and --history-from read a flag, not a search.  The run's scheme:
 * its INI's [scheme] title, else its plugin's name (docs/archive.md);
 * runs of version 1 took none, so theirs is their plugin's name. */
static const char v2[] =
"ALTER TABLE assess_run ADD COLUMN scheme TEXT;\n"
"UPDATE assess_run SET scheme = plugin;\n"
"ALTER TABLE assess_result ADD COLUMN is_current INTEGER NOT NULL DEFAULT 1;\n"
"UPDATE assess_result SET is_current = 0 WHERE EXISTS (\n"
"  SELECT 1 FROM assess_result n\n"
"  JOIN assess_run nu ON nu.run_id = n.run_id\n"
"  JOIN assess_run u ON u.run_id = assess_result.run_id\n"
"  WHERE n.id = assess_result.id AND n.run_id > assess_result.run_id\n"
"    AND nu.plugin = u.plugin AND nu.scheme = u.scheme\n"
"    AND COALESCE(n.period, nu.period) IS NOT DISTINCT FROM\n"
"        COALESCE(assess_result.period, u.period));\n"
"UPDATE assess_run SET is_current = CASE WHEN EXISTS (\n"
"  SELECT 1 FROM assess_result r WHERE r.run_id = assess_run.run_id\n"
"    AND r.is_current = 1) THEN 1 ELSE 0 END;\n"
"CREATE INDEX assess_run_scheme ON assess_run (plugin, scheme);\n"
"DROP VIEW assess_trend;\n"
"DROP VIEW assess_results;\n"
"DROP VIEW assess_runs;\n"
"CREATE VIEW assess_runs AS\n"
"  SELECT run_id, plugin, plugin_version, assess_version, period, lang,\n"
"         archived_at, exit_status, records, assessed, rejected,\n"
"         is_current, config_sha256, input_sha256, scheme\n"
"  FROM assess_run;\n"
"CREATE VIEW assess_results AS\n"
"  SELECT r.run_id, u.plugin, r.period, r.id, r.name, r.parent, r.status,\n"
"         r.rating, r.stars, r.score, u.scheme\n"
"  FROM assess_result r JOIN assess_run u ON u.run_id = r.run_id\n"
"  WHERE r.is_current = 1;\n"
"CREATE VIEW assess_trend AS\n"
"  SELECT plugin, id, name, parent, period, rating, stars, score,\n"
"         LAG(period) OVER w AS previous_period,\n"
"         LAG(rating) OVER w AS previous_rating,\n"
"         LAG(stars) OVER w AS previous_stars,\n"
"         stars - LAG(stars) OVER w AS stars_change,\n"
"         ROUND(CAST(score - LAG(score) OVER w AS NUMERIC), 2)\n"
"           AS score_change,\n"
"         scheme\n"
"  FROM assess_results\n"
"  WHERE status = 'ok'\n"
"  WINDOW w AS (PARTITION BY plugin, scheme, id ORDER BY period);\n";

const struct archive_migration archive_migrations[] = {
	{ 1, v1 },
	{ 2, v2 },
	{ 0, NULL }
};
