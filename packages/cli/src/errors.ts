/** Thrown for a bad command line or config file; the CLI prints the message and exits 2 */
export { InvalidConfigError } from '@composite-ipfs/interface'
