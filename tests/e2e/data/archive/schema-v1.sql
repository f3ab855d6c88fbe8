PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE assess_schema (version INTEGER NOT NULL);
INSERT INTO assess_schema VALUES(1);
CREATE TABLE assess_run (
  run_id BIGINT PRIMARY KEY,
  plugin TEXT NOT NULL,
  plugin_version TEXT NOT NULL,
  assess_version TEXT NOT NULL,
  period TEXT,
  lang TEXT,
  config_text TEXT,
  config_sha256 TEXT,
  input_sha256 TEXT NOT NULL,
  references_json TEXT,
  overrides_json TEXT,
  archived_at TEXT NOT NULL,
  exit_status INTEGER NOT NULL,
  records BIGINT NOT NULL,
  assessed BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  is_current INTEGER NOT NULL,
  summary_json TEXT NOT NULL,
  meta_json TEXT NOT NULL);
INSERT INTO assess_run VALUES(1,'starbranch','1.0.0','0.1.0','2024','en',NULL,NULL,'x',NULL,NULL,'2026-01-01T00:00:00Z',0,2,2,0,0,'{}','{}');
INSERT INTO assess_run VALUES(2,'starbranch','1.0.0','0.1.0','2024','en',NULL,NULL,'x',NULL,NULL,'2026-01-01T00:00:00Z',0,1,1,0,1,'{}','{}');
CREATE TABLE assess_result (
  run_id BIGINT NOT NULL REFERENCES assess_run (run_id),
  seq BIGINT NOT NULL,
  id TEXT,
  name TEXT,
  parent TEXT,
  period TEXT,
  status TEXT NOT NULL,
  rating TEXT,
  stars INTEGER,
  score DOUBLE PRECISION,
  result_json TEXT NOT NULL,
  PRIMARY KEY (run_id, seq));
INSERT INTO assess_result VALUES(1,1,'b-30611','a','p','2024','ok','三星级',3,70.0,'{}');
INSERT INTO assess_result VALUES(1,2,'b-30612','b','p','2024','ok','四星级',4,80.0,'{}');
INSERT INTO assess_result VALUES(2,1,'b-30611','a','p','2024','ok','五星级',5,90.0,'{}');
CREATE TABLE assess_rejection (
  run_id BIGINT NOT NULL REFERENCES assess_run (run_id),
  seq BIGINT NOT NULL,
  n INTEGER NOT NULL,
  id TEXT,
  file TEXT,
  line BIGINT,
  path TEXT,
  message TEXT,
  PRIMARY KEY (run_id, seq, n));
CREATE INDEX assess_run_current ON assess_run (plugin, period, is_current);
CREATE INDEX assess_result_id ON assess_result (id, period);
CREATE VIEW assess_runs AS
  SELECT run_id, plugin, plugin_version, assess_version, period, lang,
         archived_at, exit_status, records, assessed, rejected,
         is_current, config_sha256, input_sha256
  FROM assess_run;
CREATE VIEW assess_results AS
  SELECT r.run_id, u.plugin, r.period, r.id, r.name, r.parent, r.status,
         r.rating, r.stars, r.score
  FROM assess_result r JOIN assess_run u ON u.run_id = r.run_id
  WHERE u.is_current = 1;
CREATE VIEW assess_trend AS
  SELECT plugin, id, name, parent, period, rating, stars, score,
         LAG(period) OVER w AS previous_period,
         LAG(rating) OVER w AS previous_rating,
         LAG(stars) OVER w AS previous_stars,
         stars - LAG(stars) OVER w AS stars_change,
         ROUND(CAST(score - LAG(score) OVER w AS NUMERIC), 2)
           AS score_change
  FROM assess_results
  WHERE status = 'ok'
  WINDOW w AS (PARTITION BY plugin, id ORDER BY period);
COMMIT;
