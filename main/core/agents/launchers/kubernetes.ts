// Runs in the coordinator. The `kubernetes` launcher: creates the run's Indexed Job and token
// Secret through the Kubernetes API with the user's kubeconfig (and context), watches its pods for
// failures, and deletes both at the end. Kubernetes places and restarts the pods; we never schedule.
import { BatchV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../logging/logger';
import { agentJob, agentSecret, AGENT_CONTAINER, jobName } from './kubernetes-manifest';
import type { AgentLauncher, LaunchedAgents, LaunchRequest } from './launcher';

const WATCH_EVERY_MS = 5000;
const LOG_LINES = 20;

/** The user's kubeconfig ($KUBECONFIG, ~/.kube/config or the in-cluster account), in `context`. */
export function userKubeConfig(context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  if (context) kc.setCurrentContext(context);
  return kc;
}

const podIndex = (p: V1Pod): number | null => {
  const v = p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'];
  return v === undefined ? null : Number(v);
};

export class KubernetesLauncher implements AgentLauncher {
  constructor(
    private readonly logger: Logger,
    private readonly config: (context: string | undefined) => KubeConfig = userKubeConfig,
    private readonly watchEveryMs = WATCH_EVERY_MS,
  ) {}

  async launch(r: LaunchRequest): Promise<LaunchedAgents> {
    const k8s = r.spec.kubernetes;
    if (!k8s) throw new Error('the kubernetes launcher needs agents.kubernetes');
    const kc = this.config(k8s.context);
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const input = { runId: r.runId, count: r.count, url: r.url, token: r.token, k8s };
    const namespace = k8s.namespace;
    const name = jobName(r.runId);
    await core.createNamespacedSecret({ namespace, body: agentSecret(input) });
    try {
      await batch.createNamespacedJob({ namespace, body: agentJob(input) });
    } catch (err) {
      await core.deleteNamespacedSecret({ name, namespace }).catch(() => undefined);
      throw err;
    }
    this.logger.info(`created Job ${namespace}/${name} with ${r.count} agent pods`);
    const selector = `job-name=${name}`;
    const failedPods = async (): Promise<V1Pod[]> => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: selector });
      return pods.items.filter((p) => p.status?.phase === 'Failed');
    };
    const reported = new Set<string>();
    const watch = setInterval(() => {
      failedPods()
        .then((pods) => {
          for (const p of pods) {
            const pod = p.metadata?.name ?? '?';
            if (reported.has(pod)) continue;
            reported.add(pod);
            const why = p.status?.reason ?? p.status?.message ?? 'failed';
            r.exited(podIndex(p), `agent pod ${pod} failed: ${why}`);
          }
        })
        .catch((err: unknown) => this.logger.warn(`watching Job ${name}: ${String(err)}`));
    }, this.watchEveryMs);
    let stopped = false;
    return {
      stop: async () => {
        clearInterval(watch);
        if (stopped) return;
        stopped = true;
        await batch
          .deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' })
          .catch((err: unknown) => this.logger.warn(`deleting Job ${name}: ${String(err)}`));
        await core
          .deleteNamespacedSecret({ name, namespace })
          .catch((err: unknown) => this.logger.warn(`deleting Secret ${name}: ${String(err)}`));
      },
      failureLogs: async () => {
        const pods = await failedPods();
        const logs = await Promise.all(
          pods.map(async (p) => {
            const pod = p.metadata?.name ?? '';
            const text = await core
              .readNamespacedPodLog({
                name: pod,
                namespace,
                container: AGENT_CONTAINER,
                tailLines: LOG_LINES,
              })
              .catch(() => '(no log)');
            return `--- ${pod}\n${text.trim()}`;
          }),
        );
        return logs.length > 0 ? logs.join('\n') : null;
      },
    };
  }
}
