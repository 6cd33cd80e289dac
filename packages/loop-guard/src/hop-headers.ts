import { InvalidRequestError } from '@composite-ipfs/interface'
import { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, NODE_ID_PATTERN } from './constants.ts'
import type { IncomingHttpHeaders } from 'node:http'

/** Where a request has been: the chain of node IDs and the hop count */
export interface HopTrail {
  via: string[]
  hops: number
}

/** node:http joins repeated unknown headers with `, `; an array is joined the same way */
function headerText (headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Reads the hop headers of an inbound request. Absent headers mean a first hop. A malformed
 * header is refused (400) rather than ignored, because ignoring it would let a loop go on;
 * the value is never quoted back. The hop count is at least the chain's length.
 */
export function readHopTrail (headers: IncomingHttpHeaders): HopTrail {
  const viaText = headerText(headers, COMPOSITE_VIA_HEADER)?.trim()
  const hopsText = headerText(headers, COMPOSITE_HOPS_HEADER)?.trim()
  if (viaText === undefined && hopsText === undefined) {
    return { via: [], hops: 0 } // a first hop (most requests)
  }
  const via = viaText === undefined || viaText === '' ? [] : viaText.split(',').map((id) => id.trim())
  if (!via.every((id) => NODE_ID_PATTERN.test(id))) {
    throw new InvalidRequestError('invalid X-Composite-Via header: expected comma-separated composite node IDs')
  }
  if (hopsText !== undefined && !/^\d{1,6}$/.test(hopsText)) {
    throw new InvalidRequestError('invalid X-Composite-Hops header: expected a non-negative integer')
  }
  const hops = hopsText === undefined ? 0 : Number(hopsText)
  return { via, hops: Math.max(hops, via.length) }
}
