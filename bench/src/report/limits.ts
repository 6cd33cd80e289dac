/**
 * Hand-written findings for docs/performance.md: what limits each target, from CPU profiles of
 * the composite node (`--cpu-prof`, read with `src/profile/top-frames.ts`) and from prototype
 * fixes measured against the current code. Update it with each analysis, then
 * `pnpm bench --render <results.json>`.
 */
export const LIMITS = `The figures above come from one run on a shared 2-core machine (see the load averages): the
composite nodes, the daemons and the load generator share the two cores, and other work adds noise,
which the interleaving spreads evenly over the paths but does not remove. Where a figure moved
between runs of the same code, both are given. The changes below were each measured as an A/B of
two CLI bundles (before and after) running side by side, reading each node's CPU time from
\`/proc\`, which the machine's load disturbs much less than wall-clock rates.

### After this run: less garbage per request, and the young generation's size

Two changes came after the full run above, measured with \`pnpm bench --only small-rpc,add\` at
commit 66618f2 (results \`bench/results/2026-11-25-66618f2-only-small-rpc-add-semi{2,4}.json\`):

- Each small RPC allocates about 10 KB less (id 62 → 53 KB, version 59 → 50, pin/ls 67 → 60:
  middleware \`next\` without an async wrapper, the route computed once, response headers set once
  in order, loop-guard's fast path without hop headers, already-read answers kept as bytes, one
  promise per drain step). A/B: CPU per request at concurrency 64 id 333 → 288 µs, version
  280 → 225, pin/ls 380 → 332.
- Garbage collection was then 31 % of the node's CPU under load: with the young generation held
  at its initial 1 MiB (to keep the 1 GiB add under 100 MiB), every ~17 requests cost a scavenge
  that copies the live state of 64 requests. The size can only be set when node starts (a flag on
  the launcher's shebang would need \`env -S\`, which busybox's env in Alpine images lacks), so it
  is the operator's choice, through \`NODE_OPTIONS\` (which turns the CLI's own setting off). Two
  sizes, each measured in one run of both scenarios with \`--node-flags\` (machine load differs
  between the runs):

| semi-space | id c=64 req/s (proxy) | version c=64 req/s (proxy) | pin/ls c=64 req/s (proxy) | added p50 at c=64, id | 1 GiB add peak RSS | 1 GiB add vs Kubo | 10k files vs Kubo |
|---|---|---|---|---|---|---|---|
| 2 MiB | 2,585 (3,461) | 2,649 (3,630) | 2,282 (3,891) | +17.2 ms (proxy +11.4) | 101 MiB | 0.85x | 0.94x |
| 4 MiB | 3,230 (3,519) | 3,491 (3,702) | 2,525 (4,493) | +11.7 ms (proxy +10.8) | 140 MiB | 1.00x | 0.86x |

  With 4 MiB the node nearly matches the proxy at concurrency 64 (within 8 % on id and
  version), but the 1 GiB add, which follows the RPC load, peaks at 140 MiB. The default stays the
  memory-lean one (young generation at its initial size: 103 MiB in the full run); packages/cli/README.md
  shows \`NODE_OPTIONS=--max-semi-space-size=4\` for operators who prefer RPC throughput. At
  concurrency 1 the size does not matter (+0.40–0.44 ms added, the floor +0.26–0.29, the proxy
  +0.16–0.30).

### Small RPCs: p50 <= 1.15x Kubo at concurrency 1

Not reachable by any Node.js hop on this machine, and shown in the same run: the bare Node proxy
(\`bench/src/floor-proxy.ts\`: \`node:http\` + one undici \`Pool\`, no routing, no middleware, no
parsing) is already 1.84–1.97x Kubo at concurrency 1 (0.55 ms against 0.28–0.30 ms), and
ipfs-cluster's Go proxy 1.59–1.99x. A hop costs two loopback round trips plus an HTTP parse and
write on each side; 1.15x would leave 0.04 ms for all of it.

### Small RPCs: composite node's added latency <= the proxy's

Missed: at concurrency 1 the composite node adds 0.42–0.47 ms where the proxy adds 0.18–0.28 ms and
the floor 0.25–0.27 ms; at concurrency 64 it serves 2,000–2,400 req/s where the proxy serves
3,800–5,100 and the floor 4,600–5,400. At concurrency 64 the limit is CPU per request on two cores
shared with Kubo and the load generator.

Fixed this round (A/B, node CPU per request and req/s at concurrency 64, same run):

| case | before | after | floor |
|---|---|---|---|
| id | 325 µs, 2,813 req/s | 229 µs, 3,652 req/s | 131 µs, 5,422 req/s |
| version | 257 µs, 3,825 req/s | 180 µs, 5,303 req/s | 109 µs, 6,855 req/s |
| pin/ls?arg | 350 µs, 2,617 req/s | 309 µs, 2,958 req/s | 129 µs, 4,940 req/s |

- rpc-client: the endpoint's dispatcher is composed once, with one \`outbound\` interceptor
  (caller headers stripped, hop headers, authorization, timeouts, and the per-request "request
  sent" callback read from a dispatch option) instead of a \`compose()\` per request; the first
  attempt runs outside p-retry (p-retry takes over after a failure, with the same verdicts);
  \`kuboJson\` reads a 200 body with undici's \`body.bytes()\`; \`toQuery\` works out each command's
  option keys once.
- header-policy: the command headers are computed once, and a request without Origin or Referer
  is answered with no awaits (the same verdict: rs/cors answers nothing without Origin, and the
  CSRF gate looks at the user agent only).
- server: plain values go through native \`JSON.stringify\` plus one pass for Go's escapes; one
  close listener per request; canonical header names cached; headers already in order are not
  re-set.

What is left, from the profile of \`version\` + \`pin/ls\` at concurrency 64 after the fixes: socket
writes about 20 % (\`writev\` of the answer, undici writing the request; the floor makes the same
two system calls), garbage collection 6–10 %, and JavaScript spread thin (header writing 2 %, Kubo
JSON parse and re-serialisation 2 %, undici's header parser 1.3 %, abort signals and listeners
about 1 % each). The typed \`id\`/\`version\` path parses Kubo's answer and writes it again, because
middleware and backends may change the object; that, the middleware chain and the router are the
difference to the floor. \`pin/ls?arg\` through the cluster connector costs two REST calls
(\`/allocations/{cid}\` and \`/pins/{cid}\`, which asks every peer's Kubo): 1.5 ms instead of 0.5.

### Add: >= 0.95x Kubo's throughput

The 10,000-file directory is met in this run (1.01x; 0.68x before this round). The 1 GiB file is
missed in the full run (0.77x; 0.55x before), and varies most with the machine's load: the node's
CPU competes with Kubo's add (chunking, SHA-256, flatfs writes) and the load generator on two cores.

Fixed this round: the server reads the request and each part chunk by chunk as they arrived
(\`server/src/multipart/chunk-reader.ts\`; \`read()\` joined everything buffered into a new buffer,
a copy of most of the upload); \`encodeMultipart\` joins part headers and small files that are ready
together into writes of up to 64 KiB (\`rpc-client/src/coalesce.ts\`; a 3,000-file add went from
7,875 to 2,056 \`writev\` calls); the CLI keeps V8's young generation small (below). Node CPU per
1 GiB add: 1.72–2.25 s before, 1.53–1.83 s after.

What is left: per byte, copying through the kernel (\`writev\` 18 %), busboy's boundary search
(\`indexOf\` 7 %), garbage collection and async iteration; per file (0.16 ms of node CPU), the
parse-and-forward chain in JavaScript (busboy about 10 %, building file entries 8 %, NDJSON lines
parsed and written again). Against a fake Kubo that discards the upload, the node handles about
13,000 files/s, ten times what the real Kubo adds here. Forwarding the raw multipart body to a Kubo
backend was considered and not done: Kubo would receive different bytes than today (implicit
directories added, names cleaned, headers normalised) and the server's hostile-input checks work on
the parsed entries.

### Add: composite node peak RSS <= 100 MiB during a 1 GiB add

103 MiB in the full run, where the add comes after the concurrency-64 RPC load (the node was at
99 MiB before the add; the add itself grew it by 4.4 MiB); 82–86 MiB for the same add on a fresh
node (108–120 MiB before this round). In the full run the CLI set V8's
\`--semi-space-growth-factor=1\` at start-up, so the young generation stayed at its initial size
instead of growing to 2 x 16 MiB and the stream's short-lived buffers were reclaimed early; it
used less CPU for the add, not more (see "After this run" for the sizes an operator can choose).
What remains above the target in the full run is memory the heap
kept from the 64-connection load before it. ipfs-cluster-service peaks at 265–280 MiB in the same
add through its proxy.

### Cat: >= 0.95x Kubo's throughput

Borderline and load-sensitive: 0.73x in the full run above (where the proxy also fell to 0.88x),
0.945x in a run of the cat scenario alone (\`pnpm bench --only cat\`: 311 against 330 MiB/s, the proxy
0.95x), 0.97x in the previous full run. An A/B of 512 MiB cats against a fresh Kubo gave 293 MiB/s
for the current node, 284 for the code before this round and 310 for Kubo, with the node using
about 1 s of CPU per 512 MiB: the node forwards what Kubo writes, and every byte it copies takes CPU
from Kubo on the same two cores. Reading undici's response chunk by chunk (instead of the merged
chunks \`for await\` hands over) lowered the node's peak RSS during a cat (113–125 to 84–100 MiB)
but doubled its CPU per byte, so it was not kept.

### Pins through a cluster

The composite node answers \`pin/add\` only when every live peer pinned (policy \`replication-min\`
with replication everywhere); the proxy and REST answer once the pin is in the shared state. With
32 requests in flight, the proxy and REST accept 500 pins in under a second, then the peers work
through 500 queued pins at 5–7 pins/s; through the composite node no more than 32 pins are queued
at a time and they are pinned at about 44 pins/s, 9x faster to pinned. Why a deep queue pins so
slowly is ipfs-cluster's side (each queued pin costs the peer a \`pin/ls\`, two metric updates and a
\`pin/add\`).

Changed this round: concurrent pin waits share their status calls
(\`connector-cluster/src/status-batch.ts\`: a poll made while two calls are out joins the next
\`GET /pins?cids=a,b,...\`), so the REST API sees 1.3–2 status calls per pin instead of one per poll
per pin; the default poll interval is 200 ms instead of 500 (with 16 in flight, 100 and 200 ms
answered 25–40 % sooner than 500 ms; with 32 in flight all three reach the same rate, as the table
shows). \`composite-ipfs serve\` has flags for it: \`--pin-wait\`, \`--pin-wait-timeout\`,
\`--pin-poll-interval\`.

### Listing 100,000 pins: first line < 200 ms, total <= 1.2x REST /allocations

Met in pinset mode (\`composite-ipfs serve --cluster-pin-ls pinset\`, connector option
\`pinLs: 'pinset'\`): first line 9 ms, total 1.02x REST \`/allocations\`, memory flat. That mode lists
the shared pinset (what the cluster intends, pins not pinned yet included), as ipfs-cluster's own
proxy does, streaming \`GET /allocations?filter=pin\`. The node's CPU per line went from 8.2 to
4.0 µs this round: the server writes each value with one callback loop per stream and one chunk frame
per value (\`server/src/write/pump.ts\`, \`chunked.ts\`; node frames a \`res.write\` as four queued
writes), field lists are prepared once per stream, and lines in ipfs-cluster v1.1.6's exact layout
are read without a full \`JSON.parse\` (anything else still goes through it).

The default status mode lists what at least one peer reports pinned, from
\`GET /pins?filter=pinned\`, which ipfs-cluster v1.1.6 builds whole (asking Kubo for its whole pin
list) before its first line: 2.3 s at 100,000 pins. The node's first line (2.0 s) and total (3.5 s,
0.89x that REST call) follow it; it cannot start sooner without listing pins it has not seen
pinned. Memory stays flat in both modes (+1 and +6 MiB), while ipfs-cluster-service peaks near
750 MiB to build its answers.

### repo/stat

With its cache (10 s) the aggregator answers as fast as one Kubo; without it
(\`--repo-stat-ttl 0\`), it asks the three Kubos in parallel and is still faster than the proxy,
which goes through the cluster's RPC.
`
