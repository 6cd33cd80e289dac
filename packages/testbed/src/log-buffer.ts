/** Keeps the last `maxBytes` (roughly: counted in UTF-16 units) of a daemon's output */
export class LogBuffer {
  private text = ''
  private readonly maxBytes: number

  constructor (maxBytes: number) {
    this.maxBytes = maxBytes
  }

  append (line: string): void {
    this.text += line + '\n'
    // trim in batches, not on every line
    if (this.text.length > this.maxBytes * 2) this.text = this.text.slice(-this.maxBytes)
  }

  toString (): string {
    return this.text.length > this.maxBytes ? this.text.slice(-this.maxBytes) : this.text
  }
}
