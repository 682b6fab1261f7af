-- wrk script for `make loadtest` (scripts/loadtest.py writes its input and reads its output).
--
-- Run with as many threads as connections: each wrk thread is one trainee on one connection,
-- posting that trainee's sets one after another, so the k-th answer a thread gets is the
-- answer to its k-th request. The input file has one request per line:
--   thread <TAB> path <TAB> Cookie header <TAB> CSRF token <TAB> urlencoded body
-- A thread that has sent all its sets asks for /healthz instead until the time is up.
-- At the end, for each thread: how far it got and one letter per answer
-- (o = set logged: 200 with the setLogged event; x = anything else; h = /healthz filler).

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  posts = {}
  issued = 0  -- the highest request number handed to wrk
  statuses = ""
  for line in io.lines(args[1]) do
    local thread, path, cookie, csrf, body =
      line:match("^(%d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if tonumber(thread) == id then
      table.insert(posts, wrk.format("POST", path, {
        ["Cookie"] = cookie,
        ["X-CSRFToken"] = csrf,
        ["HX-Request"] = "true",
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, body))
    end
  end
  filler = wrk.format("GET", "/healthz")
end

-- The next request is always the one after the last answered. wrk calls request() once
-- before the run to check the script, and again whenever it reconnects; neither may skip a
-- set. (A request re-sent after a broken connection keeps its client token, so the server
-- logs it once.)
function request()
  local next = #statuses + 1
  if next > issued then issued = next end
  return posts[next] or filler
end

function response(status, headers, body)
  local answered = #statuses + 1
  if answered > #posts then
    statuses = statuses .. "h"
  elseif status == 200 and (headers["HX-Trigger"] or ""):find("setLogged") then
    statuses = statuses .. "o"
  else
    statuses = statuses .. "x"
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("LOADTEST_RESULTS"), "w"))
  for _, thread in ipairs(threads) do
    out:write(string.format("thread\t%d\t%d\t%s\n",
      thread:get("id"), thread:get("issued"), thread:get("statuses")))
  end
  for _, p in ipairs({50, 90, 95, 99}) do
    out:write(string.format("latency_p%d_us\t%d\n", p, latency:percentile(p)))
  end
  out:write(string.format("latency_max_us\t%d\n", latency.max))
  out:write(string.format("duration_us\t%d\n", summary.duration))
  out:write(string.format("requests\t%d\n", summary.requests))
  local e = summary.errors
  out:write(string.format("errors\t%d\t%d\t%d\t%d\t%d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  out:close()
end
