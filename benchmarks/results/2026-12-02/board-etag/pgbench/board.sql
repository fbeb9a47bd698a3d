SELECT id, status, version, updated_at, customer_name, vehicle, start_ts FROM appointments WHERE start_ts >= '2026-12-02 00:00+00' AND start_ts < '2026-12-04 00:00+00' ORDER BY start_ts, id;
