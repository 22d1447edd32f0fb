-- The two databases of the example (the user's tables; summary_logs gets a unique key on
-- dt_minute so that merge keeps one row per minute).
CREATE DATABASE IF NOT EXISTS event_auto_insert;
CREATE DATABASE IF NOT EXISTS event_summary;
CREATE TABLE IF NOT EXISTS event_auto_insert.logs (
  id int AUTO_INCREMENT,
  datetime datetime NOT NULL,
  value1 int NOT NULL,
  value2 int NOT NULL,
  category varchar(1) NOT NULL,
  flg int NOT NULL,
  PRIMARY KEY (id),
  KEY (datetime)
);
CREATE TABLE IF NOT EXISTS event_summary.summary_logs (
  id int auto_increment,
  dt_minute timestamp NULL,
  min_id int,
  max_id int,
  start timestamp NULL,
  end timestamp NULL,
  count int,
  primary key (id),
  unique key (dt_minute)
);
