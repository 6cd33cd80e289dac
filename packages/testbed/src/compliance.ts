/**
 * @packageDocumentation
 *
 * The Backend compliance suite (`@composite-ipfs/testbed/compliance`): the contract every
 * connector keeps, run by each of them on real daemons. Needs vitest.
 */
export { backendTests } from './compliance/backend-tests.ts'
export type { BackendFixture, BackendTestsInit } from './compliance/backend-tests.ts'
