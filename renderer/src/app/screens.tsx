// Runs in the renderer. The screen registry: adding a screen is one folder under features/ and
// one entry here; the sidebar and the router read nothing else.
import { type ComponentType, lazy, type ReactNode } from 'react';
import { ConnectionsScreen } from '../features/connections/ConnectionsScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import {
  BoltIcon,
  ChartIcon,
  ClockIcon,
  DatabaseIcon,
  PulseIcon,
  SettingsIcon,
  TenantsIcon,
} from './icons';

export interface Screen {
  /** The URL fragment (#/<id>); stable, lower-case. */
  id: string;
  label: string;
  icon?: ReactNode;
  component: ComponentType;
}

export const screens: readonly Screen[] = [
  { id: 'connections', label: 'Connections', icon: <DatabaseIcon />, component: ConnectionsScreen },
  {
    id: 'benchmarks',
    label: 'Benchmarks',
    icon: <BoltIcon />,
    // Lazy for the same reason as the Monitor: its live charts.
    component: lazy(() =>
      import('../features/benchmarks/BenchmarksRoute').then((m) => ({
        default: m.BenchmarksRoute,
      })),
    ),
  },
  {
    id: 'results',
    label: 'Results',
    icon: <ChartIcon />,
    // Lazy like the Benchmarks: its comparison charts.
    component: lazy(() =>
      import('../features/results/ResultsRoute').then((m) => ({ default: m.ResultsRoute })),
    ),
  },
  {
    id: 'monitor',
    label: 'Monitor',
    icon: <PulseIcon />,
    // Lazy: the charting library is most of its weight and loads only when the screen opens.
    component: lazy(() =>
      import('../features/monitor/MonitorScreen').then((m) => ({ default: m.MonitorScreen })),
    ),
  },
  {
    id: 'tenants',
    label: 'Tenants',
    icon: <TenantsIcon />,
    // Lazy like the others: five views that load only when the screen opens.
    component: lazy(() =>
      import('../features/tenants/TenantsRoute').then((m) => ({ default: m.TenantsRoute })),
    ),
  },
  {
    id: 'schedules',
    label: 'Schedules',
    icon: <ClockIcon />,
    component: lazy(() =>
      import('../features/schedules/SchedulesScreen').then((m) => ({
        default: m.SchedulesScreen,
      })),
    ),
  },
  { id: 'settings', label: 'Settings', icon: <SettingsIcon />, component: SettingsScreen },
];

export const DEFAULT_SCREEN = 'connections';
