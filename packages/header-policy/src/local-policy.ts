import { Cors } from './cors.ts'
import { passesCsrfGate } from './csrf.ts'
import { originsForPort } from './origins.ts'
import type { HeaderPair } from './cors.ts'
import type { ActualVerdict, Policy, PolicyRequest } from './policy.ts'
import type { CommandHeader, Settings } from './settings.ts'

/** The rules for one API port: CORS answers, and the exact origin list of the CSRF gate */
interface PortRules {
  cors: Cors
  csrfAllows: (origin: string) => boolean
}

/** Kubo's own policy, computed here: rs/cors answers, the go-ipfs-cmds CSRF gate, static headers */
export class LocalPolicy implements Policy {
  private readonly settings: Settings
  private readonly apiPort?: number
  private readonly byPort = new Map<number | undefined, PortRules>()

  constructor (settings: Settings, apiPort?: number) {
    this.settings = settings
    this.apiPort = apiPort
  }

  async preflight (request: PolicyRequest): Promise<HeaderPair[]> {
    return this.rules(request).cors.preflight(request)
  }

  async actual (request: PolicyRequest): Promise<ActualVerdict> {
    const rules = this.rules(request)
    const cors = rules.cors.actual(request)
    // only POST gets past Kubo's method gate, which runs before the CSRF gate
    const allowed = request.method !== 'POST' || passesCsrfGate(request, rules.csrfAllows)
    return { cors, allowed }
  }

  async commandHeaders (): Promise<readonly CommandHeader[]> {
    return this.settings.commandHeaders
  }

  private rules (request: PolicyRequest): PortRules {
    const port = this.apiPort ?? request.port
    let rules = this.byPort.get(port)
    if (rules === undefined) {
      const origins = originsForPort(this.settings.cors.allowedOrigins, port)
      const exact = new Set(origins)
      const any = exact.has('*')
      rules = {
        cors: new Cors({ ...this.settings.cors, allowedOrigins: origins }),
        csrfAllows: origin => any || exact.has(origin)
      }
      // a node listens on a handful of ports; the bound only guards against misuse
      if (this.byPort.size > 64) this.byPort.clear()
      this.byPort.set(port, rules)
    }
    return rules
  }
}
