// Runs in the main process, server and CLI. Schema migration 3: host metrics history.
// Frozen once shipped, like every migration: later changes go into a new, higher-numbered one.
import type { Migration } from '../store/migrations';

// Raw samples and the two rollups keep one INTEGER column per figure (see ./figures.ts for the
// scales); a rollup keeps min, max and sum per figure, plus its own count for nullable figures.
// Spelled out rather than generated from figures.ts, so that the migration stays frozen.
const ROLLUP_COLUMNS = `        ts INTEGER PRIMARY KEY,
        n  INTEGER NOT NULL,
        cpu_usage_percent_min INTEGER, cpu_usage_percent_max INTEGER, cpu_usage_percent_sum INTEGER,
        cpu_user_min INTEGER, cpu_user_max INTEGER, cpu_user_sum INTEGER,
        cpu_system_min INTEGER, cpu_system_max INTEGER, cpu_system_sum INTEGER,
        cpu_idle_min INTEGER, cpu_idle_max INTEGER, cpu_idle_sum INTEGER,
        cpu_iowait_min INTEGER, cpu_iowait_max INTEGER, cpu_iowait_sum INTEGER,
        cpu_frequency_mhz_min INTEGER, cpu_frequency_mhz_max INTEGER, cpu_frequency_mhz_sum INTEGER, cpu_frequency_mhz_n INTEGER NOT NULL DEFAULT 0,
        cpu_temperature_celsius_min INTEGER, cpu_temperature_celsius_max INTEGER, cpu_temperature_celsius_sum INTEGER, cpu_temperature_celsius_n INTEGER NOT NULL DEFAULT 0,
        cpu_interrupts_per_sec_min INTEGER, cpu_interrupts_per_sec_max INTEGER, cpu_interrupts_per_sec_sum INTEGER,
        mem_usage_percent_min INTEGER, mem_usage_percent_max INTEGER, mem_usage_percent_sum INTEGER,
        mem_used_bytes_min INTEGER, mem_used_bytes_max INTEGER, mem_used_bytes_sum INTEGER,
        mem_available_bytes_min INTEGER, mem_available_bytes_max INTEGER, mem_available_bytes_sum INTEGER,
        mem_cached_bytes_min INTEGER, mem_cached_bytes_max INTEGER, mem_cached_bytes_sum INTEGER,
        mem_buffers_bytes_min INTEGER, mem_buffers_bytes_max INTEGER, mem_buffers_bytes_sum INTEGER,
        mem_swap_used_bytes_min INTEGER, mem_swap_used_bytes_max INTEGER, mem_swap_used_bytes_sum INTEGER,
        mem_hugepages_free_min INTEGER, mem_hugepages_free_max INTEGER, mem_hugepages_free_sum INTEGER,
        net_bytes_sent_per_sec_min INTEGER, net_bytes_sent_per_sec_max INTEGER, net_bytes_sent_per_sec_sum INTEGER,
        net_bytes_recv_per_sec_min INTEGER, net_bytes_recv_per_sec_max INTEGER, net_bytes_recv_per_sec_sum INTEGER,
        net_packets_sent_per_sec_min INTEGER, net_packets_sent_per_sec_max INTEGER, net_packets_sent_per_sec_sum INTEGER,
        net_packets_recv_per_sec_min INTEGER, net_packets_recv_per_sec_max INTEGER, net_packets_recv_per_sec_sum INTEGER,
        net_established_min INTEGER, net_established_max INTEGER, net_established_sum INTEGER,
        net_time_wait_min INTEGER, net_time_wait_max INTEGER, net_time_wait_sum INTEGER,
        net_listen_min INTEGER, net_listen_max INTEGER, net_listen_sum INTEGER,
        disk_read_bytes_per_sec_min INTEGER, disk_read_bytes_per_sec_max INTEGER, disk_read_bytes_per_sec_sum INTEGER,
        disk_write_bytes_per_sec_min INTEGER, disk_write_bytes_per_sec_max INTEGER, disk_write_bytes_per_sec_sum INTEGER,
        disk_read_iops_min INTEGER, disk_read_iops_max INTEGER, disk_read_iops_sum INTEGER,
        disk_write_iops_min INTEGER, disk_write_iops_max INTEGER, disk_write_iops_sum INTEGER,
        disk_read_latency_ms_min INTEGER, disk_read_latency_ms_max INTEGER, disk_read_latency_ms_sum INTEGER,
        disk_write_latency_ms_min INTEGER, disk_write_latency_ms_max INTEGER, disk_write_latency_ms_sum INTEGER,
        disk_max_partition_usage_percent_min INTEGER, disk_max_partition_usage_percent_max INTEGER, disk_max_partition_usage_percent_sum INTEGER, disk_max_partition_usage_percent_n INTEGER NOT NULL DEFAULT 0,
        perf_ipc_min INTEGER, perf_ipc_max INTEGER, perf_ipc_sum INTEGER, perf_ipc_n INTEGER NOT NULL DEFAULT 0,
        perf_cycles_min INTEGER, perf_cycles_max INTEGER, perf_cycles_sum INTEGER, perf_cycles_n INTEGER NOT NULL DEFAULT 0,
        perf_instructions_min INTEGER, perf_instructions_max INTEGER, perf_instructions_sum INTEGER, perf_instructions_n INTEGER NOT NULL DEFAULT 0,
        perf_l1i_cache_misses_min INTEGER, perf_l1i_cache_misses_max INTEGER, perf_l1i_cache_misses_sum INTEGER, perf_l1i_cache_misses_n INTEGER NOT NULL DEFAULT 0,
        perf_l1d_cache_misses_min INTEGER, perf_l1d_cache_misses_max INTEGER, perf_l1d_cache_misses_sum INTEGER, perf_l1d_cache_misses_n INTEGER NOT NULL DEFAULT 0,
        perf_l2_cache_misses_min INTEGER, perf_l2_cache_misses_max INTEGER, perf_l2_cache_misses_sum INTEGER, perf_l2_cache_misses_n INTEGER NOT NULL DEFAULT 0,
        perf_llc_misses_min INTEGER, perf_llc_misses_max INTEGER, perf_llc_misses_sum INTEGER, perf_llc_misses_n INTEGER NOT NULL DEFAULT 0,
        membw_read_mbps_min INTEGER, membw_read_mbps_max INTEGER, membw_read_mbps_sum INTEGER, membw_read_mbps_n INTEGER NOT NULL DEFAULT 0,
        membw_write_mbps_min INTEGER, membw_write_mbps_max INTEGER, membw_write_mbps_sum INTEGER, membw_write_mbps_n INTEGER NOT NULL DEFAULT 0
`;

