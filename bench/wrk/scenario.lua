-- wrk script for every bench scenario; bench/run.sh drives it through environment variables:
--   BENCH_SCENARIO  health | get | bare-get | list | create | batch | neighbors | login | refresh | mixed
--                   (bare-get: GET /entities/{id} on bench/bare, the get scenario's ids and headers)
--   BENCH_TOKEN     bearer access token (entity routes)
--   BENCH_IDS       file of seeded entity ids, one per line (get, neighbors, mixed)
--   BENCH_TYPES     comma-separated entity types of the seed (list, create, batch, mixed)
--   BENCH_USERS     file of "email password" lines (login)
--   BENCH_REFRESH   file of refresh tokens, one per line (refresh); thread i takes every n-th line
--   BENCH_THREADS   wrk's -t, so the refresh tokens can be split between the threads
--   BENCH_BATCH     entities per batch request (default 1000)
-- done() prints one machine-readable line starting with BENCH_RESULT that run.sh parses.

local scenario = os.getenv("BENCH_SCENARIO") or "health"
local token = os.getenv("BENCH_TOKEN") or ""
local batch_size = tonumber(os.getenv("BENCH_BATCH") or "1000")

local function lines(path)
  local out = {}
  if path == nil or path == "" then return out end
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

local function split(text, sep)
  local out = {}
  for part in string.gmatch(text or "", "([^" .. sep .. "]+)") do out[#out + 1] = part end
  return out
end

local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

local ids, types, users, refresh_tokens, batch_bodies = {}, {}, {}, {}, {}
local counter = 0
local json_headers, auth_headers, auth_json_headers

local function pick(list) return list[math.random(#list)] end

local function entity_json(n)
  local t = pick(types)
  return string.format(
    '{"name":"Bench %s %d-%d","type":"%s","confidence":%.2f,"source_type":"api","metadata":{"bench":true,"n":%d}}',
    t, thread_no, n, t, math.random(), n)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
  types = split(os.getenv("BENCH_TYPES") or "person", ",")
  json_headers = { ["Content-Type"] = "application/json" }
  auth_headers = { ["Authorization"] = "Bearer " .. token }
  auth_json_headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if scenario == "get" or scenario == "bare-get" or scenario == "neighbors" or scenario == "mixed" then
    ids = lines(os.getenv("BENCH_IDS"))
    assert(#ids > 0, "BENCH_IDS is empty")
  end
  if scenario == "login" then
    for _, line in ipairs(lines(os.getenv("BENCH_USERS"))) do
      local email, password = string.match(line, "^(%S+)%s+(%S+)$")
      users[#users + 1] = string.format('{"email":"%s","password":"%s"}', email, password)
    end
    assert(#users > 0, "BENCH_USERS is empty")
  end
  if scenario == "refresh" then
    local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
    for i, line in ipairs(lines(os.getenv("BENCH_REFRESH"))) do
      if (i - 1) % threads == (thread_no or 1) - 1 then refresh_tokens[#refresh_tokens + 1] = line end
    end
  end
  if scenario == "batch" then
    -- A few distinct bodies, built once: building 1,000 items per request would make wrk the bottleneck.
    for b = 1, 4 do
      local items = {}
      for i = 1, batch_size do items[i] = entity_json(b * 100000 + i) end
      batch_bodies[b] = '{"entities":[' .. table.concat(items, ",") .. ']}'
    end
  end
end

local get_prefix = scenario == "bare-get" and "/entities/" or "/api/v1/entities/"
local function get_entity() return wrk.format("GET", get_prefix .. pick(ids), auth_headers) end
local function list_entities()
  return wrk.format("GET", "/api/v1/entities?type=" .. pick(types) .. "&sort=-created_at&limit=50", auth_headers)
end
local function create_entity()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/entities", auth_json_headers, entity_json(counter))
end

function request()
  if scenario == "health" then
    return wrk.format("GET", "/health")
  elseif scenario == "get" or scenario == "bare-get" then
    return get_entity()
  elseif scenario == "list" then
    return list_entities()
  elseif scenario == "create" then
    return create_entity()
  elseif scenario == "batch" then
    counter = counter + 1
    return wrk.format("POST", "/api/v1/entities/batch", auth_json_headers, batch_bodies[(counter % #batch_bodies) + 1])
  elseif scenario == "neighbors" then
    return wrk.format("GET", "/api/v1/entities/" .. pick(ids) .. "/neighbors?depth=2", auth_headers)
  elseif scenario == "login" then
    counter = counter + 1
    return wrk.format("POST", "/api/v1/auth/token", json_headers, users[(counter % #users) + 1])
  elseif scenario == "refresh" then
    -- Refresh tokens rotate (single use): each connection takes one from the queue and response() puts
    -- the new one back, so no token is ever presented twice.
    local current = table.remove(refresh_tokens, 1) or "exhausted"
    return wrk.format("POST", "/api/v1/auth/refresh", json_headers, '{"refresh_token":"' .. current .. '"}')
  elseif scenario == "mixed" then
    local r = math.random(100)
    if r <= 55 then return get_entity()
    elseif r <= 75 then return list_entities()
    elseif r <= 95 then return create_entity()
    else return wrk.format("GET", "/health") end
  end
  error("unknown BENCH_SCENARIO " .. scenario)
end

if scenario == "refresh" then
  function response(status, headers, body)
    local next_token = body and string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
    if next_token then refresh_tokens[#refresh_tokens + 1] = next_token end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.0f max_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
