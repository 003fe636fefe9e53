// The Kubernetes launcher's calls, made by @kubernetes/client-node against a stand-in for the API
// server on loopback that records each request (no real API server can run on this machine): the
// Secret then the Job are created in the namespace, failed pods are reported with their shard and
// their logs read, and stop() deletes the Job with its pods and the Secret.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentsSpecSchema } from '../../../shared/contract/agents';
import { KubernetesLauncher } from '../../../main/core/agents/launchers/kubernetes';
import { jobName } from '../../../main/core/agents/launchers/kubernetes-manifest';
import { silentLogger } from '../../../main/core/logging/logger';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}
const calls: Call[] = [];
const RUN = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const NAME = jobName(RUN);
let server: Server;
let port = 0;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const text = await readBody(req);
      calls.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: text ? (JSON.parse(text) as unknown) : null,
      });
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method === 'POST') return json(201, JSON.parse(text));
      if (req.method === 'DELETE') return json(200, { kind: 'Status', status: 'Success' });
      if (url.pathname.endsWith('/log')) {
        res
          .writeHead(200, { 'Content-Type': 'text/plain' })
          .end('error: cannot reach the coordinator\n');
        return;
      }
      if (url.pathname === '/api/v1/namespaces/load/pods')
        return json(200, {
          kind: 'PodList',
          apiVersion: 'v1',
          items: [
            {
              metadata: {
                name: `${NAME}-2-abcde`,
                annotations: { 'batch.kubernetes.io/job-completion-index': '2' },
              },
              status: { phase: 'Failed', reason: 'Error' },
            },
            { metadata: { name: `${NAME}-0-fghij` }, status: { phase: 'Running' } },
          ],
        });
      json(404, { kind: 'Status', status: 'Failure', code: 404 });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function stubConfig(context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'stub', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'me', token: 'kube-token' }],
    contexts: [{ name: 'stub-context', cluster: 'stub', user: 'me' }],
    currentContext: 'other',
  });
  if (context) kc.setCurrentContext(context);
  return kc;
}

describe('the kubernetes launcher', () => {
  it('creates the Secret and the Job, reports a failed pod with its logs, and deletes both', async () => {
    const spec = agentsSpecSchema.parse({
      launcher: 'kubernetes',
      count: 3,
      coordinator_url: 'ws://coordinator.example:7700/agents',
      kubernetes: { image: 'registry.example/agent:1', namespace: 'load', context: 'stub-context' },
    });
    const exits: [number | null, string][] = [];
    const launcher = new KubernetesLauncher(silentLogger, stubConfig, 50);
    const launched = await launcher.launch({
      runId: RUN,
      count: 3,
      url: spec.coordinator_url!,
      local: { host: '127.0.0.1', port: 7700 },
      token: 'agent-token',
      spec,
      exited: (shard, message) => exits.push([shard, message]),
    });
    expect(calls.slice(0, 2).map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/namespaces/load/secrets',
      'POST /apis/batch/v1/namespaces/load/jobs',
    ]);
    const job = calls[1]!.body as {
      kind: string;
      metadata: { name: string };
      spec: { completionMode: string; parallelism: number };
    };
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toBe(NAME);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', parallelism: 3 });
    expect((calls[0]!.body as { stringData: { token: string } }).stringData.token).toBe(
      'agent-token',
    );

    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (exits.length > 0) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(exits[0]).toEqual([2, `agent pod ${NAME}-2-abcde failed: Error`]);
    const list = calls.find((c) => c.path === '/api/v1/namespaces/load/pods')!;
    expect(list.query.get('labelSelector')).toBe(`job-name=${NAME}`);

    const logs = await launched.failureLogs();
    expect(logs).toContain(`--- ${NAME}-2-abcde`);
    expect(logs).toContain('cannot reach the coordinator');
    const logCall = calls.find((c) => c.path.endsWith('/log'))!;
    expect(logCall.path).toBe(`/api/v1/namespaces/load/pods/${NAME}-2-abcde/log`);
    expect(logCall.query.get('container')).toBe('agent');

    await launched.stop();
    const deletes = calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => c.path)).toEqual([
      `/apis/batch/v1/namespaces/load/jobs/${NAME}`,
      `/api/v1/namespaces/load/secrets/${NAME}`,
    ]);
    expect(deletes[0]!.query.get('propagationPolicy')).toBe('Background');
  });
});