export const metricsMigration: Migration = {
  version: 3,
  name: 'metrics history',
  sql: `
      CREATE TABLE metric_samples (
        ts INTEGER PRIMARY KEY,
        run_id TEXT,
        cpu_usage_percent INTEGER,
        cpu_user INTEGER,
        cpu_system INTEGER,
        cpu_idle INTEGER,
        cpu_iowait INTEGER,
        cpu_frequency_mhz INTEGER,
        cpu_temperature_celsius INTEGER,
        cpu_interrupts_per_sec INTEGER,
        mem_usage_percent INTEGER,
        mem_used_bytes INTEGER,
        mem_available_bytes INTEGER,
        mem_cached_bytes INTEGER,
        mem_buffers_bytes INTEGER,
        mem_swap_used_bytes INTEGER,
        mem_hugepages_free INTEGER,
        net_bytes_sent_per_sec INTEGER,
        net_bytes_recv_per_sec INTEGER,
        net_packets_sent_per_sec INTEGER,
        net_packets_recv_per_sec INTEGER,
        net_established INTEGER,
        net_time_wait INTEGER,
        net_listen INTEGER,
        disk_read_bytes_per_sec INTEGER,
        disk_write_bytes_per_sec INTEGER,
        disk_read_iops INTEGER,
        disk_write_iops INTEGER,
        disk_read_latency_ms INTEGER,
        disk_write_latency_ms INTEGER,
        disk_max_partition_usage_percent INTEGER,
        perf_ipc INTEGER,
        perf_cycles INTEGER,
        perf_instructions INTEGER,
        perf_l1i_cache_misses INTEGER,
        perf_l1d_cache_misses INTEGER,
        perf_l2_cache_misses INTEGER,
        perf_llc_misses INTEGER,
        membw_read_mbps INTEGER,
        membw_write_mbps INTEGER
      );
      CREATE INDEX metric_samples_run ON metric_samples (run_id, ts) WHERE run_id IS NOT NULL;
      CREATE TABLE metric_rollup_1m (
${ROLLUP_COLUMNS}      );
      CREATE TABLE metric_rollup_1h (
${ROLLUP_COLUMNS}      );
  `,
};
