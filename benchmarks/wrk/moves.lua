-- wrk script: moves only, the way the issue's independent client measured the app.
-- Each thread remembers the version it last saw of each card (from a 200's version or a 409's
-- current_version) and moves a random card from it to a random status.
--   wrk -t2 -c16 -d10s -s benchmarks/wrk/moves.lua \
--     -H "Authorization: Basic $(echo -n north-advisor:demo-password | base64)" http://127.0.0.1:8080
-- CARDS (default 24) is how many cards, with ids 1..CARDS: the demo data's north shop on a fresh
-- database.
local cards = tonumber(os.getenv("CARDS") or "24")
local statuses = {"SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "READY", "COMPLETED"}
local seen = {}

function init(args)
  for i = 1, cards do seen[i] = 1 end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local id = math.random(1, cards)
  local body = '{"status":"' .. statuses[math.random(1, #statuses)] .. '","version":' .. seen[id] .. '}'
  -- wrk.format replaces wrk.headers with the table it is given: copy them (the -H Authorization).
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/admin/appointments/" .. id .. "/move", headers, body)
end

function response(status, headers, body)
  local id = body:match('"appointment_id":"(%d+)"')
  local version
  if status == 200 then
    version = body:match('"version":(%d+)')
  else
    version = body:match('"current_version":(%d+)')
  end
  if id and version then seen[tonumber(id)] = tonumber(version) end
end

-- Percentiles of the whole run, in milliseconds (wrk's own --latency omits p95).
function done(summary, latency, requests)
  io.write(string.format("p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
