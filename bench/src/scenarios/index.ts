import { add } from './add.ts'
import { addPaths } from './add-paths.ts'
import { cat } from './cat.ts'
import { listing } from './listing.ts'
import { pins } from './pins.ts'
import { repoStat } from './repo-stat.ts'
import { smallRpc } from './small-rpc.ts'
import type { Scenario } from './types.ts'

/** Every scenario, in the order they run (listing last: it fills the 1-peer cluster with many pins) */
export const SCENARIOS: Scenario[] = [smallRpc, add, addPaths, cat, pins, repoStat, listing]
