SELECT count(*), sum(version), max(updated_at) FROM appointments WHERE start_ts >= '2026-12-02 00:00+00' AND start_ts < '2026-12-04 00:00+00';
