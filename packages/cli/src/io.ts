/** Where the CLI writes; tests capture it, the bin writes to the process streams */
export interface CliIo {
  stdout(line: string): void
  stderr(line: string): void
}

export const processIo: CliIo = {
  stdout: (line) => { process.stdout.write(line + '\n') },
  stderr: (line) => { process.stderr.write(line + '\n') }
}
