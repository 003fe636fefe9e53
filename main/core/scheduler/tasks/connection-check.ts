// Runs in the main process, server and CLI. `connection_check`: tests the task's connection and
// records its round trip and server version; an unreachable server fails the execution.
import type { TestResult } from '../../../../shared/model/connection';
import { connectionCheckTaskParamsSchema } from '../../../../shared/contract/scheduler';
import type { TaskRunner } from './task-runner';

export const connectionCheckRunner = (
  test: (connectionId: string) => Promise<TestResult>,
): TaskRunner => ({
  validate: (params) => void connectionCheckTaskParamsSchema.parse(params),
  async run(task) {
    const r = await test(task.connection_id);
    const output = {
      success: r.success,
      code: r.code ?? null,
      server_version: r.server_version ?? null,
      rtt_ms: r.rtt_ms ?? null,
      connect_ms: r.connect_ms ?? null,
    };
    if (!r.success) return { status: 'failed', summary: r.message, output };
    const rtt = r.rtt_ms === undefined ? '' : `, round trip ${r.rtt_ms.toFixed(2)} ms`;
    return {
      status: 'succeeded',
      summary: `Reachable: ${r.server_version ?? 'server'}${rtt}.`,
      output,
    };
  },
});
