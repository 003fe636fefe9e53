// Runs in every process. Distributed runs: how a run asks for load agents (`agents` in runs.start)
// and the topology it records (which shard ran where, its clock, its health and throughput).
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { operation } from './define';

export const AGENT_LAUNCHERS = ['local', 'kubernetes', 'ssh'] as const;
export const AGENT_STATES = ['launching', 'connected', 'ready', 'running', 'done', 'lost'] as const;

const kubernetesSchema = z.object({
  /** The agent image (see docs/distributed.md for building it). */
  image: z.string().min(1).max(500),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace must be a DNS label')
    .max(63)
    .default('default'),
  /** The kubeconfig context to use; absent: the kubeconfig's current context. */
  context: z.string().max(253).optional(),
  /** Container resources, as Kubernetes quantities (`cpu: "2"`, `memory: "1Gi"`). */
  requests: z.record(z.string(), z.string()).optional(),
  limits: z.record(z.string(), z.string()).optional(),
  node_selector: z.record(z.string(), z.string()).optional(),
});

const sshSchema = z.object({
  /**
   * Saved connections whose SSH settings reach the load hosts (the connection's SSH tunnel host,
   * else its monitoring SSH host); agent k runs on hosts[k mod hosts.length].
   */
  hosts: z.array(idSchema).min(1).max(256),
  /** The remote command that runs Node.js 24 or later (a path when it is not on the PATH). */
  node: z.string().min(1).max(500).default('node'),
  /** Where the agent bundle is cached on the hosts, by hash; `~/` is the remote home. */
  cache_dir: z.string().min(1).max(500).default('~/.cache/benchphant'),
  /**
   * Agents dial the coordinator back through their SSH session (a remote port forward), so the
   * coordinator needs no open port and the agent traffic is encrypted. False: they dial
   * coordinator_url (or the listen address) directly.
   */
  reverse_tunnel: z.boolean().default(true),
});

export const agentsSpecSchema = z.object({
  /** Where the agents run: `local` processes, a Kubernetes Indexed Job, or hosts over SSH. */
  launcher: z.enum(AGENT_LAUNCHERS),
  /** Shards: client k runs on agent k mod count; the open-loop rate splits with the clients. */
  count: z.number().int().min(1).max(256),
  /** A lost agent: its shard is marked lost from that interval on, then the run goes on or fails. */
  on_agent_loss: z.enum(['continue', 'fail']).default('continue'),
  /** Address the coordinator listens on for agents (default 127.0.0.1; 0.0.0.0 for a cluster). */
  listen_host: z.string().max(255).default('127.0.0.1'),
  /** Port for agents; 0 picks a free one. */
  listen_port: z.number().int().min(0).max(65535).default(0),
  /** The URL agents dial when it differs from the listen address (a Service, a NAT). */
  coordinator_url: z
    .string()
    .regex(/^wss?:\/\//, 'coordinator_url must start with ws:// or wss://')
    .max(500)
    .optional(),
  /** How long to wait for every agent to connect and be ready, seconds. */
  connect_timeout_s: z.number().int().min(1).max(3600).default(120),
  /** An agent whose clock offset is known less precisely than this (half its best round trip) is refused, ms. */
  max_clock_error_ms: z.number().positive().max(10_000).default(50),
  kubernetes: kubernetesSchema.optional(),
  ssh: sshSchema.optional(),
});
export type AgentsSpec = z.infer<typeof agentsSpecSchema>;
export type KubernetesSpec = z.infer<typeof kubernetesSchema>;
export type SshAgentsSpec = z.infer<typeof sshSchema>;

const figuresSchema = z.object({
  index: z.number().int(),
  transactions: z.number().int(),
  queries: z.number().int(),
  qps: z.number(),
  tps: z.number(),
  errors: z.number().int(),
  /** This shard's own p99 latency in the interval, ms. */
  p99: z.number(),
});

export const runAgentSchema = z.object({
  shard: z.number().int(),
  state: z.enum(AGENT_STATES),
  host: z.string().nullable(),
  pid: z.number().int().nullable(),
  /** Coordinator clock minus the agent's, ms; interval times are corrected by it. */
  clock_offset_ms: z.number().nullable(),
  /** Half the best round trip of the clock exchange: how far the offset can be wrong, ms. */
  clock_error_ms: z.number().nullable(),
  clients: z.number().int(),
  /** First interval without this shard's figures (a lost agent). */
  lost_from_interval: z.number().int().nullable(),
  message: z.string().nullable(),
  transactions: z.number().int(),
  queries: z.number().int(),
  errors: z.number().int(),
  /** Per interval throughput of this shard, in order. */
  intervals: z.array(figuresSchema),
});
export type RunAgent = z.infer<typeof runAgentSchema>;

export const runTopologySchema = z.object({
  launcher: z.enum(AGENT_LAUNCHERS),
  count: z.number().int(),
  on_agent_loss: z.enum(['continue', 'fail']),
  agents: z.array(runAgentSchema),
});
export type RunTopology = z.infer<typeof runTopologySchema>;

/** One agent in a comparison or report: its host, health and share of the measured throughput. */
export const agentSummarySchema = z.object({
  shard: z.number().int(),
  host: z.string().nullable(),
  state: z.enum(AGENT_STATES),
  clients: z.number().int(),
  lost_from_interval: z.number().int().nullable(),
  /** Mean of its queries/s over the measured intervals it sent. */
  qps: z.number(),
  queries: z.number().int(),
  errors: z.number().int(),
});

/** A distributed run's topology as compare and the report show it; null for one machine. */
export const topologySummarySchema = z.object({
  launcher: z.enum(AGENT_LAUNCHERS),
  count: z.number().int(),
  on_agent_loss: z.enum(['continue', 'fail']),
  agents: z.array(agentSummarySchema),
});
export type TopologySummary = z.infer<typeof topologySummarySchema>;

export const agentOperations = {
  /** The agents of a distributed run, with their health and throughput; null for a one-machine run. */
  'runs.agents': operation({
    doc: 'Topology of a distributed run: each agent, its clock, health and throughput.',
    input: z.object({ id: idSchema }),
    output: runTopologySchema.nullable(),
    rest: { method: 'GET', path: '/api/v1/benchmarks/{id}/agents' },
  }),
};
