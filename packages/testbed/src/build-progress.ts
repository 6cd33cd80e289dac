/** Reports a long go build: one status line every few seconds, or a live line on a terminal */
export interface BuildProgress {
  /** Feed every line go prints (`-v` package names, `go: downloading ...`) */
  line(text: string): void
  done(message: string): void
}

export type ProgressSink = (line: string) => void

const TICK_MS = 10_000

/** Writes progress lines to stderr, where vitest and pnpm show them even while they capture stdout */
export function stderrSink (): ProgressSink {
  return (line) => { process.stderr.write(`[composite-ipfs testbed] ${line}\n`) }
}

export function buildProgress (what: string, sink: ProgressSink | undefined): BuildProgress {
  const started = Date.now()
  let packages = 0
  let downloads = 0
  let last = ''
  const status = (): string => {
    const seconds = Math.round((Date.now() - started) / 1000)
    return `building ${what}: ${seconds}s, ${downloads} modules downloaded, ${packages} packages compiled${last === '' ? '' : ` (last: ${last})`}`
  }
  sink?.(`building ${what} from its Go sources (a cold build takes minutes; the result is cached)`)
  const timer = sink === undefined ? undefined : setInterval(() => { sink(status()) }, TICK_MS)
  timer?.unref()
  return {
    line (text) {
      if (text.startsWith('go: downloading ')) {
        downloads++
      } else if (/^[\w.-]+(\/[\w.@+~-]+)*$/.test(text)) {
        // `go build -v` prints one import path per compiled package
        packages++
        last = text
      } else if (text.trim() !== '') {
        // anything else is a warning or an error: show it as it comes
        sink?.(`${what}: ${text}`)
      }
    },
    done (message) {
      clearInterval(timer)
      sink?.(`${message} (${Math.round((Date.now() - started) / 1000)}s, ${packages} packages)`)
    }
  }
}
