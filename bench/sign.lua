-- Signing one petition through the API: each request is a different person (an API key from
-- the file named by the first argument), as when many people sign at once.
-- Arguments: <keys file> <number of wrk threads> <petition id>.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

function prepare(args)
  thread_count = tonumber(args[2])
  keys = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % thread_count == id then
      table.insert(keys, line)
    end
    n = n + 1
  end
  path = "/api/v1/petitions/" .. args[3] .. "/signatures"
  next_key = 1
end

function request()
  local key = keys[next_key]
  next_key = next_key + 1
  if next_key > #keys then
    next_key = 1 -- out of people: repeats come back 409 and show up as errors
  end
  -- Each person from an address of their own, as the load balancer reports it.
  local n = next_key * thread_count + id
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256,
                                math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", path, {
    ["Authorization"] = "Token " .. key,
    ["X-Forwarded-For"] = address,
    ["Content-Type"] = "application/json",
  }, "{}")
end
