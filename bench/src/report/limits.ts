/**
 * Hand-written findings for docs/performance.md: what limits each target, from CPU profiles of
 * the composite node (`--cpu-prof`, read with `src/profile/top-frames.ts`) and from prototype
 * fixes measured against the current code. Update it with each analysis, then
 * `pnpm bench --render <results.json>`.
 */
export const LIMITS = `The figures above come from one run on a shared 2-core machine (see the load averages): other
work adds noise, which the interleaving spreads evenly over the paths but does not remove.
Prototype fixes were measured by bundling the CLI with one source file replaced (nothing in the
packages was changed), interleaved against the current code in the same process setup.

### Small RPCs: p50 <= 1.15x Kubo at concurrency 1

Not reachable by any extra HTTP hop on this machine. Kubo answers \`version\` in about 0.3 ms over
loopback. A minimal Node proxy (\`node:http\` + one undici \`Pool\`, no routing, no middleware)
already adds about 0.3 ms (0.29 → 0.59 ms, 2x), and ipfs-cluster's Go proxy adds 0.3–0.5 ms. A hop
costs two loopback round trips and an HTTP parse and write on each side; 1.15x would leave 0.05 ms
for all of it. The useful target is the next one.

### Small RPCs: composite node's added latency <= the proxy's

Missed by 0.1–0.3 ms at concurrency 1 (the composite node adds 0.39–0.47 ms, the proxy
0.18–0.30 ms), and at concurrency 64 by the node's CPU cost per request: about 0.9 ms of CPU per \`version\` call
against about 0.35 ms for the minimal Node proxy, on two cores shared with Kubo and the load
generator. \`pin/ls?arg\` through the cluster connector costs two REST calls (\`/allocations/{cid}\`
and \`/pins/{cid}\`, which asks every peer's Kubo), so 1.6–3 ms instead of 0.5.

Profile of \`version\` at concurrency 64 (self + callee time, share of the node's busy time):

- **rpc-client, per request** (\`packages/rpc-client/src/rpc-client.ts\`): \`#attempt\` calls
  \`target.dispatcher.compose(trackRequestStart(...))\` on every attempt, which builds a new
  Proxy-wrapped dispatcher per request, and every call goes through \`pRetry\` (closures, abort
  listeners) even when the first attempt succeeds. Prototype (no per-request \`compose\`, first
  attempt called directly): 1008 → 1279 req/s (+27 %), p50 44 → 28 ms; 0.81 → 0.78 ms at
  concurrency 1. Fix: compose \`trackRequestStart\` once per endpoint and pass \`facts\` per request
  through a dispatch option (as \`compositeHops\` reads \`via\`/\`hops\`); call \`#attempt\` once
  directly and enter \`pRetry\` only after a failure that may fail over.
- **header-policy** (\`packages/header-policy/src/header-policy.ts\`, 4.9 %): two awaited policy
  calls per request even without Origin or Referer, and \`setCommandHeaders\` builds a Set and a
  copy of the map's keys each time. Prototype without the middleware: 1008 → 1446 req/s. Fix: in
  local mode compute the command headers once, and answer requests without Origin/Referer/
  Mozilla user agent synchronously (no awaits); keep the async path for the rest.
- **undici's connection timers** (10.9 %, \`resumeH1 → parser.setTimeout → setFastTimeout\`): each
  request switches the connection between the keep-alive timer (native, 10 s) and the headers
  timer (undici "fast timer", 300 s), creating a timer object each way. Upstream undici behaviour;
  it is there in the minimal proxy too.
- **server** (\`packages/server/src\`): \`writePreamble\` 4.4 %, \`createContext\` 2.9 %, and the Kubo
  answer parsed by the connector then serialised again (\`jsonLine\`/\`toJson\` 2.8 %).

Both prototypes together: 1008 → 1687 req/s (+67 %), 0.81 → 0.77 ms at concurrency 1. That
closes most of the concurrency-64 gap to the proxy; concurrency 1 needs the server-side items too.

### Add: >= 0.95x Kubo's throughput

Kubo's add (chunking, SHA-256, flatfs writes) and the load generator already use both cores, so
every byte the composite node forwards takes CPU from Kubo. The node spends about 2.4 ms of CPU
per MiB on a 1 GiB add: \`writev\` of the re-encoded upload to Kubo (28 %), multipart parsing
(busboy's Dicer and streamsearch, 15 %), async iteration and microtasks. The 10,000-file
directory is the worst case (about 0.6x): 24.5 % of the node's time is \`writev\` of some 30,000
small writes (each part's header and its 1 KiB of content go out as separate socket writes), and
each added file's NDJSON line is another small \`res.write\`.

Fixes: (1) in \`encodeMultipart\` (\`packages/rpc-client/src/multipart.ts\`), coalesce part headers
and small contents into chunks of up to 64 KiB before yielding, so a directory of small files
costs hundreds of writes instead of tens of thousands; (2) in the server's NDJSON stream writer,
write the lines that are already available in one \`res.write\` (or cork until the next tick);
(3) for a Kubo backend, let \`add\` forward the raw multipart body instead of parsing and
re-encoding it (the server has the raw passthrough for untyped commands; a backend could opt in
for \`add\` when no middleware needs the entries). The big-file ratio is the figure most sensitive
to other load on the machine: 0.55x in the run above, 0.9x in an earlier full run of the same
code. ipfs-cluster's proxy runs the cluster's own adder and is slower still (0.41x and 0.65x).

### Add: composite node peak RSS <= 100 MiB during a 1 GiB add

The node idles at about 60 MiB (bundled, plain \`node\`). A 1 GiB add alone raises it to about
110 MiB: V8's young generation (up to 3 x 16 MiB semi-spaces by default) fills with the stream's
short-lived buffers. In the full run the add comes after the concurrency-64 RPC load, which leaves
the heap larger (the baseline before the add is already 120–145 MiB), so the peak is higher.
Memory does not grow with the file size (512 MiB and 1 GiB give the same peak).
With \`--max-semi-space-size=2\` the peak of the same add was 86–87 MiB instead of 110, with the
throughput within noise. Fix: start the CLI with that flag (document \`NODE_OPTIONS\`, or have
\`packages/cli/bin/composite-ipfs.mjs\` re-exec itself with it); \`pnpm bench --node-flags
"--max-semi-space-size=2"\` measures it. ipfs-cluster-service peaks at about 270 MiB in the same
add through its proxy.

### Cat: >= 0.95x Kubo's throughput

Met. The composite node can even look faster than Kubo: undici's body stream hands over
everything buffered as one chunk, so the harness reads fewer, larger chunks than it does from
Kubo directly. That merge is also the node's main cost: \`for await (const chunk of readable)\` in
\`packages/rpc-client/src/response.ts\` calls \`readable.read()\`, which concatenates every buffered
chunk into a new Buffer (\`fromList\` 9 %, garbage collection 23 % of the node's time). A prototype
reading the chunks one by one ('data' events with pause/resume at 16 queued chunks) lowered the
node's peak RSS during a 1 GiB cat from 114–121 to 91–103 MiB; throughput differences stayed
within the noise of the loaded machine.

### Pins through a cluster

The composite node answers \`pin/add\` only when every live peer pinned (policy
\`replication-min\` with replication everywhere); the proxy and REST answer once the pin is in the
shared state. With 32 requests in flight, the proxy and REST accept 500 pins in under a second,
then the peers work through 500 queued pins at only 5–7 pins/s; through the composite node no
more than 32 pins are queued at a time and they are pinned at about 43 pins/s, so "to pinned" is
7–9x faster through the composite node. (Why a deep queue pins so slowly is ipfs-cluster's side:
each queued pin costs the peer a \`pin/ls\`, two metric updates and a \`pin/add\` with bitswap
fetches; not profiled here.) The status poll interval is not the limit with 32 in flight (the
variant polling after 50 ms instead of 500 ms reached the same rate, and its extra status calls
made each answer slower), but it is with few pins in flight: in quick mode (16 in flight) the
50 ms variant answered in half the time (p50 0.3 s instead of 0.6 s). Fix: a default
\`pollInterval\` of 100–200 ms and a CLI option for \`pinWait\`.

### Listing 100,000 pins: first line < 200 ms, total <= 1.2x REST /allocations

Missed by design of the data source (known): the composite node lists what the peers report
\`pinned\`, from \`GET /pins?filter=pinned\`, which ipfs-cluster v1.1.6 builds whole (asking Kubo for
its whole pin list) before writing its first line: 2.6 s at 100,000 pins, 5 s in total. The node reads
\`GET /allocations?filter=pin\` (to find direct pins) at the same time, so its first line comes
when the slower of the two is ready (2.6 s), and its total (4.1 s, 3.6x REST \`/allocations\`) is
about that of \`/pins?filter=pinned\` itself.
The proxy streams the shared state (\`Cluster.Pins\`) like \`/allocations\`: first line in
milliseconds, but pins that are not pinned anywhere are listed too. Fix, for callers that accept
the proxy's semantics: a \`pinLs: 'state'\` option of the cluster connector that streams
\`/allocations?filter=pin\` with the type from \`max_depth\` (first line in milliseconds, total
close to REST); the faithful mode stays the default. Memory stays flat (+14 MiB: the node keeps
only the direct pins), while ipfs-cluster-service peaks near 700 MiB to build its answers. The
100,000 pins were made in about 2 minutes (see the note of the listing table).

### Other findings

- \`packages/server/src/server.ts\`: every in-flight request adds an abort listener to the
  server's closing signal (\`context.ts\`), so more than 10 concurrent requests print
  \`MaxListenersExceededWarning: Possible EventTarget memory leak detected\` once per process
  (seen in the bench's in-process node; the listeners are removed, so it is not a leak). One-line
  fix, after \`private readonly closing = new AbortController()\`: call
  \`setMaxListeners(0, this.closing.signal)\` (from \`node:events\`) in the constructor.
- The CLI has no option for the \`repo/stat\` cache TTL or for \`pinWait\`; the bench measures those
  with in-process nodes.
- repo/stat: with its cache the aggregator answers as fast as one Kubo; without it, it asks the
  three Kubos in parallel and is still faster than the proxy, which goes through the cluster's RPC.
`
