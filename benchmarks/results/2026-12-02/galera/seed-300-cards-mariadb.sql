-- The MariaDB twin of ../../2026-11-28/load/seed-300-cards.sql: 276 more cards over today and
-- tomorrow (UTC), spread over every column, for spread mode. seq_1_to_276 is MariaDB's Sequence
-- engine (on by default).
SET time_zone = '+00:00';
INSERT INTO appointments (customer_name, vehicle, status, start_ts)
SELECT CONCAT('Load customer ', seq), CONCAT('Load vehicle ', seq),
       ELT(1 + seq % 5, 'SCHEDULED', 'CHECKED_IN', 'IN_PROGRESS', 'READY', 'COMPLETED'),
       TIMESTAMP(UTC_DATE()) + INTERVAL (seq % 2) DAY + INTERVAL ((seq % 20) * 30) MINUTE
         + INTERVAL 7 HOUR
FROM seq_1_to_276;
