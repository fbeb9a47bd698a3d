-- 276 more cards of the north shop over today and tomorrow (UTC), spread over every column.
INSERT INTO appointments (customer_name, vehicle, status, start_ts, shop_id)
SELECT 'Load customer ' || g, 'Load vehicle ' || g,
       (ARRAY['SCHEDULED','CHECKED_IN','IN_PROGRESS','READY','COMPLETED'])[1 + g % 5],
       date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         + ((g % 2) * interval '1 day') + ((g % 20) * interval '30 minutes') + interval '7 hours',
       'north'
FROM generate_series(1, 276) g;
