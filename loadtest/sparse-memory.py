#!/usr/bin/python3
# Memory per point of a collection with one 384-d Cosine dense vector and one sparse vector of 100
# non-zeros (terms from 30,000), as Quiver estimates its heap (collection info quiver.memory_bytes),
# and a rough single-client sparse query rate over HTTP (urllib, one request at a time: a smoke
# figure, not a benchmark; no Qdrant runs beside it). Start a server first, e.g. with --persistence false:
#   loadtest/sparse-memory.py [URL] [POINTS]
import json, urllib.request, random, time
import sys
U=sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:6333"
def req(m, p, b=None):
    r=urllib.request.Request(U+p, method=m, data=None if b is None else json.dumps(b).encode(), headers={"Content-Type":"application/json"})
    return json.loads(urllib.request.urlopen(r).read())
req("PUT","/collections/mem",{"vectors":{"size":384,"distance":"Cosine"},"sparse_vectors":{"s":{}}})
rnd=random.Random(1); N=int(sys.argv[2]) if len(sys.argv) > 2 else 20000
t=time.time()
for b in range(0,N,500):
    pts=[]
    for i in range(b,b+500):
        idx=rnd.sample(range(30000),100)
        pts.append({"id":i,"vector":{"":[rnd.random()-0.5 for _ in range(384)],"s":{"indices":idx,"values":[rnd.random() for _ in idx]}}})
    req("PUT","/collections/mem/points?wait=true",{"points":pts})
info=req("GET","/collections/mem")["result"]
m=info["quiver"]["memory_bytes"]
print("points",info["points_count"],"memory_bytes",m,"per point",m/N, "upsert s",round(time.time()-t,1))
q={"indices":rnd.sample(range(30000),100),"values":[1.0]*100}
t=time.time()
for _ in range(200): req("POST","/collections/mem/points/query",{"query":q,"using":"s","limit":10})
print("sparse query/s (1 client, HTTP, 20k docs)", round(200/(time.time()-t)))
