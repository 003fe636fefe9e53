// Runs in the renderer. When an account or a key was made or last used, in local time with the zone.
import { dateTime } from '../../components/figure-format';

export const when = (iso: string | null | undefined) => (iso ? dateTime(iso) : 'never');
