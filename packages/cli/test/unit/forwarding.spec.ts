import { describe, expect, it } from 'vitest'
import { parseServeArgs, resolveConfig, validateConfig } from '../../src/index.ts'

describe('forwarding settings (--forward-admin, --cluster-passthrough)', () => {
  const resolve = async (argv: string[]): ReturnType<typeof resolveConfig> => await resolveConfig({}, parseServeArgs(argv).flags, {})

  it('refuses every admin command by default, and takes comma-separated or repeated lists', async () => {
    expect(await resolve(['--kubo', 'http://k'])).toMatchObject({ forwardAdmin: [], passthroughAllow: [] })
    expect(await resolve(['--kubo', 'http://k', '--forward-admin', 'config,log', '--forward-admin', 'key'])).toMatchObject({ forwardAdmin: ['config', 'log', 'key'] })
    expect((await resolve(['--kubo', 'http://k', '--forward-admin', 'all'])).forwardAdmin).toBe(true)
  })

  it('adds the forwarded admin commands to a cluster backend\'s passthrough allow-list', async () => {
    expect(await resolve(['--cluster', 'http://c', '--cluster-passthrough', 'files,stats/bw', '--forward-admin', 'log'])).toMatchObject({ forwardAdmin: ['log'], passthroughAllow: ['files', 'stats/bw', 'log'] })
  })

  it('names the flag, the value and the accepted forms', async () => {
    await expect(resolve(['--kubo', 'http://k', '--forward-admin', 'confg'])).rejects.toThrow('--forward-admin "confg" is not an admin command; accepted: all, or a comma-separated list of config, log, diag, key, repo, bootstrap, swarm/filters, swarm/peering, p2p, mount, update, files/chroot, provide/clear, pubsub/reset')
    await expect(resolve(['--kubo', 'http://k', '--forward-admin', 'shutdown'])).rejects.toThrow('--forward-admin shutdown: shutdown is never forwarded')
    await expect(resolve(['--cluster', 'http://c', '--cluster-passthrough', 'files/../key'])).rejects.toThrow('--cluster-passthrough "files/../key" is not a command path; accepted: comma-separated Kubo command paths such as files or stats/bw')
    await expect(resolve(['--cluster', 'http://c', '--cluster-passthrough', 'pin/remote'])).rejects.toThrow(/pin commands go to the cluster/)
    await expect(resolve(['--kubo', 'http://k', '--cluster-passthrough', 'files'])).rejects.toThrow('--cluster-passthrough given without --cluster')
  })

  it('is also read from a config file, as lists of strings', () => {
    expect(validateConfig({ forwardAdmin: ['config'], clusterPassthrough: ['files'] }, 'c.json')).toEqual({ forwardAdmin: ['config'], clusterPassthrough: ['files'] })
    expect(() => validateConfig({ forwardAdmin: 'config' }, 'c.json')).toThrow('c.json: "forwardAdmin" must be an array of strings')
  })
})
