#!/usr/bin/env node
// A committed launcher, so package managers can link the `composite-ipfs` bin before the
// build has produced dist/ (pnpm skips bins whose file is missing at install time).
try {
  await import('../dist/bin.js')
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin.js')) {
    process.stderr.write('composite-ipfs is not built yet: run `node scripts/setup.mjs` (or `pnpm run build`) in the repository first.\n')
    process.exit(1)
  }
  throw err
}
