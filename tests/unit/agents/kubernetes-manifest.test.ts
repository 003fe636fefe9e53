// The Kubernetes launcher's objects against the Kubernetes API schema of the pinned release (the
// client's generated models, OpenAPI release-1.36): every field known and of its type, every
// required field present, and the wire form the client's ObjectSerializer sends equal to it. No
// Kubernetes API server can be started on this machine, so the calls themselves are not exercised.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { describe, expect, it } from 'vitest';
import { agentsSpecSchema } from '../../../shared/contract/agents';
import { agentCommand } from '../../../main/cli/commands/agent';
import { listenForAgents } from '../../../main/core/agents/listener';
import {
  agentJob,
  agentSecret,
  KUBERNETES_API_RELEASE,
} from '../../../main/core/agents/launchers/kubernetes-manifest';
import { runInProcess } from '../../support/in-process-cli';

const models = join(
  dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')),
  'gen',
  'models',
);
type Attr = { name: string; baseName: string; type: string };
const modelClass = (type: string) =>
  (k8s as unknown as Record<string, { attributeTypeMap?: Attr[] } | undefined>)[type];

/** Fields the generated model declares without `?`: the schema's required ones. */
function requiredOf(type: string): string[] {
  const dts = readFileSync(join(models, `${type}.d.ts`), 'utf8');
  return [...dts.matchAll(/^\s+'(\w+)': /gm)].map((m) => m[1]!);
}

/** Every problem of `value` against the model `type`, as `path: what`. */
function problems(value: unknown, type: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(type);
  if (list)
    return Array.isArray(value)
      ? value.flatMap((v, i) => problems(v, list[1]!, `${path}[${i}]`))
      : [`${path}: not an array`];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map)
    return typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => problems(v, map[1]!, `${path}.${k}`))
      : [`${path}: not a map`];
  if (['string', 'number', 'boolean'].includes(type))
    return typeof value === type ? [] : [`${path}: not a ${type}`];
  if (type === 'IntOrString') return ['string', 'number'].includes(typeof value) ? [] : [path];
  const cls = modelClass(type);
  if (!cls?.attributeTypeMap) return [`${path}: unknown type ${type}`];
  if (typeof value !== 'object' || value === null) return [`${path}: not an object`];
  const attrs = new Map(cls.attributeTypeMap.map((a) => [a.name, a]));
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const a = attrs.get(k);
    if (!a) out.push(`${path}.${k}: not a field of ${type}`);
    else out.push(...problems(v, a.type, `${path}.${k}`));
  }
  for (const r of requiredOf(type))
    if (!(r in value)) out.push(`${path}.${r}: required by ${type}`);
  return out;
}

const spec = agentsSpecSchema.parse({
  launcher: 'kubernetes',
  count: 4,
  listen_host: '0.0.0.0',
  listen_port: 7700,
  coordinator_url: 'ws://benchphant.example:7700/agents',
  kubernetes: {
    image: 'registry.example/benchphant-agent:0.1.0',
    namespace: 'load',
    requests: { cpu: '2', memory: '1Gi' },
    limits: { cpu: '2', memory: '2Gi' },
    node_selector: { 'node-role.example/load': 'true' },
  },
});
const input = {
  runId: '2f0c5c1e-9d7e-4a8b-a0a1-6c7d8e9f0a1b',
  count: 4,
  url: spec.coordinator_url!,
  token: 'tok',
  k8s: spec.kubernetes!,
};

describe(`the agent Job for Kubernetes ${KUBERNETES_API_RELEASE}`, () => {
  it('the client models are the pinned release', () => {
    const header = readFileSync(join(models, 'V1Job.js'), 'utf8');
    expect(header).toContain(`OpenAPI spec version: release-${KUBERNETES_API_RELEASE}`);
  });

  it('is a valid batch/v1 Job: known fields of the right types, required ones present', () => {
    const job = agentJob(input);
    expect(problems(job, 'V1Job', 'job')).toEqual([]);
    // What the client puts on the wire is the object itself: nothing unknown was dropped.
    expect(ObjectSerializer.serialize(job, 'V1Job', '')).toEqual(job);
  });

  it('the checker catches a misspelt field and a missing required one', () => {
    const job = agentJob(input);
    const bad = structuredClone(job) as unknown as {
      spec: { completionmode?: string; template: { spec: { containers: { name?: string }[] } } };
    };
    bad.spec.completionmode = 'Indexed';
    delete bad.spec.template.spec.containers[0]!.name;
    expect(problems(bad, 'V1Job', 'job').sort()).toEqual([
      'job.spec.completionmode: not a field of V1JobSpec',
      'job.spec.template.spec.containers[0].name: required by V1Container',
    ]);
  });

  it('runs N indexed pods at once with the image, resources and node selector asked for', () => {
    const job = agentJob(input);
    expect(job.spec?.completionMode).toBe('Indexed');
    expect(job.spec?.parallelism).toBe(4);
    expect(job.spec?.completions).toBe(4);
    const pod = job.spec!.template.spec!;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.nodeSelector).toEqual({ 'node-role.example/load': 'true' });
    const c = pod.containers[0]!;
    expect(c.image).toBe('registry.example/benchphant-agent:0.1.0');
    expect(c.resources).toEqual({
      requests: { cpu: '2', memory: '1Gi' },
      limits: { cpu: '2', memory: '2Gi' },
    });
    // The token is read from the Secret, never written into the Job.
    expect(JSON.stringify(job)).not.toContain('tok"');
    const env = c.env![0]!;
    expect(env.valueFrom?.secretKeyRef?.name).toBe(agentSecret(input).metadata!.name);
  });

  it('the Secret holding the token is valid too', () => {
    const secret = agentSecret(input);
    expect(problems(secret, 'V1Secret', 'secret')).toEqual([]);
    expect(secret.stringData).toEqual({ token: 'tok' });
  });

  it("the pod's command line makes it shard JOB_COMPLETION_INDEX of N", async () => {
    const seen: number[] = [];
    const listener = await listenForAgents({
      host: '127.0.0.1',
      port: 0,
      runId: input.runId,
      token: 'tok',
      count: 4,
      open: () => true,
      accept: (shard, ws) => {
        seen.push(shard);
        ws.close();
        return true;
      },
    });
    try {
      const args = agentJob({ ...input, url: listener.url }).spec!.template.spec!.containers[0]!
        .args!;
      const r = await runInProcess(agentCommand, args, {
        JOB_COMPLETION_INDEX: '2',
        BENCHPHANT_AGENT_TOKEN: 'tok',
      });
      expect(r.code).toBe(1);
      expect(seen).toEqual([2]);
    } finally {
      await listener.close();
    }
  });
});
