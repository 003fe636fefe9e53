// Runs in the coordinator (and unit tests). The Kubernetes objects of one distributed run, as the
// API's typed models: an Indexed Job whose pod k is shard k (JOB_COMPLETION_INDEX), and the Secret
// holding the run's agent token. Pure: it builds objects, it never calls a cluster.
import type { V1Job, V1Secret } from '@kubernetes/client-node';
import type { KubernetesSpec } from '../../../../shared/contract/agents';

/** The Kubernetes API version these objects are written for (the client's generated models). */
export const KUBERNETES_API_RELEASE = '1.36';
export const AGENT_CONTAINER = 'agent';
export const TOKEN_KEY = 'token';
/** Finished Jobs that a crashed coordinator could not delete go away on their own after this. */
const TTL_AFTER_FINISHED_S = 3600;

export interface AgentJobInput {
  runId: string;
  count: number;
  url: string;
  token: string;
  k8s: KubernetesSpec;
}

/** A DNS-1123 name unique to the run (Job names must stay short: pods append an index and a hash). */
export const jobName = (runId: string): string =>
  `benchphant-agents-${runId.replace(/[^a-z0-9]/g, '').slice(0, 12)}`;

export function runLabels(runId: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'benchphant-agent',
    'app.kubernetes.io/managed-by': 'benchphant',
    'benchphant.io/run': runId.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 63),
  };
}

export function agentSecret(i: AgentJobInput): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: jobName(i.runId), namespace: i.k8s.namespace, labels: runLabels(i.runId) },
    type: 'Opaque',
    stringData: { [TOKEN_KEY]: i.token },
  };
}

export function agentJob(i: AgentJobInput): V1Job {
  const name = jobName(i.runId);
  const labels = runLabels(i.runId);
  const resources = {
    ...(i.k8s.requests ? { requests: i.k8s.requests } : {}),
    ...(i.k8s.limits ? { limits: i.k8s.limits } : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: i.k8s.namespace, labels },
    spec: {
      completionMode: 'Indexed',
      completions: i.count,
      parallelism: i.count,
      // A pod that fails before the start is replaced and may still join; after the start its
      // shard is lost and a replacement is refused, so retries are few.
      backoffLimitPerIndex: 1,
      ttlSecondsAfterFinished: TTL_AFTER_FINISHED_S,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(i.k8s.node_selector ? { nodeSelector: i.k8s.node_selector } : {}),
          containers: [
            {
              name: AGENT_CONTAINER,
              image: i.k8s.image,
              // The image's entrypoint is the CLI; the shard index comes from JOB_COMPLETION_INDEX.
              args: ['agent', '--coordinator', i.url, '--run', i.runId, '--shards', `${i.count}`],
              env: [
                {
                  name: 'BENCHPHANT_AGENT_TOKEN',
                  valueFrom: { secretKeyRef: { name, key: TOKEN_KEY } },
                },
              ],
              ...(Object.keys(resources).length > 0 ? { resources } : {}),
            },
          ],
        },
      },
    },
  };
}
