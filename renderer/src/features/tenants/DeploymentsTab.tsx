// Runs in the renderer. Deployments: the start form and the job history on one side; the open
// job on the other, with a progress bar that moves with deployments.progressed events, each
// tenant's outcome, and Retry for the failed ones.
import { useState } from 'react';
import { useStore } from 'zustand';
import {
  ACTIVE_JOB_STATUSES,
  type JobDetail,
  type JobTenantStatus,
} from '../../../../shared/contract/tenants';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { TenantsStore } from '../../stores/tenants-store';
import { retryWords } from './confirm-words';
import { StartDeploymentForm } from './StartDeploymentForm';
import { StatusBadge } from './StatusBadge';
import { TabLayout } from './TabLayout';
import { jobFraction, jobProgressText, jobTone, shortWhen } from './tenant-view';
import { useAction } from './useAction';
import { uiText } from '../../api/error-words';

/** The outcomes a retry runs again (the core's rule). */
const RETRYABLE: readonly JobTenantStatus[] = ['failed', 'drifted', 'skipped', 'interrupted'];

function JobView({ store, job }: { store: TenantsStore; job: JobDetail }) {
  const retryJob = useStore(store, (s) => s.retryJob);
  const [retry, retryState] = useAction(retryJob);
  const active = ACTIVE_JOB_STATUSES.includes(job.status);
  const again = job.tenants.filter((t) => RETRYABLE.includes(t.status)).length;
  const retryable = again > 0;
  const [asking, setAsking] = useState(false);
  return (
    <section
      className="tn-card"
      aria-labelledby="tn-job-title"
      data-testid="job-view"
      data-status={job.status}
    >
      <div className="tn-card-head">
        <div>
          <h2 id="tn-job-title">
            {job.blueprint_id} {job.version}{' '}
            <StatusBadge status={job.status} tone={jobTone(job.status)} testId="job-status" />
          </h2>
          <p className="tn-meta">
            Started {shortWhen(job.started_at)} · {job.parallelism} at a time · on failure{' '}
            {job.error_policy === 'halt' ? `halt after ${job.max_failures}` : 'continue'}
          </p>
        </div>
        {!active && retryable && (
          <button
            type="button"
            className="btn"
            disabled={retryState.busy}
            onClick={() => setAsking(true)}
          >
            Retry failed
          </button>
        )}
      </div>
      <div className="tn-progress">
        <progress max={1} value={jobFraction(job)} aria-label="Deployment progress" />
        <span data-testid="job-progress">
          {job.progress_display} · {jobProgressText(job)}
        </span>
      </div>
      {job.message && (
        <p className={`notice ${job.status === 'completed' ? '' : 'notice-warning'}`} role="status">
          {uiText(job.message)}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          {...retryWords(job.blueprint_id, job.version, again)}
          confirmLabel="Retry failed"
          tone="primary"
          onConfirm={async () => void retry(job.job_id)}
          onClose={() => setAsking(false)}
        />
      )}
      {retryState.error && (
        <p className="notice notice-error" role="alert">
          {retryState.error}
        </p>
      )}
      <div className="tn-table-wrap">
        <table className="tn-table" aria-label="Tenant outcomes">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="tn-nowrap">
                From → to
              </th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {job.tenants.map((t) => (
              <tr key={t.tenant_id} data-tenant={t.tenant_id}>
                <th scope="row" className="mono">
                  {t.tenant_id}
                  {t.canary && <span className="tn-badge"> canary</span>}
                </th>
                <td>
                  <StatusBadge status={t.status} tone={jobTone(t.status)} />
                </td>
                <td className="mono tn-nowrap">
                  {t.from_version ?? '—'} → {t.to_version}
                </td>
                <td>{t.error && <span className="field-error">{uiText(t.error)}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function History({ store }: { store: TenantsStore }) {
  const jobs = useStore(store, (s) => s.jobs);
  const openId = useStore(store, (s) => s.openJob?.job_id);
  const open = useStore(store, (s) => s.openJobById);
  if (jobs.length === 0) return <p className="tn-empty">No deployments yet.</p>;
  return (
    <ul className="pick-list tn-list" aria-labelledby="tn-jobs-title">
      {jobs.map((j) => (
        <li key={j.job_id} aria-current={j.job_id === openId ? 'true' : undefined}>
          <button
            type="button"
            className="pick-list-open"
            aria-label={`${j.blueprint_id} ${j.version}, ${j.status}, ${shortWhen(j.started_at)}`}
            onClick={() => void open(j.job_id)}
          >
            <span className="pick-list-title">
              <span>
                {j.blueprint_id} {j.version}
              </span>
              <StatusBadge status={j.status} tone={jobTone(j.status)} />
            </span>
            <span className="pick-list-meta">
              {jobProgressText(j)} · {shortWhen(j.started_at)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function DeploymentsTab({ store }: { store: TenantsStore }) {
  const job = useStore(store, (s) => s.openJob);
  const error = useStore(store, (s) => s.jobError);
  return (
    <TabLayout
      side={
        <div className="tn-stack">
          <section className="tn-card" aria-labelledby="tn-dep-new-title">
            <h2 id="tn-dep-new-title">New deployment</h2>
            <StartDeploymentForm store={store} />
          </section>
          <section className="tn-card" aria-labelledby="tn-jobs-title">
            <h2 id="tn-jobs-title">History</h2>
            <History store={store} />
          </section>
        </div>
      }
      error={error}
      view={job && <JobView store={store} job={job} />}
      empty="Start a deployment or open one from the history."
    />
  );
}
