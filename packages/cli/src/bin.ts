#!/usr/bin/env node
import { runCli } from './run-cli.ts'
import { keepYoungGenerationSmall } from './young-generation.ts'

keepYoungGenerationSmall()
process.exitCode = await runCli(process.argv.slice(2))
