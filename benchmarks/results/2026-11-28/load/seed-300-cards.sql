-- 276 more cards over today and tomorrow (UTC), spread over every column, for spread mode.
INSERT INTO appointments (customer_name, vehicle, status, start_ts)
SELECT 'Load customer ' || g, 'Load vehicle ' || g,
       (ARRAY['SCHEDULED','CHECKED_IN','IN_PROGRESS','READY','COMPLETED'])[1 + g % 5],
       date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         + ((g % 2) * interval '1 day') + ((g % 20) * interval '30 minutes') + interval '7 hours'
FROM generate_series(1, 276) g;
