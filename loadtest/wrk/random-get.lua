-- GET /kv/key:NNNNNNNNNNNN for random keys among the 100,000 redis-benchmark -r 100000 writes.
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/kv/key:%012d", math.random(0, 99999)))
end
